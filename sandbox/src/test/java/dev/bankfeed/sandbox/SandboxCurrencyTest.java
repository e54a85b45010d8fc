package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxCurrencyTest {

    @Test
    void plain_alwaysPrintsExactlyTheCurrencyDecimals() {
        assertThat(SandboxCurrency.plain(8999, "GBP")).isEqualTo("89.99");
        assertThat(SandboxCurrency.plain(-150000, "EUR")).isEqualTo("-1500.00");
        assertThat(SandboxCurrency.plain(1500, "JPY")).isEqualTo("1500");
        assertThat(SandboxCurrency.plain(12345, "KWD")).isEqualTo("12.345");
        assertThat(SandboxCurrency.plain(5, "BHD")).isEqualTo("0.005");
    }

    @Test
    void jsNumber_dropsTrailingZerosLikeAJavaScriptBackend() {
        assertThat(SandboxCurrency.jsNumber(8999, "GBP")).isEqualTo("89.99");
        assertThat(SandboxCurrency.jsNumber(8990, "GBP")).isEqualTo("89.9");
        assertThat(SandboxCurrency.jsNumber(150000, "GBP")).isEqualTo("1500");
        assertThat(SandboxCurrency.jsNumber(-1000, "GBP")).isEqualTo("-10");
        assertThat(SandboxCurrency.jsNumber(0, "GBP")).isEqualTo("0");
    }

    @Test
    void exponent_ofAnUnusedCurrency_isRefused() {
        assertThatThrownBy(() -> SandboxCurrency.exponent("XAU")).isInstanceOf(IllegalArgumentException.class);
    }
}
