package dev.bankfeed.model;

import java.util.List;

/**
 * A bank account as Bankfeed keeps it. {@code canonicalId} is {@code provider:providerAccountId};
 * {@code rawJson} is the provider's own record, kept for audit and replay.
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
}
