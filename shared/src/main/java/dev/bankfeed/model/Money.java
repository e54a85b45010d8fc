package dev.bankfeed.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount: signed minor units of an ISO 4217 currency (8999 GBP is 89.99 GBP).
 * Built only from integers or from {@link BigDecimal}s parsed from JSON text; never from a double.
 */
public record Money(long minor, String currency) {

    /** Decimal digits of Long.MAX_VALUE: more integer digits than this never fit. */
    private static final int MAX_LONG_DIGITS = 19;
    /** Longest amount text we parse; real amounts are far shorter, and BigDecimal parsing is superlinear. */
    private static final int MAX_TEXT_LENGTH = 1000;
    private static final int MAX_PLAIN_SCALE = 40;
    /** Longest amount text an error message quotes: enough to recognise it, too short to carry a record. */
    private static final int MAX_QUOTED = 40;

    public Money {
        Objects.requireNonNull(currency, "currency");
        Currencies.requireExponent(currency);
    }

    /** An amount already in minor units. */
    public static Money ofMinor(long minor, String currency) {
        return new Money(minor, currency);
    }

    /**
     * The exact minor-unit amount of a decimal in major units.
     *
     * @throws MoneyException for an unknown currency, more decimals than the currency allows, or an
     *     amount beyond the {@code long} range; nothing is ever rounded
     */
    public static Money ofMajor(BigDecimal major, String currency) {
        Objects.requireNonNull(major, "amount");
        int exponent = Currencies.requireExponent(currency);
        if (major.signum() == 0) {
            return new Money(0, currency);
        }
        // Decide on the stripped form before scaling: JSON text such as 1e-99999999 would otherwise make
        // setScale compute a power of ten with millions of digits (minutes of CPU for one field).
        BigDecimal stripped = major.stripTrailingZeros();
        if (stripped.scale() > exponent) {
            // A trailing zero (1500.0 GBP) is exact; a non-zero digit past the exponent is not.
            throw new MoneyException(MoneyException.Reason.TOO_MANY_DECIMALS,
                    text(major) + " has more decimals than " + currency + " allows (" + exponent + ")");
        }
        if ((long) stripped.precision() - stripped.scale() + exponent > MAX_LONG_DIGITS) {
            throw overflow(major, currency);
        }
        try {
            return new Money(stripped.movePointRight(exponent).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw overflow(major, currency);
        }
    }

    private static MoneyException overflow(BigDecimal major, String currency) {
        return new MoneyException(MoneyException.Reason.OVERFLOW,
                text(major) + " " + currency + " is beyond the range of minor units");
    }

    /** Plain text for ordinary amounts; scientific text where plain text would be huge (1E+99999999). */
    private static String text(BigDecimal d) {
        return quotable(Math.abs((long) d.scale()) <= MAX_PLAIN_SCALE ? d.toPlainString() : d.toString());
    }

    /**
     * At most {@value #MAX_QUOTED} characters of an amount text, for an error message: a mis-mapped field
     * may hold anything (an account number, a whole record), and messages reach logs and statuses.
     */
    private static String quotable(String text) {
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    }

    /** Parses a decimal string in major units exactly; see {@link #ofMajor(BigDecimal, String)}. */
    public static Money parse(String majorDecimal, String currency) {
        if (majorDecimal == null || majorDecimal.isBlank()) {
            throw new MoneyException(MoneyException.Reason.NOT_A_NUMBER, "amount is empty");
        }
        if (majorDecimal.length() > MAX_TEXT_LENGTH) {
            throw new MoneyException(MoneyException.Reason.NOT_A_NUMBER,
                    "amount text of " + majorDecimal.length() + " characters is too long");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(majorDecimal.trim());
        } catch (NumberFormatException e) {
            throw new MoneyException(MoneyException.Reason.NOT_A_NUMBER,
                    "'" + quotable(majorDecimal) + "' is not a decimal number");
        }
        return ofMajor(value, currency);
    }

    /** The minor-unit exponent of this currency (2 for EUR, 0 for JPY, 3 for KWD, 4 for CLF). */
    public int exponent() {
        return Currencies.requireExponent(currency);
    }

    /** The exact value in major units, with the currency's scale (8999 GBP is 89.99). */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(minor, exponent());
    }

    /** The exact value in major units as a plain string with the currency's scale ("-89.99", "1000"). */
    public String toDecimalString() {
        return toDecimal().toPlainString();
    }

    /** The same amount with the opposite sign. */
    public Money negate() {
        try {
            return new Money(Math.negateExact(minor), currency);
        } catch (ArithmeticException e) {
            throw new MoneyException(MoneyException.Reason.OVERFLOW, "cannot negate the smallest long amount");
        }
    }

    /** The exact sum of two amounts in the same currency. */
    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new MoneyException(MoneyException.Reason.CURRENCY_MISMATCH,
                    "cannot add " + other.currency + " to " + currency);
        }
        try {
            return new Money(Math.addExact(minor, other.minor), currency);
        } catch (ArithmeticException e) {
            throw new MoneyException(MoneyException.Reason.OVERFLOW, "sum is beyond the range of minor units");
        }
    }

    public boolean isNegative() {
        return minor < 0;
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }
}
