package dev.bankfeed.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.config.Connection;
import dev.bankfeed.config.Secret;
import dev.bankfeed.provider.atlar.AtlarCredentials;
import dev.bankfeed.testing.Providers;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void redact_connectionCredentials_areMaskedIncludingTheBasicForm() {
        Connection c = new Connection("a", Providers.ATLAR, URI.create("https://x"),
                new AtlarCredentials("AK-111", Secret.of("S-222")));
        Redactor r = Redactor.forConnection(c);
        String basic = Redactor.basic("AK-111", "S-222");

        assertThat(r.redact("key AK-111 secret S-222 header Basic " + basic))
                .isEqualTo("key **** secret **** header Basic ****");
    }

    @Test
    void redact_rememberedTokens_areMaskedAndOnlyTheLastFewKept() {
        Redactor r = Redactor.of();
        for (int i = 1; i <= 5; i++) {
            r.remember("tok-" + i + "-xyz");
        }
        assertThat(r.redact("tok-5-xyz tok-2-xyz tok-1-xyz")).isEqualTo("**** **** tok-1-xyz");
    }

    @Test
    void redact_ibanInProviderText_keepsOnlyItsLastFourCharacters() {
        assertThat(Redactor.of().redact("account GB29NWBK60161331926819 is closed"))
                .isEqualTo("account ******************6819 is closed");
    }

    @Test
    void redact_longDigitRuns_maskedWithTheirSpacesAndDashes() {
        Redactor r = Redactor.of();

        assertThat(r.redact("no account 12345678.")).isEqualTo("no account ****5678.");
        assertThat(r.redact("card 4111 1111 1111 1234 declined")).isEqualTo("card ***************1234 declined");
        assertThat(r.redact("acct 40-00-04-3192-6819")).isEqualTo("acct **************6819");
    }

    @Test
    void redact_shortNumbersCodesAndDates_areKept() {
        String text = "HTTP 404: page 3 of 1234567, sort code 04-00-04, from 2026-03-10 to 2026-03-10T09:15:30Z";

        assertThat(Redactor.of().redact(text)).isEqualTo(text);
    }

    @Test
    void redact_credentialWithDigits_isMaskedWholeBeforeAnyAccountNumber() {
        assertThat(Redactor.of("sk_live_123456789012").redact("key sk_live_123456789012 refused"))
                .isEqualTo("key **** refused");
    }
}
