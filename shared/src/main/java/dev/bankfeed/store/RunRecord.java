package dev.bankfeed.store;

import java.time.Instant;

/**
 * What a run did so far: its units ({@code queued} in all, {@code done} OK, {@code failed} otherwise), the records
 * its units stored, and whether every unit has reported ({@code status} RUNNING or FINISHED).
 */
public record RunRecord(String runId, String job, String trigger, String status, long queued, long done,
        long failed, long added, long changed, long unchanged, long rejected, long pages, Instant startedAt,
        Instant finishedAt) {

    public static final String RUNNING = "RUNNING";
    public static final String FINISHED = "FINISHED";

    /** This record as FINISHED at {@code at}. */
    public RunRecord finished(Instant at) {
        return new RunRecord(runId, job, trigger, FINISHED, queued, done, failed, added, changed, unchanged, rejected,
                pages, startedAt, at);
    }
}
