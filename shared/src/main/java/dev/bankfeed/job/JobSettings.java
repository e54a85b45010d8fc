package dev.bankfeed.job;

import java.time.Duration;

/**
 * Tunables of the jobs. {@code lookbackDays}: how far behind the watermark an incremental run re-reads
 * (late and changed data); {@code backfillDays}: history fetched by an account's first run;
 * {@code stopMargin}: how long before the deadline a walk stops fetching pages, so the state is saved in time;
 * {@code leaseTtl}: how long an account lease lasts if a run dies holding it; every page's checkpoint renews it, so
 * it bounds how long a killed run blocks its account, not how long a walk may take.
 */
public record JobSettings(int lookbackDays, int backfillDays, int pageSize, Duration stopMargin, Duration leaseTtl,
        Duration eventRetention) {

    public JobSettings {
        if (lookbackDays < 0 || backfillDays < 1 || pageSize < 1) {
            throw new IllegalArgumentException("lookbackDays >= 0, backfillDays >= 1 and pageSize >= 1 are required");
        }
    }

    /** Three days of lookback, 90 days of first-run history, 200 records a page, two-minute leases. */
    public static JobSettings defaults() {
        return new JobSettings(3, 90, 200, Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofDays(7));
    }
}
