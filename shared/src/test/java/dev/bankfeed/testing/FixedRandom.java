package dev.bankfeed.testing;

import java.util.random.RandomGenerator;

/** A random source whose {@code nextDouble()} is always the given fraction, so jittered waits are predictable. */
public record FixedRandom(double fraction) implements RandomGenerator {

    @Override
    public long nextLong() {
        return (long) (fraction * Long.MAX_VALUE);
    }

    @Override
    public double nextDouble() {
        return fraction;
    }
}
