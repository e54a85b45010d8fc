package dev.bankfeed.normalize;

import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.model.RecordKind;

/**
 * A provider record that cannot become a canonical record: a required field is missing, a currency is
 * unknown, an amount is inexact or out of range, or two fields disagree. Names provider, record and field.
 */
public final class RecordRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    public RecordRejectedException(Rejection rejection) {
        super(rejection.describe());
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** A rejection of {@code field} of the record {@code recordId} (null when the record has no id). */
    public static RecordRejectedException of(Provider provider, RecordKind kind, String recordId, String field,
            String reason) {
        return new RecordRejectedException(new Rejection(provider, kind, recordId, field, reason, null));
    }
}
