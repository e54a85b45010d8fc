package dev.bankfeed.job;

import java.util.List;

/** The result of one job run: per-account outcomes and totals; its JSON names the {@link Status}. */
public record JobResult(String job, String runId, Status status, List<AccountOutcome> accounts, long added,
        long changed, long unchanged, int pages, int rejected, long durationMillis) {

    /** How the run went as a whole; its name is the JSON value. */
    public enum Status {
        /** Every account OK. */
        COMPLETED,
        /** Some account failed, was busy, postponed or stopped at the deadline. */
        PARTIAL,
        /** The triggering event was already handled; nothing was done. */
        DUPLICATE_EVENT
    }

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
            allOk &= o.status() == AccountOutcome.Status.OK;
        }
        return new JobResult(job.id(), runId, allOk ? Status.COMPLETED : Status.PARTIAL, outcomes, added, changed,
                unchanged, pages, rejected, durationMillis);
    }

    public static JobResult duplicate(JobKind job, String runId) {
        return new JobResult(job.id(), runId, Status.DUPLICATE_EVENT, List.of(), 0, 0, 0, 0, 0, 0);
    }
}
