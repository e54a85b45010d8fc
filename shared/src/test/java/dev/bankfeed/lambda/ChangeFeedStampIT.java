package dev.bankfeed.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.model.Account;
import dev.bankfeed.store.dynamo.BankfeedTable;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.DynamoFaults;
import dev.bankfeed.testing.OlderReleaseFeed;
import dev.bankfeed.testing.OlderReleaseFeed.Drain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Transactions an older release stored carry no change sequence number and no feed record. The first walk after
 * the upgrade stamps them into the feed, so a consumer that follows it from its start gets every transaction once,
 * even when the stamping run dies before its commit; and it does so once per account.
 */
class ChangeFeedStampIT {

    /** Counts the stores' UpdateItem calls on transaction items: only the stamp updates one outside a transaction. */
    private static final class ItemUpdates implements ExecutionInterceptor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (stampOfAnItem(context.request())) {
                count.incrementAndGet();
            }
        }
    }

    private static boolean stampOfAnItem(SdkRequest r) {
        return r instanceof UpdateItemRequest u && u.key().get(BankfeedTable.SK).s().startsWith("TXN#");
    }

    /** An UpdateItem of the cursor item that commits a change sequence number. */
    private static boolean commitOfChanges(SdkRequest r) {
        return DynamoFaults.cursorUpdate(r) && ((UpdateItemRequest) r).expressionAttributeNames().containsValue(
                "changeSeq");
    }

    /** Where the stamping run dies. */
    enum Crash {
        /** Some items are stamped, the rest are not, nothing is committed. */
        MID_STAMP(ChangeFeedStampIT::stampOfAnItem, 10, true),
        /** Every item is stamped and listed, the commit never happens. */
        BEFORE_COMMIT(ChangeFeedStampIT::commitOfChanges, 1, false);

        final Predicate<SdkRequest> call;
        final int nth;
        final boolean after;

        Crash(Predicate<SdkRequest> call, int nth, boolean after) {
            this.call = call;
            this.nth = nth;
            this.after = after;
        }
    }

    private final DynamoFaults faults = new DynamoFaults();
    private final ItemUpdates updates = new ItemUpdates();

    private BankfeedHarness harness() {
        var config = BankfeedHarness.sandboxConfig().connectionsPerProvider(1).accountsPerConnection(1)
                .transactionsPerAccount(40).pendingPerAccount(6).build();
        return BankfeedHarness.start(config, BankfeedHarness.settingsFor(config), null,
                ClientOverrideConfiguration.builder().addExecutionInterceptor(faults).addExecutionInterceptor(updates)
                        .build());
    }

    private static List<String> accounts(BankfeedHarness h) {
        List<String> ids = new ArrayList<>();
        for (String connection : List.of("atlar-1", "atoa-1", "finqware-1")) {
            h.deps().accounts().accounts(connection).stream().map(Account::canonicalId).forEach(ids::add);
        }
        return ids;
    }

    /** Every stored transaction of the account as the read API shows it, by provider id. */
    private static Map<String, String> table(BankfeedHarness h, String account) {
        Map<String, String> state = new TreeMap<>();
        h.deps().transactions().forEachStored(account, null, null,
                s -> state.put(s.transaction().providerTransactionId(), ReadApi.transactionJson(s).toString()));
        return state;
    }

    private static Drain drain(BankfeedHarness h, String account, String cursor) {
        return Drain.from(h.deps().transactions(), account, cursor, 7);
    }

    private static long feedRecords(BankfeedHarness h, String account) {
        return OlderReleaseFeed.feedRecords(h.dynamo, h.table, account);
    }

    private static Map<String, Drain> olderReleaseTable(BankfeedHarness h) {
        assertThat(h.syncAll().status()).isEqualTo(JobResult.Status.COMPLETED);
        Map<String, Drain> before = new HashMap<>();
        for (String account : accounts(h)) {
            OlderReleaseFeed.asAnOlderReleaseLeftIt(h.dynamo, h.table, account);
            before.put(account, drain(h, account, null));
            assertThat(before.get(account).last()).as("an older release's table has no feed").isEmpty();
        }
        return before;
    }

    /** After the stamp: the feed from its start hands out every stored transaction once, as stored. */
    private static void everyTransactionOnce(BankfeedHarness h, Map<String, Drain> drains) {
        for (String account : accounts(h)) {
            Map<String, String> table = table(h, account);
            assertThat(table).isNotEmpty();
            Drain fromStart = drain(h, account, null);
            assertThat(fromStart.last().keySet()).as(account).isEqualTo(table.keySet());
            assertThat(fromStart.last()).as(account).isEqualTo(table);
            assertThat(fromStart.times().values()).as(account).containsOnly(1);
            // A consumer that started before the upgrade's stamp gets the same, after what it already had.
            Drain continued = drain(h, account, drains.get(account).cursor());
            assertThat(continued.last().keySet()).as(account).isEqualTo(table.keySet());
            assertThat(continued.last()).as(account).isEqualTo(table);
            assertThat(continued.times().values()).as(account).containsOnly(1);
            drains.put(account, continued);
        }
    }

    /** A run after the stamp stamps nothing again: no item update, no new record, nothing new in the feed. */
    private void aSecondRunStampsNothing(BankfeedHarness h, Map<String, Drain> drains) {
        Map<String, Long> records = new HashMap<>();
        accounts(h).forEach(a -> records.put(a, feedRecords(h, a)));
        updates.count.set(0);
        assertThat(h.run(JobKind.TRANSACTIONS).status()).isEqualTo(JobResult.Status.COMPLETED);
        assertThat(updates.count.get()).as("items stamped again").isZero();
        for (String account : accounts(h)) {
            assertThat(feedRecords(h, account)).as(account).isEqualTo(records.get(account));
            assertThat(drain(h, account, drains.get(account).cursor()).last()).as(account).isEmpty();
        }
    }

    @Test
    void theFirstWalkAfterTheUpgrade_stampsTheOlderItemsIntoTheFeed_once() {
        try (BankfeedHarness h = harness()) {
            Map<String, Drain> drains = olderReleaseTable(h);

            assertThat(h.run(JobKind.TRANSACTIONS).status()).isEqualTo(JobResult.Status.COMPLETED);

            everyTransactionOnce(h, drains);
            aSecondRunStampsNothing(h, drains);
        }
    }

    @ParameterizedTest
    @EnumSource(Crash.class)
    void aStampingRunThatDies_losesNothing_andTheNextRunShowsEveryTransactionOnce(Crash crash) {
        try (BankfeedHarness h = harness()) {
            Map<String, Drain> drains = olderReleaseTable(h);
            faults.killAt(crash.name(), crash.call, crash.nth, crash.after);

            Throwable died = catchThrowable(() -> h.run(JobKind.TRANSACTIONS));
            assertThat(faults.struck()).as("the kill struck").isTrue();
            assertThat(died).isInstanceOf(DynamoFaults.ProcessKilled.class);
            faults.clear();
            for (String account : accounts(h)) {
                Drain meanwhile = drain(h, account, drains.get(account).cursor());
                assertThat(meanwhile.times().values()).as("nothing twice before the next run")
                        .allSatisfy(n -> assertThat(n).isEqualTo(1));
            }
            h.clock.advance(Duration.ofMinutes(10)); // the dead run's lease and slots run out
            assertThat(h.run(JobKind.TRANSACTIONS).status()).isEqualTo(JobResult.Status.COMPLETED);

            everyTransactionOnce(h, drains);
            aSecondRunStampsNothing(h, drains);
        }
    }
}
