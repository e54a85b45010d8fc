package dev.bankfeed.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.testing.FixedRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1000),
            Duration.ofSeconds(30));

    @Test
    void backoff_fullJitter_isTheRandomFractionOfTheDoublingCap() {
        FixedRandom half = new FixedRandom(0.5);
        assertThat(policy.backoff(1, half)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.backoff(2, half)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(3, half)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(4, half)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void backoff_manyRetries_neverExceedsMaxDelay() {
        assertThat(policy.backoff(40, new FixedRandom(0.999))).isEqualTo(Duration.ofMillis(999));
    }

    @Test
    void backoff_zeroRandom_canBeZero() {
        assertThat(policy.backoff(3, new FixedRandom(0.0))).isZero();
    }

    @Test
    void constructor_zeroAttempts_isRejected() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
