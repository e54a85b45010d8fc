package dev.bankfeed.store;

import java.time.Duration;

/**
 * Remembers which trigger events (EventBridge event ids) were already handled, so that a duplicate
 * delivery of the same event changes nothing.
 */
public interface EventLedger {

    /** Claims {@code eventKey} for {@code retention}; false when it was already claimed. */
    boolean claim(String eventKey, Duration retention);

    /** Gives a claim back (the run failed before doing anything), so a retry of the event can run. */
    void release(String eventKey);
}
