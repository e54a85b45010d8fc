package dev.bankfeed.store;

import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import java.util.List;
import java.util.Optional;

/**
 * Balance history: every snapshot is kept (idempotent on its canonical id), and the latest one per
 * account and type is one cheap read.
 */
public interface BalanceStore {

    WriteCounts appendSnapshots(List<BalanceSnapshot> snapshots);

    Optional<BalanceSnapshot> latest(String accountCanonicalId, BalanceType type);

    /** Newest first, at most {@code limit}. */
    List<BalanceSnapshot> history(String accountCanonicalId, BalanceType type, int limit);

    /** The latest snapshot of every type (and credit-limit variant) the account has, by type name. */
    List<BalanceSnapshot> latest(String accountCanonicalId);

    /**
     * One page of {@link #history}: newest first, after {@code after} (a {@link Page#next()} of the same listing,
     * or null for the newest).
     */
    Page<BalanceSnapshot> history(String accountCanonicalId, BalanceType type, String after, int limit);
}
