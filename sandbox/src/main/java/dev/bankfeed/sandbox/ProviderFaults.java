package dev.bankfeed.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault knobs for one provider, switchable at runtime from any thread. Counted faults ("the next N
 * requests") apply to the provider's requests in arrival order, optionally only those whose path starts with
 * a prefix; when several are armed, the one armed first is used first. Throttles and server errors replace
 * the response; a malformed fault cuts a real response's JSON in half, a reshaped one wraps it in an object the
 * client does not expect; a hang holds the response back; a drop closes the connection in the middle of the
 * body. {@link #afterRequests} changes the world between two requests (a token expiring or a consent revoked in
 * the middle of a walk).
 */
public class ProviderFaults {

    enum Kind { THROTTLE, SERVER_ERROR, MALFORMED, RESHAPED, HANG, DROP_MID_BODY }

    /** One armed counted fault. */
    static final class Armed {
        final Kind kind;
        final int status;
        final RetryAfter retryAfter;
        final String pathPrefix;
        final Duration hold;
        private int remaining;

        Armed(Kind kind, int status, RetryAfter retryAfter, String pathPrefix, int remaining) {
            this(kind, status, retryAfter, pathPrefix, remaining, Duration.ZERO);
        }

        Armed(Kind kind, int status, RetryAfter retryAfter, String pathPrefix, int remaining, Duration hold) {
            this.kind = kind;
            this.status = status;
            this.retryAfter = retryAfter;
            this.pathPrefix = pathPrefix;
            this.remaining = remaining;
            this.hold = hold;
        }
    }

    /** A change of the world that runs once, after the n-th matching request from when it was armed. */
    private static final class Trigger {
        final String pathPrefix;
        final Runnable change;
        int remaining;

        Trigger(String pathPrefix, Runnable change, int remaining) {
            this.pathPrefix = pathPrefix;
            this.change = change;
            this.remaining = remaining;
        }
    }

    private final String provider;
    private final List<Armed> armed = new ArrayList<>();
    private final List<Trigger> triggers = new ArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    /** Per account id: {from millis, delta minor}. */
    private final Map<String, long[]> balanceSkews = new ConcurrentHashMap<>();

    /** Knobs for the provider with id {@code provider}. */
    protected ProviderFaults(String provider) {
        this.provider = provider;
    }

    /** The provider id. */
    public String provider() {
        return provider;
    }

    /** The next {@code n} requests get 429 with the given Retry-After. */
    public void throttleNext(int n, RetryAfter retryAfter) {
        throttleNext(n, retryAfter, null);
    }

    /** The next {@code n} requests whose path starts with {@code pathPrefix} get 429 with the given Retry-After. */
    public void throttleNext(int n, RetryAfter retryAfter, String pathPrefix) {
        arm(new Armed(Kind.THROTTLE, 429, Objects.requireNonNull(retryAfter, "retryAfter"), pathPrefix, n));
    }

    /** The next {@code n} requests get {@code status} (500, 502, 503, 504) with the provider's error body. */
    public void failNext(int n, int status) {
        failNext(n, status, null);
    }

    /** Like {@link #failNext(int, int)} for requests whose path starts with {@code pathPrefix}. */
    public void failNext(int n, int status, String pathPrefix) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("failNext is for 5xx statuses, was " + status);
        }
        arm(new Armed(Kind.SERVER_ERROR, status, null, pathPrefix, n));
    }

    /** The next {@code n} requests get their real status and headers but a truncated JSON body. */
    public void malformNext(int n) {
        malformNext(n, null);
    }

    /** Like {@link #malformNext(int)} for requests whose path starts with {@code pathPrefix}. */
    public void malformNext(int n, String pathPrefix) {
        arm(new Armed(Kind.MALFORMED, 200, null, pathPrefix, n));
    }

    /**
     * The next {@code n} requests whose path starts with {@code pathPrefix} (null: any) get their real status and
     * headers and a body that is valid JSON of the wrong shape: the real body wrapped as {@code {"payload": ...}}.
     */
    public void reshapeNext(int n, String pathPrefix) {
        arm(new Armed(Kind.RESHAPED, 200, null, pathPrefix, n));
    }

    /**
     * The next {@code n} requests whose path starts with {@code pathPrefix} (null: any) are answered only after
     * {@code hold}: set it past the client's timeout to play a hung server (the late answer goes nowhere).
     */
    public void hangNext(int n, Duration hold, String pathPrefix) {
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("hold must be positive");
        }
        arm(new Armed(Kind.HANG, 200, null, pathPrefix, n, hold));
    }

    /**
     * The next {@code n} requests whose path starts with {@code pathPrefix} (null: any) get their real status,
     * headers and Content-Length, then half the body, then the connection is closed: a connection lost mid-body.
     */
    public void dropNext(int n, String pathPrefix) {
        arm(new Armed(Kind.DROP_MID_BODY, 200, null, pathPrefix, n));
    }

    /**
     * Runs {@code change} once, right after the {@code n}-th request from now whose path starts with
     * {@code pathPrefix} (null: any) has been answered and before the next is: the world changing between two
     * pages of a walk (a token expiring, a consent revoked, a transaction arriving or vanishing).
     */
    public void afterRequests(int n, String pathPrefix, Runnable change) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        synchronized (triggers) {
            triggers.add(new Trigger(pathPrefix, Objects.requireNonNull(change, "change"), n));
        }
    }

    /** Counts one answered request against the armed {@link #afterRequests} changes, running those now due. */
    void served(String path) {
        List<Runnable> due = new ArrayList<>();
        synchronized (triggers) {
            for (Iterator<Trigger> it = triggers.iterator(); it.hasNext(); ) {
                Trigger t = it.next();
                if ((t.pathPrefix == null || path.startsWith(t.pathPrefix)) && --t.remaining <= 0) {
                    it.remove();
                    due.add(t.change);
                }
            }
        }
        due.forEach(Runnable::run);
    }

    /** Every response of this provider waits {@code delay} before it is sent; {@link Duration#ZERO} switches it off. */
    public void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.delay = delay;
    }

    /**
     * From now on, every balance of account {@code accountId} (the provider's id) that covers bookings at or after
     * {@code from} is reported {@code deltaMinor} off its ledger: the latest and historical balances, and
     * the balance after each transaction booked at or after {@code from} where the provider gives one. The
     * transactions themselves stay right, so balance continuity breaks where the skew starts.
     * {@link ProviderSandbox#expected()} keeps the true balances.
     */
    public void skewBalances(String accountId, Instant from, long deltaMinor) {
        balanceSkews.put(Objects.requireNonNull(accountId, "accountId"),
                new long[] {from.toEpochMilli(), deltaMinor});
    }

    /** Stops {@link #skewBalances} for one account: its balances agree with its ledger again, history included. */
    public void unskewBalances(String accountId) {
        balanceSkews.remove(accountId);
    }

    /** What to add to a balance of {@code accountId} that covers the bookings before {@code coversBeforeMillis}. */
    public long balanceSkew(String accountId, long coversBeforeMillis) {
        long[] skew = balanceSkews.get(accountId);
        return skew != null && coversBeforeMillis > skew[0] ? skew[1] : 0;
    }

    /** Disarms every fault of this provider (subclasses also clear their own state). */
    public void clear() {
        synchronized (armed) {
            armed.clear();
        }
        synchronized (triggers) {
            triggers.clear();
        }
        delay = Duration.ZERO;
        balanceSkews.clear();
    }

    private void arm(Armed a) {
        if (a.remaining < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        synchronized (armed) {
            armed.add(a);
        }
    }

    Duration currentDelay() {
        return delay;
    }

    /** Consumes and returns the first armed fault of one of {@code kinds} that matches {@code path}, or null. */
    Armed take(String path, Kind... kinds) {
        synchronized (armed) {
            for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
                Armed a = it.next();
                if (!List.of(kinds).contains(a.kind) || (a.pathPrefix != null && !path.startsWith(a.pathPrefix))) {
                    continue;
                }
                if (--a.remaining <= 0) {
                    it.remove();
                }
                return a;
            }
            return null;
        }
    }
}
