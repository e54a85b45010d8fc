package dev.bankfeed.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Politeness per connection, shared by every worker: a counting semaphore (at most {@code limit} units of a
 * connection at once, each slot expiring by itself so a crashed worker frees it) and a "throttled until" mark set
 * when a bank answers rate-limited.
 */
public interface ConnectionGate {

    /** Takes a free slot of the connection for {@code ttl}; empty when all {@code limit} are held. */
    Optional<Integer> tryEnter(String connectionId, int limit, String owner, Duration ttl);

    /** Frees the slot if {@code owner} still holds it. */
    void leave(String connectionId, int slot, String owner);

    /** Until when the connection is throttled, if a mark is set (it may lie in the past). */
    Optional<Instant> throttledUntil(String connectionId);

    /** Marks the connection throttled until {@code until}, unless it already is for longer. */
    void throttle(String connectionId, Instant until);
}
