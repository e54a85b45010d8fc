package dev.bankfeed.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The complete ISO 4217 table of currency codes and minor-unit exponents, loaded once from
 * {@code iso4217.csv}. We do not use {@link java.util.Currency}: the JDK's table lags the standard.
 */
public final class Currencies {

    /** Marks a code that exists in ISO 4217 but has no minor unit (gold, SDR, test codes). */
    private static final int NO_MINOR_UNIT = -1;

    private static final Map<String, Integer> EXPONENTS = load();

    private Currencies() {
    }

    /** True when the code is a known ISO 4217 alphabetic code, with or without a minor unit. */
    public static boolean isKnown(String code) {
        return code != null && EXPONENTS.containsKey(code);
    }

    /**
     * The minor-unit exponent of {@code code}, or empty when the code is unknown or has no minor unit.
     */
    public static OptionalInt exponent(String code) {
        Integer e = code == null ? null : EXPONENTS.get(code);
        return e == null || e == NO_MINOR_UNIT ? OptionalInt.empty() : OptionalInt.of(e);
    }

    /**
     * The minor-unit exponent of {@code code}.
     *
     * @throws MoneyException when the code is unknown or has no minor unit
     */
    public static int requireExponent(String code) {
        Integer e = code == null ? null : EXPONENTS.get(code);
        if (e == null) {
            throw new MoneyException(MoneyException.Reason.UNKNOWN_CURRENCY,
                    "unknown ISO 4217 currency '" + code + "'");
        }
        if (e == NO_MINOR_UNIT) {
            throw new MoneyException(MoneyException.Reason.NO_MINOR_UNIT,
                    "ISO 4217 currency '" + code + "' has no minor unit");
        }
        return e;
    }

    /** Every code with a minor unit, sorted, mapped to its exponent. */
    public static Map<String, Integer> withMinorUnits() {
        Map<String, Integer> out = new TreeMap<>();
        EXPONENTS.forEach((code, e) -> {
            if (e != NO_MINOR_UNIT) {
                out.put(code, e);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> map = new TreeMap<>();
        try (InputStream in = Currencies.class.getResourceAsStream("iso4217.csv")) {
            if (in == null) {
                throw new IllegalStateException("iso4217.csv missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split(",");
                String units = cols[2].trim();
                map.put(cols[0].trim(), "N.A.".equals(units) ? NO_MINOR_UNIT : Integer.parseInt(units));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(map);
    }
}
