package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.config.ConnectionJson;
import dev.bankfeed.testing.Providers;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

    private static final String ATOA = "{\"provider\":\"atoa\",\"baseUrl\":\"https://x.test\",\"secretKey\":\"k\","
            + "\"accountAuthId\":\"a\"";

    @Test
    void maxConcurrency_connectionsOwnLimitWins_elseTheProvidersDefault() {
        RunSettings settings = RunSettings.defaults();

        assertThat(settings.maxConcurrency(ConnectionJson.parseConnection(ATOA + "}", "c1"))).isEqualTo(2);
        assertThat(settings.maxConcurrency(ConnectionJson.parseConnection(ATOA + ",\"maxConcurrency\":7}", "c1")))
                .isEqualTo(7);
        assertThat(settings.withMaxConcurrency(dev.bankfeed.testing.Providers.ATOA, 3)
                .maxConcurrency(ConnectionJson.parseConnection(ATOA + "}", "c1"))).isEqualTo(3);
    }
}
