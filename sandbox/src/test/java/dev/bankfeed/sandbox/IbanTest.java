package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IbanTest {

    @Test
    void checkDigits_ofThePublishedExample_are82() {
        assertThat(Iban.checkDigits("GB", "WEST12345698765432")).isEqualTo("82");
        assertThat(Iban.isValid("GB82WEST12345698765432")).isTrue();
        assertThat(Iban.isValid("GB83WEST12345698765432")).isFalse();
    }

    @Test
    void random_forEverySupportedMarket_isValidWithTheCountryLength() {
        List<Object[]> markets = List.of(new Object[] {"DE", 22}, new Object[] {"NO", 15}, new Object[] {"SE", 24},
                new Object[] {"GB", 22}, new Object[] {"KW", 30}, new Object[] {"BH", 22}, new Object[] {"RO", 24});
        for (int seed = 0; seed < 50; seed++) {
            for (Object[] m : markets) {
                String iban = Iban.random((String) m[0], Rng.of(seed, 1));
                assertThat(iban).startsWith((String) m[0]).hasSize((Integer) m[1]);
                assertThat(Iban.isValid(iban)).as(iban).isTrue();
            }
        }
    }
}
