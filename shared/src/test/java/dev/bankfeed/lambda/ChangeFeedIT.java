package dev.bankfeed.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.sandbox.atoa.AtoaFaults;
import dev.bankfeed.store.Page;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.testing.BankfeedHarness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The change feed as a consumer follows it: every change to a transaction (new, changed amount or status,
 * pending closed by its booked twin, vanished) comes once, in the state it left, whether the consumer polls after
 * each sync or pages through the feed while syncs write; and a page whose run died before its checkpoint is never
 * shown early and never lost.
 */
class ChangeFeedIT {

    /** One consumer of one account's feed: its cursor and what it was handed, in order. */
    private static final class Consumer {
        final String account;
        final TransactionStore store;
        final int limit;
        String cursor;
        final Map<String, String> state = new HashMap<>();
        final List<String> repeats = new CopyOnWriteArrayList<>();
        int handedOut;

        Consumer(String account, TransactionStore store, int limit) {
            this.account = account;
            this.store = store;
            this.limit = limit;
        }

        /**
         * Follows the cursors until the feed says it is up to date; the last state that came, by provider id. A
         * drain is no snapshot: a transaction written again after the consumer passed its earlier write comes
         * again, in its new state (two writes, each once), so within a drain only a repeated state is a repeat.
         */
        Map<String, String> drain() {
            Map<String, String> got = new LinkedHashMap<>();
            Page<StoredTransaction> page;
            do {
                page = step(got);
            } while (page.more());
            return got;
        }

        /** One call of the feed: its page, whose transactions are added to {@code got}. */
        Page<StoredTransaction> step(Map<String, String> got) {
            Page<StoredTransaction> page = store.changes(account, cursor, limit);
            cursor = page.next();
            for (StoredTransaction s : page.items()) {
                String id = s.transaction().providerTransactionId();
                String json = ReadApi.transactionJson(s).toString();
                // Nothing is written unless it changed, and the feed moves forward only: the same state twice in
                // a row is one write handed out twice.
                if (json.equals(state.put(id, json))) {
                    repeats.add(id);
                }
                got.put(id, json);
                handedOut++;
            }
            return page;
        }
    }

    private static BankfeedHarness harness() {
        return BankfeedHarness.start(BankfeedHarness.sandboxConfig().connectionsPerProvider(1)
                .accountsPerConnection(1).transactionsPerAccount(40).pendingPerAccount(6).build());
    }

    private static Map<String, String> table(BankfeedHarness h, String account) {
        Map<String, String> state = new HashMap<>();
        h.deps().transactions().forEachStored(account, null, null,
                s -> state.put(s.transaction().providerTransactionId(), ReadApi.transactionJson(s).toString()));
        return state;
    }

    private static List<String> accounts(BankfeedHarness h) {
        List<String> ids = new ArrayList<>();
        for (String connection : List.of("atlar-1", "atoa-1", "finqware-1")) {
            h.deps().accounts().accounts(connection).stream().map(Account::canonicalId).forEach(ids::add);
        }
        return ids;
    }

    @Test
    void aConsumerPollingAfterEachSync_getsExactlyWhatThatSyncChanged_once() {
        try (BankfeedHarness h = harness()) {
            h.syncAll();
            Map<String, Consumer> consumers = new LinkedHashMap<>();
            for (String a : accounts(h)) {
                Consumer c = new Consumer(a, h.deps().transactions(), 4);
                consumers.put(a, c);
                assertThat(c.drain()).isEqualTo(table(h, a)); // from the start: everything stored, once
            }
            Map<String, Integer> kinds = new HashMap<>();

            for (int round = 0; round < 3; round++) {
                Map<String, Map<String, String>> before = new HashMap<>();
                consumers.keySet().forEach(a -> before.put(a, table(h, a)));
                h.sandbox.advance();
                if (round == 1) {
                    h.sandbox.faults().of(AtoaFaults.class).changeDataMidWalk(1);
                }
                JobResult r = h.run(JobKind.TRANSACTIONS);
                assertThat(r.status()).isEqualTo(JobResult.Status.COMPLETED);

                for (Consumer c : consumers.values()) {
                    Map<String, String> after = table(h, c.account);
                    Map<String, String> changed = new HashMap<>();
                    after.forEach((id, json) -> {
                        String old = before.get(c.account).get(id);
                        if (!json.equals(old)) {
                            changed.put(id, json);
                            kinds.merge(kind(old, json), 1, Integer::sum);
                        }
                    });
                    assertThat(c.drain()).as("round %d, %s", round, c.account).isEqualTo(changed);
                    assertThat(c.repeats).isEmpty();
                }
            }
            // The rounds covered every kind of change the feed must carry.
            assertThat(kinds).containsKeys("new", "superseded", "vanished", "booked under its own id");
        }
    }

    private static String kind(String before, String after) {
        if (before == null) {
            return "new";
        }
        if (after.contains("\"supersededBy\"") && !before.contains("\"supersededBy\"")) {
            return "superseded";
        }
        if (after.contains("\"vanishedAt\"") && !before.contains("\"vanishedAt\"")) {
            return "vanished";
        }
        if (before.contains("\"status\":\"PENDING\"") && after.contains("\"status\":\"BOOKED\"")) {
            return "booked under its own id";
        }
        return "changed";
    }

    @Test
    void aConsumerPagingWhileSyncsWrite_seesEveryChangeOnce_andEndsWithTheTablesState() throws Exception {
        try (BankfeedHarness h = harness()) {
            h.run(JobKind.ACCOUNTS);
            List<Consumer> consumers = accounts(h).stream()
                    .map(a -> new Consumer(a, h.deps().transactions(), 3)).toList();
            AtomicBoolean syncing = new AtomicBoolean(true);
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                while (syncing.get()) {
                    consumers.forEach(Consumer::drain);
                }
            });

            for (int round = 0; round < 3; round++) {
                if (round > 0) {
                    h.sandbox.advance();
                }
                // Two runs at once: one walks each account, the other finds its lease held, or takes it after.
                CompletableFuture<JobResult> other = CompletableFuture.supplyAsync(() -> h.run(JobKind.TRANSACTIONS));
                h.run(JobKind.TRANSACTIONS);
                other.get();
            }
            syncing.set(false);
            reader.get();

            for (Consumer c : consumers) {
                c.drain();
                Map<String, String> table = table(h, c.account);
                assertThat(c.state).as(c.account).isEqualTo(table);
                assertThat(c.repeats).as(c.account).isEmpty();
                assertThat(c.handedOut).isGreaterThanOrEqualTo(table.size());
            }
        }
    }

    /**
     * The flake this pins down: a consumer that had the first write of a transaction and meets a later write of it
     * before its drain ends gets it again, in its new state. That is two changes, each handed out once; writes
     * the consumer had not reached yet come once, in the latest state.
     */
    @Test
    void aTransactionWrittenAgainAfterTheConsumerPassedIt_comesAgainInItsNewState_whileWritesItHadNotReachedComeOnce() {
        try (BankfeedHarness h = harness()) {
            h.syncAll();
            String account = h.deps().accounts().accounts("atoa-1").get(0).canonicalId();
            TransactionStore store = h.deps().transactions();
            Consumer c = new Consumer(account, store, 1);
            c.drain();
            Transaction known = store.listByAccount(account).get(0);

            store.upsertTransactions(List.of(written(known, "x-1", "first"), written(known, "x-2", "first")));
            Map<String, String> got = new LinkedHashMap<>();
            assertThat(c.step(got).more()).isTrue();
            assertThat(got).containsOnlyKeys("x-1");
            assertThat(got.get("x-1")).contains("first");

            store.upsertTransactions(List.of(written(known, "x-1", "second"))); // mid-drain, after it was passed
            List<String> order = new ArrayList<>();
            Page<StoredTransaction> page;
            do {
                Map<String, String> step = new LinkedHashMap<>();
                page = c.step(step);
                order.addAll(step.keySet());
                got.putAll(step);
            } while (page.more());
            assertThat(order).containsExactly("x-2", "x-1");
            assertThat(got.get("x-1")).contains("second");

            store.upsertTransactions(List.of(written(known, "x-2", "second"))); // both before the consumer looks
            store.upsertTransactions(List.of(written(known, "x-2", "third")));
            Map<String, String> last = c.drain();
            assertThat(last).containsOnlyKeys("x-2");
            assertThat(last.get("x-2")).contains("third");
            assertThat(c.handedOut).isEqualTo(table(h, account).size() + 2); // x-1 and x-2 twice each, as written
            assertThat(c.repeats).isEmpty();
        }
    }

    /** A transaction of {@code known}'s account under {@code id}, its description {@code text}, twin of nothing. */
    private static Transaction written(Transaction known, String id, String text) {
        return Transaction.builder().provider(known.provider()).providerAccountId(known.providerAccountId())
                .providerTransactionId(id).amount(known.amount()).direction(known.direction()).status(known.status())
                .bookingDate(known.bookingDate()).bookedAt(known.bookedAt()).valueDate(known.valueDate())
                .description(text).reference("feed-test-" + id).build();
    }

    @Test
    void aPageWrittenWithoutItsCheckpoint_isHiddenUntilTheNextWalkCommits_thenComesOnce() {
        try (BankfeedHarness h = harness()) {
            h.syncAll();
            String account = h.deps().accounts().accounts("atoa-1").get(0).canonicalId();
            Consumer c = new Consumer(account, h.deps().transactions(), 5);
            c.drain();
            Transaction known = h.deps().transactions().listByAccount(account).get(0);
            Transaction orphan = written(known, "orphan-1", "written by a run that died before its checkpoint")
                    .toBuilder().reference(null).build();

            // A run that wrote its page and died: the number was never committed.
            long seq = h.deps().transactions().nextChangeSeq(account);
            h.deps().transactions().upsertTransactions(List.of(orphan), seq);

            assertThat(c.drain()).isEmpty();
            assertThat(h.deps().transactions().nextChangeSeq(account)).isGreaterThan(seq);
            h.run(JobKind.TRANSACTIONS); // the next walk numbers above it, and its checkpoints commit past it
            Map<String, String> got = c.drain();
            assertThat(got).containsKey("orphan-1");
            assertThat(got.get("orphan-1")).isEqualTo(table(h, account).get("orphan-1"));
            assertThat(c.drain()).isEmpty();
            assertThat(c.repeats).isEmpty();
            assertThat(Objects.requireNonNull(c.state.get("orphan-1"))).contains("died before its checkpoint");
        }
    }
}
