package dev.bankfeed.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-03-04T10:00:00Z");

    @Test
    void parse_deltaSeconds_isThatManySeconds() {
        assertThat(RetryAfter.parse(" 7 ", NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void parse_httpDateInTheFuture_isTheTimeUntilThen() {
        assertThat(RetryAfter.parse("Tue, 04 Mar 2025 10:00:42 GMT", NOW)).contains(Duration.ofSeconds(42));
    }

    @Test
    void parse_httpDateInThePast_isZero() {
        assertThat(RetryAfter.parse("Tue, 04 Mar 2025 09:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void parse_garbageOrBlankOrHugeNumber_isEmpty() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
    }
}
