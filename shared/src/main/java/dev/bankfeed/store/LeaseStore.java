package dev.bankfeed.store;

import java.time.Duration;

/**
 * Per-account leases taken with a conditional write, so that two concurrent runs never both work on one
 * account. A lease expires by itself after its TTL (a crashed run blocks its account for one TTL at most); a
 * run renews it with every cursor save ({@link CursorStore#save}). Keys are account canonical ids.
 */
public interface LeaseStore {

    /** Takes or renews the lease of an account; false when another owner holds an unexpired lease. */
    boolean tryAcquire(String accountCanonicalId, String owner, Duration ttl);

    /** Releases the lease if {@code owner} still holds it; otherwise does nothing. */
    void release(String accountCanonicalId, String owner);
}
