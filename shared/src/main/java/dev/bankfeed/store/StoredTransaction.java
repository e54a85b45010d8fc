package dev.bankfeed.store;

import dev.bankfeed.model.Transaction;
import java.time.Instant;

/**
 * A transaction as the store holds it: the canonical record plus what the store tracks beside it. A PENDING
 * record closed by its booked twin has {@code supersededBy} (the booked record's canonical id), the booked record
 * {@code supersedes} (the pending one's); a pending record the provider stopped listing has {@code vanishedAt}.
 */
public record StoredTransaction(Transaction transaction, String supersededBy, String supersedes, Instant vanishedAt) {
}
