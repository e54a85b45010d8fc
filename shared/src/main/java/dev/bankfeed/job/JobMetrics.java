package dev.bankfeed.job;

/**
 * Where jobs report counters (pages, records added/changed/unchanged/rejected, throttles, errors).
 * In Lambda these become CloudWatch EMF metrics; locally they are dropped or collected.
 */
public interface JobMetrics {

    JobMetrics NONE = (name, value) -> { };

    void count(String name, long value);

    /** Publishes what was counted since the last flush (end of an invocation). */
    default void flush() {
    }
}
