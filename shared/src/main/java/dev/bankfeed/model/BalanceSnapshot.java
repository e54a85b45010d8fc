package dev.bankfeed.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One balance of one account at one moment. {@code amount} is signed (an overdraft is negative);
 * {@code providerType} keeps the provider's own type string, {@code type} its normalized form.
 * {@code asOf} is the provider's timestamp, or the fetch time when the provider gives none.
 * Build one with {@link #builder()}, which derives the canonical id and checks the required fields.
 */
public record BalanceSnapshot(
        Provider provider,
        String providerAccountId,
        String canonicalId,
        String providerBalanceId,
        BalanceType type,
        String providerType,
        String reportedType,
        Money amount,
        Boolean creditLimitIncluded,
        CreditLimitMeaning creditLimitMeaning,
        LocalDate localDate,
        Instant asOf,
        String rawJson) {

    /** What follows the provider type in the canonical id of a balance that includes the credit limit. */
    private static final String CREDIT_LIMIT_SUFFIX = "+credit_limit";

    /** The canonical id of a snapshot: {@code provider:account:balance:providerType:asOf}. */
    public static String canonicalId(Provider provider, String providerAccountId, String providerType, Instant asOf) {
        return provider.id() + ":" + providerAccountId + ":balance:" + providerType + ":" + asOf;
    }

    /** A builder for a new snapshot. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this snapshot's fields, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder().provider(provider).providerAccountId(providerAccountId)
                .providerBalanceId(providerBalanceId).type(type).providerType(providerType).reportedType(reportedType)
                .amount(amount).creditLimitIncluded(creditLimitIncluded).creditLimitMeaning(creditLimitMeaning)
                .localDate(localDate).asOf(asOf).rawJson(rawJson);
    }

    /**
     * Builds a {@link BalanceSnapshot}: the canonical id comes from provider, account, provider type and
     * {@code asOf}, and a balance that includes the credit limit gets {@code +credit_limit} after its
     * type (banks report e.g. "available" with and without the limit at the same moment: two different
     * balances). {@link #build()} refuses a missing id, type, provider type, amount, credit-limit meaning or
     * {@code asOf}.
     */
    public static final class Builder {
        private static final String RECORD = "balance snapshot";

        private Provider provider;
        private String providerAccountId;
        private String providerBalanceId;
        private BalanceType type;
        private String providerType;
        private String reportedType;
        private Money amount;
        private Boolean creditLimitIncluded;
        private CreditLimitMeaning creditLimitMeaning;
        private LocalDate localDate;
        private Instant asOf;
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

        public Builder providerBalanceId(String value) {
            providerBalanceId = value;
            return this;
        }

        public Builder type(BalanceType value) {
            type = value;
            return this;
        }

        /** The provider's own type string, as it sent it. */
        public Builder providerType(String value) {
            providerType = value;
            return this;
        }

        public Builder reportedType(String value) {
            reportedType = value;
            return this;
        }

        /** The signed amount: an overdraft is negative. */
        public Builder amount(Money value) {
            amount = value;
            return this;
        }

        public Builder creditLimitIncluded(Boolean value) {
            creditLimitIncluded = value;
            return this;
        }

        public Builder creditLimitMeaning(CreditLimitMeaning value) {
            creditLimitMeaning = value;
            return this;
        }

        public Builder localDate(LocalDate value) {
            localDate = value;
            return this;
        }

        public Builder asOf(Instant value) {
            asOf = value;
            return this;
        }

        public Builder rawJson(String value) {
            rawJson = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is missing, never a value */
        public BalanceSnapshot build() {
            Required.field(provider, RECORD, "provider");
            Required.field(providerAccountId, RECORD, "providerAccountId");
            Required.field(type, RECORD, "type");
            Required.field(providerType, RECORD, "providerType");
            Required.field(amount, RECORD, "amount");
            Required.field(creditLimitMeaning, RECORD, "creditLimitMeaning");
            Required.field(asOf, RECORD, "asOf");
            String identityType = Boolean.TRUE.equals(creditLimitIncluded) ? providerType + CREDIT_LIMIT_SUFFIX
                    : providerType;
            return new BalanceSnapshot(provider, providerAccountId,
                    canonicalId(provider, providerAccountId, identityType, asOf), providerBalanceId, type,
                    providerType, reportedType, amount, creditLimitIncluded, creditLimitMeaning, localDate, asOf,
                    rawJson);
        }
    }
}
