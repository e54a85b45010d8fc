package dev.bankfeed.store;

import java.time.Duration;
import java.util.Optional;

/** Per-account transaction cursors. Saved only after the page they cover is durable. */
public interface CursorStore {

    Optional<SyncCursor> load(String accountCanonicalId);

    /**
     * Saves the cursor, but only while {@code leaseOwner} is still the owner of the account's lease (the
     * {@link LeaseStore} lease whose key is {@code accountCanonicalId}), and extends that lease by
     * {@code leaseTtl}, in one conditional write: a run that lost its lease must not move a cursor, and a run
     * that checkpoints keeps its account.
     *
     * @throws LeaseLostException when another run has taken the lease, or it was released
     */
    void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner, Duration leaseTtl);

    /**
     * The same save that also commits the account's transaction changes up to sequence number {@code changeSeq}
     * (see {@link TransactionStore#nextChangeSeq}) in the same conditional write: the change feed shows a page's
     * changes from the moment its checkpoint is durable.
     *
     * @throws LeaseLostException as {@link #save(String, SyncCursor, String, Duration)}
     */
    void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner, Duration leaseTtl, long changeSeq);

    /**
     * Commits the account's transaction changes up to {@code changeSeq} without moving its cursor (a windowed
     * sync, vanished marks after a walk's last checkpoint), on the same lease condition, extending the lease.
     *
     * @throws LeaseLostException when {@code leaseOwner} no longer holds the account's lease
     */
    void commitChanges(String accountCanonicalId, long changeSeq, String leaseOwner, Duration leaseTtl);
}
