package dev.bankfeed.store;

import java.time.Duration;

/**
 * Remembers which trigger events (EventBridge event ids) were already handled, so that a duplicate
 * delivery of the same event changes nothing. A claim is IN_PROGRESS until its run completes it, and only for
 * as long as that run can live: a run that dies (timeout, out of memory) leaves a claim that expires by itself,
 * so Lambda's retry runs the event again instead of being told it was handled.
 */
public interface EventLedger {

    /** What a claim attempt found. */
    enum Claim {
        /** The event is this invocation's to handle. */
        CLAIMED,
        /** Another invocation is handling it and may still be alive. */
        IN_PROGRESS,
        /** Already handled. */
        COMPLETED
    }

    /** Claims {@code eventKey} as IN_PROGRESS for {@code inProgressFor} (the run's remaining time). */
    Claim begin(String eventKey, Duration inProgressFor);

    /** {@link #begin}, answering only whether this invocation got the claim. */
    default boolean claim(String eventKey, Duration inProgressFor) {
        return begin(eventKey, inProgressFor) == Claim.CLAIMED;
    }

    /** Marks a claim COMPLETED, kept for {@code retention}: later deliveries of the event are duplicates. */
    void complete(String eventKey, Duration retention);

    /** Gives a claim back (the run failed in this process), so a retry of the event can run at once. */
    void release(String eventKey);
}
