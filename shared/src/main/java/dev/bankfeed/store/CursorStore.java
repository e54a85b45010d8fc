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
}
