package dev.bankfeed.provider.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The moment by which work must have stopped (the Lambda's deadline minus a safety margin). Retries never
 * sleep past it and walks stop before it, with their state saved.
 */
public final class Deadline {

    private final Clock clock;
    private final Instant at;

    private Deadline(Clock clock, Instant at) {
        this.clock = clock;
        this.at = at;
    }

    /** A deadline {@code budget} from now on the system clock. */
    public static Deadline after(Duration budget) {
        return after(Clock.systemUTC(), budget);
    }

    /** A deadline {@code budget} from now on {@code clock}. */
    public static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    /** A deadline far enough away never to matter (local tools). */
    public static Deadline none() {
        return new Deadline(Clock.systemUTC(), Instant.MAX);
    }

    /** Time left, never negative. */
    public Duration remaining() {
        if (at.equals(Instant.MAX)) {
            return Duration.ofDays(3650);
        }
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** True when less than {@code needed} is left. */
    public boolean isWithin(Duration needed) {
        return remaining().compareTo(needed) < 0;
    }

    public boolean isExpired() {
        return remaining().isZero();
    }
}
