package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Exactness of decimal <-> minor-unit conversion, for every ISO 4217 currency with a minor unit. */
class MoneyProperties {

    @Property
    void decimalAndMinorUnits_roundTripInEveryCurrency(@ForAll long minor) {
        for (Map.Entry<String, Integer> c : Currencies.withMinorUnits().entrySet()) {
            Money m = Money.ofMinor(minor, c.getKey());

            assertThat(m.toDecimal().scale()).isEqualTo(c.getValue());
            assertThat(Money.ofMajor(m.toDecimal(), c.getKey())).isEqualTo(m);
            assertThat(Money.parse(m.toDecimalString(), c.getKey())).isEqualTo(m);
        }
    }

    // Fewer tries: each one checks every currency, and each check throws twice.
    @Property(tries = 200)
    void decimalWithOneDigitMoreThanTheExponent_isRejectedInEveryCurrency(@ForAll long minor,
            @ForAll @IntRange(min = 1, max = 9) int extraDigit) {
        for (Map.Entry<String, Integer> c : Currencies.withMinorUnits().entrySet()) {
            int exponent = c.getValue();
            // minor at the currency's exponent, then one more non-zero digit: e.g. 89.99 -> 89.993 in GBP.
            BigDecimal inexact = BigDecimal.valueOf(minor, exponent)
                    .add(BigDecimal.valueOf(minor < 0 ? -extraDigit : extraDigit, exponent + 1));

            assertThatThrownBy(() -> Money.ofMajor(inexact, c.getKey()))
                    .isInstanceOfSatisfying(MoneyException.class,
                            e -> assertThat(e.reason()).isEqualTo(MoneyException.Reason.TOO_MANY_DECIMALS));
            assertThatThrownBy(() -> Money.parse(inexact.toPlainString(), c.getKey()))
                    .isInstanceOfSatisfying(MoneyException.class,
                            e -> assertThat(e.reason()).isEqualTo(MoneyException.Reason.TOO_MANY_DECIMALS));
        }
    }

    @Property
    void negate_keepsTheMagnitudeAndFlipsTheSign(@ForAll long minor) {
        Money m = Money.ofMinor(minor == Long.MIN_VALUE ? minor + 1 : minor, "GBP");

        assertThat(m.negate().negate()).isEqualTo(m);
        assertThat(m.negate().minor()).isEqualTo(-m.minor());
    }
}
