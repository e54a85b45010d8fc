package dev.bankfeed.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One bank transaction. {@code amount} is signed and always agrees with {@code direction};
 * {@code providerTransactionId} is the provider's stable id (Finqware's {@code utx_id}), and
 * {@code canonicalId} is {@code provider:providerAccountId:providerTransactionId}.
 * {@code providerRecordId} is the provider's per-record id when it differs from the stable id,
 * {@code keyset} the provider's pagination key when it has one, and {@code rawJson} the provider's record.
 * Build one with {@link #builder()}, which derives the canonical id and checks the required fields.
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

    /** A builder for a new transaction. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this transaction's fields, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder().provider(provider).providerAccountId(providerAccountId)
                .providerTransactionId(providerTransactionId).providerRecordId(providerRecordId).amount(amount)
                .direction(direction).status(status).bookingDate(bookingDate).bookedAt(bookedAt).valueDate(valueDate)
                .description(description).reference(reference).merchantName(merchantName).category(category)
                .counterparty(counterparty).balanceAfter(balanceAfter).keyset(keyset)
                .providerUpdatedAt(providerUpdatedAt).rawJson(rawJson);
    }

    /**
     * Builds a {@link Transaction}: the canonical id comes from provider, account and transaction id;
     * {@link #build()} refuses a missing id, amount, direction or status, and a direction the amount's sign
     * disagrees with (a zero amount goes either way).
     */
    public static final class Builder {
        private static final String RECORD = "transaction";

        private Provider provider;
        private String providerAccountId;
        private String providerTransactionId;
        private String providerRecordId;
        private Money amount;
        private Direction direction;
        private TransactionStatus status;
        private LocalDate bookingDate;
        private Instant bookedAt;
        private LocalDate valueDate;
        private String description;
        private String reference;
        private String merchantName;
        private String category;
        private Counterparty counterparty;
        private Money balanceAfter;
        private String keyset;
        private Instant providerUpdatedAt;
        private String rawJson;

        private Builder() {
        }

        public Builder provider(Provider value) {
            provider = value;
            return this;
        }

        public Builder providerAccountId(String value) {
            providerAccountId = value;
            return this;
        }

        public Builder providerTransactionId(String value) {
            providerTransactionId = value;
            return this;
        }

        public Builder providerRecordId(String value) {
            providerRecordId = value;
            return this;
        }

        /** The signed amount. */
        public Builder amount(Money value) {
            amount = value;
            return this;
        }

        public Builder direction(Direction value) {
            direction = value;
            return this;
        }

        public Builder status(TransactionStatus value) {
            status = value;
            return this;
        }

        public Builder bookingDate(LocalDate value) {
            bookingDate = value;
            return this;
        }

        public Builder bookedAt(Instant value) {
            bookedAt = value;
            return this;
        }

        public Builder valueDate(LocalDate value) {
            valueDate = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder reference(String value) {
            reference = value;
            return this;
        }

        public Builder merchantName(String value) {
            merchantName = value;
            return this;
        }

        public Builder category(String value) {
            category = value;
            return this;
        }

        public Builder counterparty(Counterparty value) {
            counterparty = value;
            return this;
        }

        public Builder balanceAfter(Money value) {
            balanceAfter = value;
            return this;
        }

        public Builder keyset(String value) {
            keyset = value;
            return this;
        }

        public Builder providerUpdatedAt(Instant value) {
            providerUpdatedAt = value;
            return this;
        }

        public Builder rawJson(String value) {
            rawJson = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is missing or disagrees, never a value */
        public Transaction build() {
            Required.field(provider, RECORD, "provider");
            Required.field(providerAccountId, RECORD, "providerAccountId");
            Required.field(providerTransactionId, RECORD, "providerTransactionId");
            Required.field(amount, RECORD, "amount");
            Required.field(direction, RECORD, "direction");
            Required.field(status, RECORD, "status");
            if (amount.minor() != 0 && Direction.of(amount) != direction) {
                throw new IllegalArgumentException("a transaction's amount sign disagrees with its direction "
                        + direction);
            }
            return new Transaction(provider, providerAccountId, providerTransactionId,
                    canonicalId(provider, providerAccountId, providerTransactionId), providerRecordId, amount,
                    direction, status, bookingDate, bookedAt, valueDate, description, reference, merchantName,
                    category, counterparty, balanceAfter, keyset, providerUpdatedAt, rawJson);
        }
    }
}
