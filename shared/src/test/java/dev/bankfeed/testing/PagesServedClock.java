package dev.bankfeed.testing;

import dev.bankfeed.sandbox.ProviderSandbox;
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
    private final ProviderSandbox sandbox;
    private final Clock base;
    private final int pages;
    private final long before;

    public PagesServedClock(BankfeedHarness h, int pages) {
        this(h.sandbox, h.clock, pages);
    }

    /** The same over any sandbox and base clock. */
    public PagesServedClock(ProviderSandbox sandbox, Clock base, int pages) {
        this.sandbox = sandbox;
        this.base = base;
        this.pages = pages;
        this.before = served(sandbox);
    }

    private static long served(ProviderSandbox sandbox) {
        return sandbox.requestCount("/financial-data/v2/transactions")
                + sandbox.requestCount("/financial-data/v2/pending-transactions")
                + sandbox.requestCount("/v2/ais/transactions/list")
                + sandbox.requestCount("/api/bank/accounts/") - sandbox.requestCount("/api/bank/accounts/x");
    }

    @Override
    public Instant instant() {
        Instant now = base.instant();
        return served(sandbox) - before >= pages ? now.plus(Duration.ofHours(1)) : now;
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
