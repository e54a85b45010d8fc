package dev.bankfeed.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount: signed minor units of an ISO 4217 currency (8999 GBP is 89.99 GBP).
 * Built only from integers or from {@link BigDecimal}s parsed from JSON text; never from a double.
 */
public record Money(long minor, String currency) {

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
        BigDecimal minorUnits = major.movePointRight(exponent);
        BigDecimal whole;
        try {
            // A trailing zero (1500.0 GBP) is exact; a non-zero digit past the exponent is not.
            whole = minorUnits.setScale(0, java.math.RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new MoneyException(MoneyException.Reason.TOO_MANY_DECIMALS,
                    major.toPlainString() + " has more decimals than " + currency + " allows (" + exponent + ")");
        }
        try {
            return new Money(whole.longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new MoneyException(MoneyException.Reason.OVERFLOW,
                    major.toPlainString() + " " + currency + " is beyond the range of minor units");
        }
    }

    /** Parses a decimal string in major units exactly; see {@link #ofMajor(BigDecimal, String)}. */
    public static Money parse(String majorDecimal, String currency) {
        if (majorDecimal == null || majorDecimal.isBlank()) {
            throw new MoneyException(MoneyException.Reason.NOT_A_NUMBER, "amount is empty");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(majorDecimal.trim());
        } catch (NumberFormatException e) {
            throw new MoneyException(MoneyException.Reason.NOT_A_NUMBER, "'" + majorDecimal + "' is not a decimal number");
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
