package dev.bankfeed.testing.memory;

import dev.bankfeed.store.CursorStore;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.LeaseStore;
import dev.bankfeed.store.SyncCursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Leases and cursors in memory, one object as in the DynamoDB table (the lease lives in the cursor item): a save
 * or commit succeeds only while its owner holds the lease (the owner alone is checked, not the expiry) and extends
 * it; taking a lease replaces its owner once it expired.
 */
public final class InMemoryLeasesAndCursors implements LeaseStore, CursorStore {

    private record Lease(String owner, Instant expiresAt) {
    }

    private final Map<String, Lease> leases = new HashMap<>();
    private final Map<String, SyncCursor> cursors = new HashMap<>();
    private final Map<String, Long> committed = new HashMap<>();
    private final Clock clock;

    public InMemoryLeasesAndCursors(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean tryAcquire(String accountCanonicalId, String owner, Duration ttl) {
        Lease held = leases.get(accountCanonicalId);
        Instant now = clock.instant();
        if (held != null && !held.owner.equals(owner) && held.expiresAt.isAfter(now)) {
            return false;
        }
        leases.put(accountCanonicalId, new Lease(owner, now.plus(ttl)));
        return true;
    }

    @Override
    public synchronized void release(String accountCanonicalId, String owner) {
        Lease held = leases.get(accountCanonicalId);
        if (held != null && held.owner.equals(owner)) {
            leases.remove(accountCanonicalId);
        }
    }

    /** Who holds the account's lease now, if anyone (expired leases included until taken). */
    public synchronized Optional<String> leaseOwner(String accountCanonicalId) {
        return Optional.ofNullable(leases.get(accountCanonicalId)).map(Lease::owner);
    }

    @Override
    public synchronized Optional<SyncCursor> load(String accountCanonicalId) {
        return Optional.ofNullable(cursors.get(accountCanonicalId));
    }

    @Override
    public synchronized void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner, Duration leaseTtl) {
        holdOrThrow(accountCanonicalId, leaseOwner, leaseTtl);
        cursors.put(accountCanonicalId, cursor);
    }

    @Override
    public synchronized void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner, Duration leaseTtl,
            long changeSeq) {
        holdOrThrow(accountCanonicalId, leaseOwner, leaseTtl);
        cursors.put(accountCanonicalId, cursor);
        committed.put(accountCanonicalId, changeSeq);
    }

    @Override
    public synchronized void commitChanges(String accountCanonicalId, long changeSeq, String leaseOwner,
            Duration leaseTtl) {
        holdOrThrow(accountCanonicalId, leaseOwner, leaseTtl);
        committed.put(accountCanonicalId, changeSeq);
    }

    /** The highest committed change sequence number of the account; 0 before any. */
    synchronized long committed(String accountCanonicalId) {
        return committed.getOrDefault(accountCanonicalId, 0L);
    }

    /** Commits {@code seq} unless a higher number is committed already: writes outside a walk. */
    synchronized void commitUnfenced(String accountCanonicalId, long seq) {
        committed.merge(accountCanonicalId, seq, Math::max);
    }

    private void holdOrThrow(String accountCanonicalId, String owner, Duration ttl) {
        Lease held = leases.get(accountCanonicalId);
        if (held == null || !held.owner.equals(owner)) {
            throw new LeaseLostException("lease of " + accountCanonicalId + " is not held by this run");
        }
        leases.put(accountCanonicalId, new Lease(owner, clock.instant().plus(ttl)));
    }
}
