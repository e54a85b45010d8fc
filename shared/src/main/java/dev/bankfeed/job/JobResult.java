package dev.bankfeed.job;

import java.util.List;

/**
 * The result of one job run: per-account outcomes and totals. {@code status}: COMPLETED (every account
 * OK), PARTIAL (some account failed, was busy or stopped at the deadline), DUPLICATE_EVENT (the
 * triggering event was already handled; nothing was done).
 */
public record JobResult(String job, String runId, String status, List<AccountOutcome> accounts, long added,
        long changed, long unchanged, int pages, int rejected, long durationMillis) {

    public static final String COMPLETED = "COMPLETED";
    public static final String PARTIAL = "PARTIAL";
    public static final String DUPLICATE_EVENT = "DUPLICATE_EVENT";

    public JobResult {
        accounts = List.copyOf(accounts);
    }

    /** Totals the outcomes into a result. */
    public static JobResult of(JobKind job, String runId, List<AccountOutcome> outcomes, long durationMillis) {
        long added = 0;
        long changed = 0;
        long unchanged = 0;
        int pages = 0;
        int rejected = 0;
        boolean allOk = true;
        for (AccountOutcome o : outcomes) {
            added += o.added();
            changed += o.changed();
            unchanged += o.unchanged();
            pages += o.pages();
            rejected += o.rejected();
            allOk &= AccountOutcome.OK.equals(o.status());
        }
        return new JobResult(job.id(), runId, allOk ? COMPLETED : PARTIAL, outcomes, added, changed, unchanged,
                pages, rejected, durationMillis);
    }

    public static JobResult duplicate(JobKind job, String runId) {
        return new JobResult(job.id(), runId, DUPLICATE_EVENT, List.of(), 0, 0, 0, 0, 0, 0);
    }
}
