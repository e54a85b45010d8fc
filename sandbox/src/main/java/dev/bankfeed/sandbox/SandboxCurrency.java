package dev.bankfeed.sandbox;

import java.math.BigDecimal;
import java.util.Map;

/** Minor-unit exponents of the currencies the sandbox uses, and exact decimal renderings of minor amounts. */
public final class SandboxCurrency {

    private static final Map<String, Integer> EXPONENTS = Map.of(
            "EUR", 2, "GBP", 2, "NOK", 2, "SEK", 2, "RON", 2, "JPY", 0, "KWD", 3, "BHD", 3);

    private SandboxCurrency() {
    }

    public static int exponent(String currency) {
        Integer e = EXPONENTS.get(currency);
        if (e == null) {
            throw new IllegalArgumentException("sandbox has no exponent for " + currency);
        }
        return e;
    }

    /** One major unit in minor units (100 for EUR, 1 for JPY, 1000 for KWD). */
    public static long unit(String currency) {
        long u = 1;
        for (int i = 0; i < exponent(currency); i++) {
            u *= 10;
        }
        return u;
    }

    /** How many major units make amounts look typical (yen amounts run about a hundred times larger). */
    public static long scale(String currency) {
        return currency.equals("JPY") ? 100 : 1;
    }

    /** "-89.99", "1500.00", "1500" (JPY), "12.345" (KWD): always exactly the currency's decimals. */
    public static String plain(long minor, String currency) {
        return BigDecimal.valueOf(minor, exponent(currency)).toPlainString();
    }

    /** The way a JavaScript backend prints the number: no trailing zeros ("89.9", "1500"). */
    public static String jsNumber(long minor, String currency) {
        BigDecimal d = BigDecimal.valueOf(minor, exponent(currency)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
