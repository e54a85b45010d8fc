package dev.bankfeed.provider.http;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The retry jitter's random source, which can be given a fresh seed: every environment restored from one
 * SnapStart snapshot starts with the same generator state, so without a new seed they would all back off by
 * the same amounts and retry in lockstep. Thread-safe.
 */
public final class ReseedableRandom implements RandomGenerator {

    private SplittableRandom generator;

    /** A generator with a fresh seed. */
    public ReseedableRandom() {
        this(freshSeed());
    }

    /** A generator with {@code seed} (tests). */
    public ReseedableRandom(long seed) {
        generator = new SplittableRandom(seed);
    }

    /** Starts a new sequence from a fresh seed. */
    public synchronized void reseed() {
        generator = new SplittableRandom(freshSeed());
    }

    @Override
    public synchronized long nextLong() {
        return generator.nextLong();
    }

    private static long freshSeed() {
        // SecureRandom reads the OS's entropy when asked, after the restore; the clock alone could repeat.
        return new SecureRandom().nextLong() ^ System.nanoTime();
    }
}
