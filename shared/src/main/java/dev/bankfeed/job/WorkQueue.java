package dev.bankfeed.job;

import java.time.Duration;
import java.util.List;

/** Where a function sends its work units; the same function consumes them (an SQS queue in Lambda). */
public interface WorkQueue {

    /**
     * Sends every unit, each visible after {@code delay} (at most 15 minutes); returns only when all are
     * accepted, else throws.
     */
    void send(List<WorkUnit> units, Duration delay);
}
