package dev.bankfeed.model;


/**
 * Why one provider record was not normalized. {@code recordId} is the provider's id when the record has
 * one, else {@code "#<index>"} (its position in the page); {@code rawJson} is the record as received.
 */
public record Rejection(Provider provider, RecordKind kind, String recordId, String field, String reason,
        String rawJson) {

    /** The same rejection with the record's raw JSON (and a positional id if it had none). */
    public Rejection withRecord(String fallbackId, String raw) {
        return new Rejection(provider, kind, recordId == null ? fallbackId : recordId, field, reason, raw);
    }

    /** {@link #describe()} and the size of the raw record, never its content (it may hold account numbers). */
    @Override
    public String toString() {
        return "Rejection[" + describe() + ", rawJson=" + (rawJson == null ? 0 : rawJson.length()) + " chars]";
    }

    /** One line: provider, kind, record, field and reason; never the raw payload. */
    public String describe() {
        return provider.id() + " " + kind.id() + " record " + recordId + ": field '" + field + "': " + reason;
    }
}
