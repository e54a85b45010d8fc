package dev.bankfeed.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UriBuilderTest {

    @Test
    void build_idsAndQueryValues_arePercentEncodedAndNullQueriesDropped() {
        URI uri = UriBuilder.on(URI.create("https://api.example.com/prefix/"))
                .path("/accounts/").segment("a b/c").path("/balances")
                .query("token", "x+y=z&w").query("absent", null).query("limit", 5)
                .build();

        assertThat(uri.toString())
                .isEqualTo("https://api.example.com/prefix/accounts/a%20b%2Fc/balances?token=x%2By%3Dz%26w&limit=5");
    }
}
