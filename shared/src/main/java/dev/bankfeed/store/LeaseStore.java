package dev.bankfeed.store;

import java.time.Duration;

/**
 * Per-account leases taken with a conditional write, so that two concurrent runs never both work on one
 * account. A lease expires by itself after its TTL (a crashed run does not block the account forever).
 */
public interface LeaseStore {

    /** Takes or renews the lease on {@code key}; false when another owner holds an unexpired lease. */
    boolean tryAcquire(String key, String owner, Duration ttl);

    /** Releases the lease if {@code owner} still holds it; otherwise does nothing. */
    void release(String key, String owner);
}
