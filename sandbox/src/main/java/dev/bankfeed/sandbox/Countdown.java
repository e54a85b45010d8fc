package dev.bankfeed.sandbox;

import java.util.concurrent.atomic.AtomicInteger;

/** "The next N times": armed with a count, consumed one take at a time, thread-safe. */
public final class Countdown {

    private final AtomicInteger remaining = new AtomicInteger();

    public void add(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        remaining.addAndGet(n);
    }

    /** True (and one fewer left) if any remain. */
    public boolean take() {
        return remaining.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    public void reset() {
        remaining.set(0);
    }
}
