package dev.bankfeed.store;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.Transaction;
import java.time.Duration;
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
     * provider that books pending items under a new id ({@link dev.bankfeed.model.TwinningProviders}, given by
     * the wiring) closes its open PENDING twin of the same account (same amount, reference and counterparty) as
     * superseded, so the two are never counted twice.
     */
    WriteCounts upsertTransactions(List<Transaction> page);

    /**
     * The change sequence number a walk that now holds the account's lease writes its first page under: above
     * the committed number and above every number a run that died before its checkpoint may have written. The
     * walk then uses one number per page, increasing, and commits each with the page's checkpoint
     * ({@link CursorStore#save(String, SyncCursor, String, java.time.Duration, long)}).
     */
    long nextChangeSeq(String accountCanonicalId);

    /**
     * {@link #nextChangeSeq(String)} for a walk that holds the account's lease as {@code leaseOwner}, which first puts
     * into the change feed, once per account, the transactions a release before the feed stored without a number
     * (DATA_MODEL.md, "Change feed"): their numbers are committed on the lease's condition, extending it by
     * {@code leaseTtl}, before it returns a number above them.
     *
     * @throws LeaseLostException when {@code leaseOwner} no longer holds the account's lease
     */
    long nextChangeSeq(String accountCanonicalId, String leaseOwner, Duration leaseTtl);

    /**
     * {@link #upsertTransactions(List)} of one account's page under change sequence number {@code changeSeq}:
     * every item it writes (and every stored pending or booked item a twin pairing updates) is recorded in the
     * account's change feed under that number, visible once the number is committed. For a walk that holds the
     * account's lease; the one-argument form commits by itself and is for callers outside a walk (tools, tests).
     */
    WriteCounts upsertTransactions(List<Transaction> page, long changeSeq);

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

    /** {@link #markVanished(String, Instant)} recorded in the change feed under {@code changeSeq} (see above). */
    void markVanished(String canonicalId, Instant at, long changeSeq);

    /**
     * A page of an account's transactions booked from {@code from} to {@code to} inclusive (null: no bound;
     * with a bound, undated ones are left out), in provider id order, without raw records, starting after
     * {@code after} (a {@link Page#next()} of the same listing, or null for the first page).
     */
    Page<StoredTransaction> window(String accountCanonicalId, LocalDate from, LocalDate to, String after, int limit);

    /**
     * The account's change feed after position {@code after} (a {@link Page#next()}, or null from the start): each
     * transaction whose latest committed write lies after it, once, in its state as of that write, in commit order.
     * {@code next} is never null: a caller that is up to date asks again from it later. A transaction written again
     * before the reader reached its earlier entry comes once, at its later place.
     */
    Page<StoredTransaction> changes(String accountCanonicalId, String after, int limit);

    /** How many transactions (pending items closed as superseded or vanished excluded) the account holds. */
    long countActive(String accountCanonicalId);

    /**
     * The active BOOKED transactions of an account (superseded and vanished ones excluded), reduced to what a
     * balance continuity check reads: a small projection, so a long history does not cost its raw records' memory.
     */
    List<BalanceContinuity.Entry> bookedEntries(String accountCanonicalId);
}
