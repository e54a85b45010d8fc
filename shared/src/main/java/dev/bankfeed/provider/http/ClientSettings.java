package dev.bankfeed.provider.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Tunables shared by every provider client: timeouts, retries, and the clock, sleeper and random source
 * (injected by tests). {@code jobPollInterval}/{@code jobMaxPolls} bound the wait for a Finqware data-refresh
 * job; {@code dataRefreshInterval} is the least time between two refresh jobs asked by one client;
 * {@code maxBodyBytes} bounds every response body read.
 */
public record ClientSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        Sleeper sleeper,
        Clock clock,
        RandomGenerator random,
        Duration jobPollInterval,
        int jobMaxPolls,
        Duration dataRefreshInterval,
        long maxBodyBytes) {

    /** 16 MiB: far above any page we ask for, far below a Lambda's heap. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    public ClientSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(jobPollInterval, "jobPollInterval");
        Objects.requireNonNull(dataRefreshInterval, "dataRefreshInterval");
        if (jobMaxPolls < 1) {
            throw new IllegalArgumentException("jobMaxPolls must be at least 1");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and the largest array");
        }
    }

    /** 5 s connect, 20 s per request, {@link RetryPolicy#defaults()}, system clock and sleep, 2 s x 15 job polls, 15 min between refreshes, 16 MiB bodies. */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), RetryPolicy.defaults(),
                Sleeper.SYSTEM, Clock.systemUTC(), RandomGenerator.getDefault(), Duration.ofSeconds(2), 15,
                Duration.ofMinutes(15), DEFAULT_MAX_BODY_BYTES);
    }

    public ClientSettings withTimeouts(Duration connect, Duration request) {
        return new ClientSettings(connect, request, retry, sleeper, clock, random, jobPollInterval, jobMaxPolls,
                dataRefreshInterval, maxBodyBytes);
    }

    public ClientSettings withRetry(RetryPolicy policy) {
        return new ClientSettings(connectTimeout, requestTimeout, policy, sleeper, clock, random, jobPollInterval,
                jobMaxPolls, dataRefreshInterval, maxBodyBytes);
    }

    /** The time sources: tests pass a fixed or stepping clock, a recording sleeper and a fixed random. */
    public ClientSettings withTime(Clock newClock, Sleeper newSleeper, RandomGenerator newRandom) {
        return new ClientSettings(connectTimeout, requestTimeout, retry, newSleeper, newClock, newRandom,
                jobPollInterval, jobMaxPolls, dataRefreshInterval, maxBodyBytes);
    }

    public ClientSettings withJobPolling(Duration interval, int maxPolls, Duration refreshInterval) {
        return new ClientSettings(connectTimeout, requestTimeout, retry, sleeper, clock, random, interval, maxPolls,
                refreshInterval, maxBodyBytes);
    }

    /** The largest response body read; a longer one fails MALFORMED_RESPONSE without being read further. */
    public ClientSettings withMaxBodyBytes(long limit) {
        return new ClientSettings(connectTimeout, requestTimeout, retry, sleeper, clock, random, jobPollInterval,
                jobMaxPolls, dataRefreshInterval, limit);
    }
}
