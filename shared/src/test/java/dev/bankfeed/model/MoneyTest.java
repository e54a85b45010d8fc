package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "89.99, GBP, 8999",
        "1500.0, GBP, 150000",
        "-0.00, GBP, 0",
        "1e2, GBP, 10000",
        "1000, JPY, 1000",
        "1.234, KWD, 1234",
        "-1.2345, CLF, -12345",
        "0.0001, UYW, 1",
        "92233720368547758.07, GBP, 9223372036854775807",
        "-92233720368547758.08, GBP, -9223372036854775808"
    })
    void parse_exactDecimal_isTheMinorUnits(String text, String currency, long minor) {
        assertThat(Money.parse(text, currency)).isEqualTo(Money.ofMinor(minor, currency));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "0.001, GBP, TOO_MANY_DECIMALS",
        "1.5, JPY, TOO_MANY_DECIMALS",
        "1.23456, CLF, TOO_MANY_DECIMALS",
        "92233720368547758.08, GBP, OVERFLOW",
        "1e30, GBP, OVERFLOW",
        "'12,50', GBP, NOT_A_NUMBER",
        "1, ABC, UNKNOWN_CURRENCY",
        "1, XAU, NO_MINOR_UNIT"
    })
    void parse_inexactOrOutOfRange_rejectedWithItsReason(String text, String currency, MoneyException.Reason reason) {
        assertThatThrownBy(() -> Money.parse(text, currency))
                .isInstanceOfSatisfying(MoneyException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void ofMajor_hugeOrTinyExponent_rejectedWithoutExpandingTheNumber() {
        // Expanding these would compute a power of ten with ~10^8 digits (minutes of CPU each).
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1e99999999"), "GBP"))
                .isInstanceOfSatisfying(MoneyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MoneyException.Reason.OVERFLOW);
                    assertThat(e.getMessage()).isEqualTo("1E+99999999 GBP is beyond the range of minor units");
                });
        assertThatThrownBy(() -> Money.parse("-1e-99999999", "GBP"))
                .isInstanceOfSatisfying(MoneyException.class,
                        e -> assertThat(e.reason()).isEqualTo(MoneyException.Reason.TOO_MANY_DECIMALS));
    }

    @Test
    void parse_absurdlyLongText_rejectedAsNotANumber() {
        assertThatThrownBy(() -> Money.parse("1".repeat(100_000), "GBP"))
                .isInstanceOfSatisfying(MoneyException.class,
                        e -> assertThat(e.reason()).isEqualTo(MoneyException.Reason.NOT_A_NUMBER));
    }

    @Test
    void parse_longTextNotANumber_messageQuotesOnlyItsStart() {
        // A mis-mapped field can hold anything, an account number included: only a bounded start is quoted.
        String text = "12.34 paid from account GB29NWBK60161331926819 " + "x".repeat(900);

        assertThatThrownBy(() -> Money.parse(text, "GBP"))
                .isInstanceOfSatisfying(MoneyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MoneyException.Reason.NOT_A_NUMBER);
                    assertThat(e.getMessage()).isEqualTo("'" + text.substring(0, 40) + "...' is not a decimal number")
                            .doesNotContain("26819");
                });
    }

    @Test
    void parse_longNumberOutOfRange_messageQuotesOnlyItsStart() {
        String digits = "4".repeat(30) + "12345678901234567890123456";

        assertThatThrownBy(() -> Money.parse(digits, "GBP"))
                .isInstanceOfSatisfying(MoneyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MoneyException.Reason.OVERFLOW);
                    assertThat(e.getMessage()).startsWith(digits.substring(0, 40) + "... GBP")
                            .doesNotContain("34567890123456");
                });
    }

    @Test
    void ofMajor_tooManyDecimals_messageShowsThePlainAmount() {
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("89.999"), "GBP"))
                .hasMessage("89.999 has more decimals than GBP allows (2)");
    }

    @Test
    void direction_signAndOf_agree() {
        Money m = Money.ofMinor(8999, "GBP");

        assertThat(Direction.DEBIT.sign(m)).isEqualTo(Money.ofMinor(-8999, "GBP"));
        assertThat(Direction.CREDIT.sign(m)).isEqualTo(m);
        assertThat(Direction.of(Money.ofMinor(-1, "GBP"))).isEqualTo(Direction.DEBIT);
        assertThat(Direction.of(Money.ofMinor(0, "GBP"))).isEqualTo(Direction.CREDIT);
    }
}
