package dev.bankfeed.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One balance of one account at one moment. {@code amount} is signed (an overdraft is negative);
 * {@code providerType} keeps the provider's own type string, {@code type} its normalized form.
 * {@code asOf} is the provider's timestamp, or the fetch time when the provider gives none.
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

    /** The canonical id of a snapshot: {@code provider:account:balance:providerType:asOf}. */
    public static String canonicalId(Provider provider, String providerAccountId, String providerType, Instant asOf) {
        return provider.id() + ":" + providerAccountId + ":balance:" + providerType + ":" + asOf;
    }
}
