package dev.bankfeed.store;

import java.time.Instant;

/**
 * What a run did so far: its units ({@code queued} in all, {@code done} OK, {@code failed} otherwise), the records
 * its units stored, and whether every unit has reported ({@link Status}).
 */
public record RunRecord(String runId, String job, String trigger, Status status, long queued, long done,
        long failed, long added, long changed, long unchanged, long rejected, long pages, Instant startedAt,
        Instant finishedAt) {

    /** Whether every unit has reported; its name is the stored and answered value. */
    public enum Status {
        /** Some unit has not reported yet. */
        RUNNING,
        /** Every unit has reported. */
        FINISHED
    }

    /** This record as FINISHED at {@code at}. */
    public RunRecord finished(Instant at) {
        return new RunRecord(runId, job, trigger, Status.FINISHED, queued, done, failed, added, changed, unchanged,
                rejected, pages, startedAt, at);
    }
}
