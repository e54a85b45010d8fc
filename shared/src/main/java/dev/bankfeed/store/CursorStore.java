package dev.bankfeed.store;

import java.util.Optional;

/** Per-account transaction cursors. Saved only after the page they cover is durable. */
public interface CursorStore {

    Optional<SyncCursor> load(String accountCanonicalId);

    /**
     * Saves the cursor, but only while {@code leaseOwner} still holds the account's lease (the
     * {@link LeaseStore} lease whose key is {@code accountCanonicalId}): a run that lost its lease must not
     * move a cursor.
     *
     * @throws LeaseLostException when the lease is no longer held by {@code leaseOwner}
     */
    void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner);
}
