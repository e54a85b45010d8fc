package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.Transaction;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.OlderReleaseFeed;
import dev.bankfeed.testing.OlderReleaseFeed.Drain;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stamp of an account's transactions from before the change feed, at the store: one number per 500 items read,
 * an item written since the upgrade keeps its own number, and a stamp cut short by a lost lease is finished, once,
 * by the next walk that holds it.
 */
class DynamoChangeFeedStampIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private static final Duration TTL = Duration.ofMinutes(2);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T08:00:00Z"));
    /** The stores of this test's table, which exists from the test's start. */
    private DynamoStores stores() {
        return DynamoStores.create(DYNAMO.client(), DYNAMO.table(), clock, ProviderModules.twinning());
    }

    /** {@code n} booked transactions written by a release before the feed. */
    private static void olderReleaseWrote(TransactionStore txns, int n) {
        List<Transaction> all = IntStream.range(0, n).mapToObj(i -> Txn.booked(String.format("t%04d", i)).build())
                .toList();
        for (int from = 0; from < n; from += 150) {
            txns.upsertTransactions(all.subList(from, Math.min(n, from + 150)));
        }
        OlderReleaseFeed.asAnOlderReleaseLeftIt(DYNAMO.client(), DYNAMO.table(), Txn.ACCOUNT_ID);
    }

    private static Drain fromStart(TransactionStore txns) {
        return Drain.from(txns, Txn.ACCOUNT_ID, null, 100);
    }

    private long records() {
        return OlderReleaseFeed.feedRecords(DYNAMO.client(), DYNAMO.table(), Txn.ACCOUNT_ID);
    }

    private long itemSeq(String id) {
        return Attrs.num(DYNAMO.client().getItem(b -> b.tableName(DYNAMO.table()).consistentRead(true)
                .key(Attrs.key(Keys.account(Txn.ACCOUNT_ID), Keys.txn(id)))).item(), ChangeFeedItems.ITEM_SEQ);
    }

    @Test
    void manyItems_areStampedUnderOneNumberPer500_andEachComesOnce_andTheNextWalkStampsNothing() {
        DynamoStores stores = stores();
        TransactionStore txns = stores.transactions();
        olderReleaseWrote(txns, 1050);
        assertThat(fromStart(txns).last()).isEmpty();
        assertThat(stores.leases().tryAcquire(Txn.ACCOUNT_ID, "walk-1", TTL)).isTrue();
        long first = txns.nextChangeSeq(Txn.ACCOUNT_ID);

        long next = txns.nextChangeSeq(Txn.ACCOUNT_ID, "walk-1", TTL);

        assertThat(next).isEqualTo(first + 3);
        assertThat(records()).isEqualTo(3);
        Drain drain = fromStart(txns);
        assertThat(drain.times()).hasSize(1050);
        assertThat(drain.times().values()).containsOnly(1);
        assertThat(txns.nextChangeSeq(Txn.ACCOUNT_ID, "walk-1", TTL)).isEqualTo(next);
        assertThat(records()).isEqualTo(3);
    }

    @Test
    void anItemWrittenSinceTheUpgrade_keepsItsNumber_andComesOnceInItsNewState() {
        DynamoStores stores = stores();
        TransactionStore txns = stores.transactions();
        olderReleaseWrote(txns, 20);
        Txn changed = Txn.booked("t0005");
        changed.description = "written after the upgrade";
        txns.upsertTransactions(List.of(changed.build()));
        assertThat(stores.leases().tryAcquire(Txn.ACCOUNT_ID, "walk-1", TTL)).isTrue();

        txns.nextChangeSeq(Txn.ACCOUNT_ID, "walk-1", TTL);

        assertThat(itemSeq("t0005")).isLessThan(itemSeq("t0004"));
        Drain drain = fromStart(txns);
        assertThat(drain.times()).hasSize(20);
        assertThat(drain.times().values()).containsOnly(1);
        assertThat(drain.last().get("t0005")).contains("written after the upgrade");
    }

    @Test
    void aStampWhoseLeaseIsGone_commitsNothing_andTheNextWalkHoldingItShowsEveryItemOnce() {
        DynamoStores stores = stores();
        TransactionStore txns = stores.transactions();
        olderReleaseWrote(txns, 20);
        assertThat(stores.leases().tryAcquire(Txn.ACCOUNT_ID, "another-run", TTL)).isTrue();

        assertThatThrownBy(() -> txns.nextChangeSeq(Txn.ACCOUNT_ID, "lost-it", TTL))
                .isInstanceOf(LeaseLostException.class);
        assertThat(fromStart(txns).last()).as("stamped but not committed").isEmpty();

        clock.advance(TTL.plusSeconds(1));
        assertThat(stores.leases().tryAcquire(Txn.ACCOUNT_ID, "walk-2", TTL)).isTrue();
        txns.nextChangeSeq(Txn.ACCOUNT_ID, "walk-2", TTL);

        assertThat(records()).as("the dead stamp's record lists them all; nothing is stamped twice").isEqualTo(1);
        Drain drain = fromStart(txns);
        assertThat(drain.times()).hasSize(20);
        assertThat(drain.times().values()).containsOnly(1);
    }
}
