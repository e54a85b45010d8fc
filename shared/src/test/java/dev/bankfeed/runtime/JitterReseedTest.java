package dev.bankfeed.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.ReseedableRandom;
import dev.bankfeed.provider.http.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JitterReseedTest {

    /** The first twenty retry waits {@code random} gives. */
    private static List<Duration> backoffs(RandomGenerator random) {
        RetryPolicy policy = RetryPolicy.defaults();
        return IntStream.rangeClosed(1, 20).mapToObj(i -> policy.backoff(4, random)).toList();
    }

    @Test
    void afterRestore_twoEnvironmentsFromOneSnapshot_stopRetryingInLockstep() {
        // Two environments restored from one snapshot hold the same generator state.
        ReseedableRandom first = new ReseedableRandom(42);
        ReseedableRandom second = new ReseedableRandom(42);
        assertThat(backoffs(first)).as("restored without a reseed").isEqualTo(backoffs(second));

        new JitterReseed(first).afterRestore(null);
        new JitterReseed(second).afterRestore(null);

        assertThat(backoffs(first)).isNotEqualTo(backoffs(second));
    }

    @Test
    void afterRestore_changesTheSequenceFromWhereItWas() {
        ReseedableRandom restored = new ReseedableRandom(7);
        ReseedableRandom notRestored = new ReseedableRandom(7);

        new JitterReseed(restored).afterRestore(null);

        assertThat(backoffs(restored)).isNotEqualTo(backoffs(notRestored));
    }

    @Test
    void reseededOnRestore_givesTheClientsARegisteredReseedableRandom() {
        ClientSettings defaults = ClientSettings.defaults();

        ClientSettings settings = BankfeedEnvironment.reseededOnRestore(defaults);

        assertThat(settings.random()).isInstanceOf(ReseedableRandom.class);
        assertThat(JitterReseed.isRegistered((ReseedableRandom) settings.random())).isTrue();
        assertThat(settings.withTime(defaults.clock(), defaults.sleeper(), defaults.random())).isEqualTo(defaults);
    }
}
