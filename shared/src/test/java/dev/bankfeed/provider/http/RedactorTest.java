package dev.bankfeed.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.config.Connection;
import dev.bankfeed.config.Secret;
import dev.bankfeed.model.Provider;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void redact_connectionCredentials_areMaskedIncludingTheBasicForm() {
        Connection c = new Connection("a", Provider.ATLAR, URI.create("https://x"), "AK-111", Secret.of("S-222"),
                null, null, null, null, null, List.of(), null, false);
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
}
