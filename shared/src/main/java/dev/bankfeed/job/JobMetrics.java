package dev.bankfeed.job;

import java.util.List;

/**
 * Where jobs report counters (pages, records added/changed/unchanged/rejected, throttles, errors).
 * In Lambda these become CloudWatch EMF metrics; locally they are dropped or collected.
 */
public interface JobMetrics {

    JobMetrics NONE = (name, value) -> { };

    /** One per connection (its accounts unknown) or account whose provider answered that consent must be renewed. */
    String NEEDS_REAUTH = "NeedsReauth";
    /** At each run's finish: 1 when any of its units failed, else 0. */
    String RUNS_WITH_FAILURES = "RunsWithFailures";
    /** At each run's finish: how many of its units failed. */
    String FAILED_UNITS = "FailedUnits";
    /** At each run's start: connections whose last success for the job is older than the configured age. */
    String STALE_CONNECTIONS = "StaleConnections";
    /** Breaks found by one account's balance continuity check. */
    String BALANCE_CONTINUITY_BREAKS = "BalanceContinuityBreaks";
    /** The metrics template.yaml's alarms watch: a test holds the template to these names. */
    List<String> ALARMED = List.of(NEEDS_REAUTH, RUNS_WITH_FAILURES, STALE_CONNECTIONS, BALANCE_CONTINUITY_BREAKS);

    void count(String name, long value);

    /** Publishes what was counted since the last flush (end of an invocation). */
    default void flush() {
    }
}
