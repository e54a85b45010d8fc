package dev.bankfeed.sandbox;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed facts of one sandbox account. {@code slot} is its index among all accounts of the sandbox,
 * {@code ordinal} its index within its connection (the tie-break when lists merge accounts), {@code key} the
 * seed path of all its random streams.
 */
record AccountSpec(
        SandboxProvider provider,
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

    private static final List<String> ATLAR_CURRENCIES = List.of("EUR", "JPY", "KWD", "NOK", "SEK", "GBP");
    private static final List<String> FINQWARE_CURRENCIES = List.of("RON", "BHD", "SEK", "EUR", "JPY");
    private static final String[] UK_BANKS = {"Monzo", "Barclays", "Lloyds Bank", "NatWest", "HSBC UK", "Starling Bank"};
    private static final String[] RO_BANKS = {"Raiffeisen Bank", "Banca Transilvania", "CEC Bank"};

    static AccountSpec generate(long seed, SandboxProvider provider, String connectionId, int connIndex,
            int ordinal, int slot) {
        long key = ((long) provider.ordinal() << 48) | ((long) connIndex << 24) | ordinal;
        SplittableRandom r = Rng.of(seed, Rng.ACCOUNT, key);
        return switch (provider) {
            case ATLAR -> atlar(r, connectionId, slot, ordinal, key);
            case ATOA -> atoa(r, connectionId, slot, ordinal, key);
            case FINQWARE -> finqware(r, connectionId, slot, ordinal, key);
        };
    }

    private static AccountSpec atlar(SplittableRandom r, String connectionId, int slot, int ordinal, long key) {
        String currency = ATLAR_CURRENCIES.get(ordinal % ATLAR_CURRENCIES.size());
        String market = switch (currency) {
            case "EUR" -> "DE";
            case "JPY" -> "JP";
            case "KWD" -> "KW";
            case "NOK" -> "NO";
            case "SEK" -> "SE";
            default -> "GB";
        };
        String id = Rng.uuid(r);
        String iban = Iban.supports(market) ? Iban.random(market, r) : null;
        String bban = iban == null ? Rng.digits(r, 14) : null;
        String bic = "ATLR" + market + "SS" + "XXX";
        return new AccountSpec(SandboxProvider.ATLAR, connectionId, slot, ordinal, key, id, currency,
                SandboxCurrency.exponent(currency), "Operating account " + currency + " " + (ordinal + 1),
                "Ops " + currency, market, iban, bban, bic, null, null, null, 0, target(r, currency, false));
    }

    private static AccountSpec atoa(SplittableRandom r, String connectionId, int slot, int ordinal, long key) {
        String id = "acc_" + Rng.hex(r, 20);
        return new AccountSpec(SandboxProvider.ATOA, connectionId, slot, ordinal, key, id, "GBP", 2,
                "Current account", null, "GB", null, null, null, Rng.digits(r, 6), Rng.digits(r, 8),
                Rng.pick(r, UK_BANKS), 0, target(r, "GBP", false));
    }

    private static AccountSpec finqware(SplittableRandom r, String connectionId, int slot, int ordinal, long key) {
        String currency = FINQWARE_CURRENCIES.get(ordinal % FINQWARE_CURRENCIES.size());
        String market = currency.equals("BHD") ? "BH" : currency.equals("SEK") ? "SE" : "RO";
        String id = Rng.uuid(r);
        // Every third account has an overdraft facility, and the one after it is overdrawn.
        long limit = ordinal % 3 == 1 ? SandboxCurrency.unit(currency) * 5_000 : 0;
        boolean overdrawn = ordinal % 3 == 2;
        return new AccountSpec(SandboxProvider.FINQWARE, connectionId, slot, ordinal, key, id, currency,
                SandboxCurrency.exponent(currency), "Cont curent " + currency, null, market,
                Iban.random(market, r), null, null, null, null, Rng.pick(r, RO_BANKS), limit,
                target(r, currency, overdrawn));
    }

    /** The booked balance the account should end its initial history on. */
    private static long target(SplittableRandom r, String currency, boolean negative) {
        long magnitude = (1_000 + r.nextLong(250_000)) * SandboxCurrency.unit(currency) * SandboxCurrency.scale(currency)
                + r.nextLong(SandboxCurrency.unit(currency));
        return negative ? -magnitude / 50 : magnitude;
    }
}
