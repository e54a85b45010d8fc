package dev.bankfeed.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock whose time runs out (an hour jumps) once the harness's sandbox has served {@code pages} transaction
 * pages: a deadline on it cuts a walk short after exactly that many pages, as Lambda's timeout would.
 */
public final class PagesServedClock extends Clock {
    private final BankfeedHarness h;
    private final int pages;
    private final long before;

    public PagesServedClock(BankfeedHarness h, int pages) {
        this.h = h;
        this.pages = pages;
        this.before = served(h);
    }

    private static long served(BankfeedHarness h) {
        return h.sandbox.requestCount("/financial-data/v2/transactions")
                + h.sandbox.requestCount("/financial-data/v2/pending-transactions")
                + h.sandbox.requestCount("/v2/ais/transactions/list")
                + h.sandbox.requestCount("/api/bank/accounts/") - h.sandbox.requestCount("/api/bank/accounts/x");
    }

    @Override
    public Instant instant() {
        Instant now = h.clock.instant();
        return served(h) - before >= pages ? now.plus(Duration.ofHours(1)) : now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
