package dev.bankfeed.model;

import java.util.List;

/**
 * A bank account as Bankfeed keeps it. {@code canonicalId} is {@code provider:providerAccountId};
 * {@code rawJson} is the provider's own record, kept for audit and replay.
 * Build one with {@link #builder()}, which derives the canonical id and checks the required fields.
 */
public record Account(
        Provider provider,
        String providerAccountId,
        String canonicalId,
        String name,
        String alias,
        String currency,
        String bankName,
        String bic,
        List<AccountIdentifier> identifiers,
        String status,
        String type,
        String subType,
        String rawJson) {

    public Account {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }

    /**
     * Ids, names and masked identifiers only: the raw record (and so the default record {@code toString})
     * would show full account numbers in a log line.
     */
    @Override
    public String toString() {
        return "Account[" + canonicalId + ", name=" + name + ", currency=" + currency + ", identifiers="
                + identifiers + ", rawJson=" + (rawJson == null ? 0 : rawJson.length()) + " chars]";
    }

    /** The canonical id of an account: {@code provider:providerAccountId}. */
    public static String canonicalId(Provider provider, String providerAccountId) {
        return provider.id() + ":" + providerAccountId;
    }

    /** A builder for a new account. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this account's fields, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder().provider(provider).providerAccountId(providerAccountId).name(name).alias(alias)
                .currency(currency).bankName(bankName).bic(bic).identifiers(identifiers).status(status).type(type)
                .subType(subType).rawJson(rawJson);
    }

    /**
     * Builds an {@link Account}: the canonical id comes from provider and account id, which
     * {@link #build()} refuses to miss; everything else is optional (a job's reference to an account knows
     * only its ids).
     */
    public static final class Builder {
        private static final String RECORD = "account";

        private Provider provider;
        private String providerAccountId;
        private String name;
        private String alias;
        private String currency;
        private String bankName;
        private String bic;
        private List<AccountIdentifier> identifiers;
        private String status;
        private String type;
        private String subType;
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

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder alias(String value) {
            alias = value;
            return this;
        }

        public Builder currency(String value) {
            currency = value;
            return this;
        }

        public Builder bankName(String value) {
            bankName = value;
            return this;
        }

        public Builder bic(String value) {
            bic = value;
            return this;
        }

        public Builder identifiers(List<AccountIdentifier> value) {
            identifiers = value;
            return this;
        }

        public Builder status(String value) {
            status = value;
            return this;
        }

        public Builder type(String value) {
            type = value;
            return this;
        }

        public Builder subType(String value) {
            subType = value;
            return this;
        }

        public Builder rawJson(String value) {
            rawJson = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is missing, never a value */
        public Account build() {
            Required.field(provider, RECORD, "provider");
            Required.field(providerAccountId, RECORD, "providerAccountId");
            return new Account(provider, providerAccountId, canonicalId(provider, providerAccountId), name, alias,
                    currency, bankName, bic, identifiers, status, type, subType, rawJson);
        }
    }
}
