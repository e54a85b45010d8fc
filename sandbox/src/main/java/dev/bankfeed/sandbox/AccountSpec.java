package dev.bankfeed.sandbox;

import java.util.SplittableRandom;

/**
 * The fixed facts of one sandbox account. {@code slot} is its index among all accounts of the sandbox,
 * {@code ordinal} its index within its connection (the tie-break when lists merge accounts), {@code key} the
 * seed path of all its random streams.
 */
public record AccountSpec(
        SandboxModule provider,
        String connectionId,
        int slot,
        int ordinal,
        long key,
        String id,
        String currency,
        int exponent,
        String name,
        String alias,
        String market,
        String iban,
        String bban,
        String bic,
        String sortCode,
        String accountNumber,
        String bankName,
        long creditLimitMinor,
        long targetBalanceMinor) {

    /**
     * The account {@code ordinal} of connection number {@code connIndex} of {@code provider}; {@code slot} is
     * its index among all accounts. Its key, and so all its data, depends only on the seed and these numbers.
     */
    static AccountSpec generate(long seed, SandboxModule provider, String connectionId, int connIndex,
            int ordinal, int slot) {
        long key = ((long) provider.seedIndex() << 48) | ((long) connIndex << 24) | ordinal;
        return provider.account(Rng.of(seed, Rng.ACCOUNT, key), connectionId, slot, ordinal, key);
    }

    /** The booked balance the account should end its initial history on. */
    public static long target(SplittableRandom r, String currency, boolean negative) {
        long magnitude = (1_000 + r.nextLong(250_000)) * SandboxCurrency.unit(currency) * SandboxCurrency.scale(currency)
                + r.nextLong(SandboxCurrency.unit(currency));
        return negative ? -magnitude / 50 : magnitude;
    }
}
