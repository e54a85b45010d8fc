package dev.bankfeed.job;

/** Where jobs report counters (pages, records added/changed/unchanged, throttles, errors); EMF in Lambda. */
public interface JobMetrics {

    JobMetrics NONE = (name, value) -> { };

    void count(String name, long value);
}
