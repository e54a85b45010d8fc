package dev.bankfeed.store;

import java.time.Instant;
import java.util.Optional;

/** Run records: created by a dispatch, counted up by the units as they finish, FINISHED by the last one. */
public interface RunStore {

    /**
     * Writes a new run record with {@code queued} units, {@code failedAtStart} of which already failed (a
     * connection whose accounts could not be listed); a run with nothing left to do is FINISHED at once.
     */
    void start(String runId, String job, String trigger, long queued, long failedAtStart, Instant at);

    Optional<RunRecord> find(String runId);

    /** True when the unit has already reported to its run (a duplicate delivery then has nothing to do). */
    boolean isReported(String runId, String unitId);

    /**
     * Adds one unit's report to its run and marks the run FINISHED when every unit has reported. With
     * {@code once}, a second report of the same unit changes nothing and is not counted (queue deliveries are
     * at least once); without, the caller guarantees a single report (one invocation runs the unit).
     */
    Reported report(String runId, String unitId, UnitReport report, boolean once, Instant at);

    /**
     * What one report did: {@code counted} is false for a repeated report; {@code finished} is the run's final
     * record when this report was the one that set it FINISHED (exactly one report does), else null.
     */
    record Reported(boolean counted, RunRecord finished) {
    }
}
