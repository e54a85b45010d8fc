package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CurrenciesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "UYW, 4", "CLF, 4", "JPY, 0", "KRW, 0", "KWD, 3", "BHD, 3", "JOD, 3", "TND, 3", "OMR, 3", "LYD, 3",
        "IQD, 3", "EUR, 2", "GBP, 2", "NOK, 2", "RON, 2", "USD, 2"
    })
    void exponent_iso4217MinorUnits(String code, int exponent) {
        assertThat(Currencies.exponent(code)).hasValue(exponent);
        assertThat(Currencies.requireExponent(code)).isEqualTo(exponent);
        assertThat(Currencies.withMinorUnits()).containsEntry(code, exponent);
    }

    @Test
    void exponent_codeWithoutMinorUnit_isKnownButHasNone() {
        assertThat(Currencies.isKnown("XAU")).isTrue();
        assertThat(Currencies.exponent("XAU")).isEmpty();
        assertThat(Currencies.withMinorUnits()).doesNotContainKey("XAU");
        assertThatThrownBy(() -> Currencies.requireExponent("XAU"))
                .isInstanceOfSatisfying(MoneyException.class,
                        e -> assertThat(e.reason()).isEqualTo(MoneyException.Reason.NO_MINOR_UNIT));
    }

    @Test
    void exponent_unknownCode_isNotKnown() {
        assertThat(Currencies.isKnown("ABC")).isFalse();
        assertThat(Currencies.isKnown("gbp")).isFalse();
        assertThatThrownBy(() -> Currencies.requireExponent("ABC"))
                .isInstanceOfSatisfying(MoneyException.class,
                        e -> assertThat(e.reason()).isEqualTo(MoneyException.Reason.UNKNOWN_CURRENCY));
    }

    @Test
    void withMinorUnits_coversTheWholeTable() {
        // ISO 4217 List One has about 180 codes with a minor unit; a truncated table would lose currencies.
        assertThat(Currencies.withMinorUnits()).hasSizeGreaterThan(150);
        assertThat(Currencies.withMinorUnits().values()).allSatisfy(e -> assertThat(e).isBetween(0, 4));
    }
}
