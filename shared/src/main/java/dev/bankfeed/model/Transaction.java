package dev.bankfeed.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One bank transaction. {@code amount} is signed and always agrees with {@code direction};
 * {@code providerTransactionId} is the provider's stable id (Finqware's {@code utx_id}), and
 * {@code canonicalId} is {@code provider:providerAccountId:providerTransactionId}.
 * {@code providerRecordId} is the provider's per-record id when it differs from the stable id,
 * {@code keyset} the provider's pagination key when it has one, and {@code rawJson} the provider's record.
 */
public record Transaction(
        Provider provider,
        String providerAccountId,
        String providerTransactionId,
        String canonicalId,
        String providerRecordId,
        Money amount,
        Direction direction,
        TransactionStatus status,
        LocalDate bookingDate,
        Instant bookedAt,
        LocalDate valueDate,
        String description,
        String reference,
        String merchantName,
        String category,
        Counterparty counterparty,
        Money balanceAfter,
        String keyset,
        Instant providerUpdatedAt,
        String rawJson) {

    /**
     * Ids, amount, direction, status and dates only: the raw record, the counterparty's account and free
     * texts may hold full account numbers, which must never reach a log line.
     */
    @Override
    public String toString() {
        return "Transaction[" + canonicalId + ", " + amount + ", " + direction + ", " + status + ", bookingDate="
                + bookingDate + ", rawJson=" + (rawJson == null ? 0 : rawJson.length()) + " chars]";
    }

    /** The canonical id of a transaction: {@code provider:providerAccountId:providerTransactionId}. */
    public static String canonicalId(Provider provider, String providerAccountId, String providerTransactionId) {
        return provider.id() + ":" + providerAccountId + ":" + providerTransactionId;
    }
}
