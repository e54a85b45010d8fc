package dev.bankfeed.store;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.Transaction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Transactions keyed by the provider's stable id. {@link #upsertTransactions} is durable when it returns:
 * only then may the walk's cursor move.
 */
public interface TransactionStore {

    /**
     * Upserts one page of one account: a new id is added; a changed one (status, amount, description,
     * ...) is updated and the change recorded; an unchanged one costs no write. A NEW booked transaction of a
     * provider that books pending items under a new id ({@link dev.bankfeed.provider.ProviderModule#booksPendingUnderNewId()})
     * closes its open PENDING twin of the same account (same amount, reference and counterparty) as superseded,
     * so the two are never counted twice.
     */
    WriteCounts upsertTransactions(List<Transaction> page);

    Optional<Transaction> find(String canonicalId);

    /**
     * Every stored transaction of an account, superseded and vanished pending items included, in provider id
     * order: one query per account instead of a read per transaction, for reconciling against a source of truth.
     */
    List<Transaction> listByAccount(String accountCanonicalId);

    /**
     * Every stored transaction of an account booked from {@code from} to {@code to} inclusive (null: no bound;
     * with a bound, undated records are left out), superseded and vanished pending items included with their
     * pairing, handed to {@code sink} as they are read in provider id order, without the provider's raw record:
     * memory stays one page whatever the account's size (exports).
     */
    void forEachStored(String accountCanonicalId, LocalDate from, LocalDate to, Consumer<StoredTransaction> sink);

    /**
     * PENDING transactions of an account, booked on or after {@code from} (null: all, undated ones included),
     * not yet superseded or vanished.
     */
    List<Transaction> openPending(String accountCanonicalId, LocalDate from);

    /** Records that a pending transaction disappeared from the provider; it is kept, never deleted. */
    void markVanished(String canonicalId, Instant at);

    /** How many transactions (pending items closed as superseded or vanished excluded) the account holds. */
    long countActive(String accountCanonicalId);

    /**
     * The active BOOKED transactions of an account (superseded and vanished ones excluded), reduced to what a
     * balance continuity check reads: a small projection, so a long history does not cost its raw records' memory.
     */
    List<BalanceContinuity.Entry> bookedEntries(String accountCanonicalId);
}
