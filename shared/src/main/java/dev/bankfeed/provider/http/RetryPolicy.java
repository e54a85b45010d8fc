package dev.bankfeed.provider.http;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long to retry a 408, 429, 5xx or I/O failure. Waits are exponential with full jitter
 * (uniform between zero and {@code min(maxDelay, baseDelay * 2^(retry-1))}) unless the provider sends
 * {@code Retry-After}, which is honoured as given up to {@code maxRetryAfter}: a longer ask fails the call
 * at once (the account is retried on the next run rather than holding a Lambda asleep).
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        requirePositive(baseDelay, "baseDelay");
        requirePositive(maxDelay, "maxDelay");
        requirePositive(maxRetryAfter, "maxRetryAfter");
    }

    /** 4 attempts, 500 ms base, 10 s cap, Retry-After honoured up to 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** The jittered wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        long cap = baseDelay.toMillis();
        for (int i = 1; i < retry && cap < maxDelay.toMillis(); i++) {
            cap *= 2;
        }
        cap = Math.min(cap, maxDelay.toMillis());
        return Duration.ofMillis((long) (random.nextDouble() * cap));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
