package dev.bankfeed.util;

import java.security.SecureRandom;

/** Random amounts for retry backoff and for spreading work, fresh in every environment restored from a snapshot. */
public final class Jitter {

    /**
     * Not ThreadLocalRandom: its seeds live in the heap a SnapStart snapshot captures, so environments restored
     * from one snapshot would draw the same numbers; SecureRandom draws fresh entropy after a restore.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private Jitter() {
    }

    /** A random value in [0, {@code bound}); {@code bound} must be positive. */
    public static long below(long bound) {
        return RANDOM.nextLong(bound);
    }

    /** A random value in [0, {@code bound}); {@code bound} must be positive. */
    public static int below(int bound) {
        return RANDOM.nextInt(bound);
    }
}
