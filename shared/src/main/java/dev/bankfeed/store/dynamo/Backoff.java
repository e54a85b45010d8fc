package dev.bankfeed.store.dynamo;

import dev.bankfeed.util.Jitter;

/**
 * Bounded exponential backoff with full jitter for DynamoDB retries (unprocessed batch items, throttling,
 * transaction conflicts): retry {@code n} sleeps a random time in [0, min(cap, base * 2^n)).
 */
final class Backoff {

    /** Sleeps; a seam so tests can count pauses instead of waiting. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final int maxAttempts;
    private final long baseMillis;
    private final long capMillis;
    private final Sleeper sleeper;

    Backoff(int maxAttempts, long baseMillis, long capMillis, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.sleeper = sleeper;
    }

    /** Ten attempts, 25 ms base, 2 s cap: at most about 8 s of waiting, well inside a Lambda run. */
    static Backoff standard() {
        return new Backoff(10, 25, 2_000, Thread::sleep);
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Waits before attempt {@code nextAttempt} (2 for the first retry).
     *
     * @throws DynamoStoreException when {@code nextAttempt} is beyond the budget, or when interrupted
     */
    void beforeAttempt(int nextAttempt, String what) {
        if (nextAttempt > maxAttempts) {
            throw new DynamoStoreException(what + " still incomplete after " + maxAttempts + " attempts");
        }
        long ceiling = Math.min(capMillis, baseMillis << Math.min(nextAttempt - 2, 20));
        long millis = ceiling <= 0 ? 0 : Jitter.below(ceiling + 1);
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DynamoStoreException("interrupted while retrying " + what, e);
        }
    }
}
