package dev.bankfeed.store;

import dev.bankfeed.model.Rejection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * The transaction records of an account that normalization rejected, kept until the record is stored or the
 * provider no longer serves it: an account with an open rejection is missing a transaction, whether or not a walk
 * still reads that record.
 */
public interface RejectionStore {

    /**
     * Opens a rejection per record, or refreshes an open one (reason, {@code lastSeenAt}, run); {@code readFrom}
     * (where the walk that read them started) is kept from the first sighting.
     */
    void recordOpen(String accountCanonicalId, List<Rejection> rejections, LocalDate readFrom, String runId,
            Instant at);

    /** Closes the account's open rejections of these {@link OpenRejection#recordKey() keys}. */
    void close(String accountCanonicalId, Collection<String> recordKeys);

    /** The account's open rejections, first seen first. */
    List<OpenRejection> open(String accountCanonicalId);
}
