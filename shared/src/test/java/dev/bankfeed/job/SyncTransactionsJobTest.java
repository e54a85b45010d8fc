package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.ForwardingProviderClient;
import dev.bankfeed.testing.PagesServedClock;
import dev.bankfeed.testing.Providers;
import dev.bankfeed.testing.memory.MemoryHarness;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The transactions job on in-memory stores and the provider sandbox: its walk, watermark, twin, vanished, rejection
 * and lease decisions in seconds. The DynamoDB store contract stays with the store ITs, the whole pipeline with
 * SyncJobsIT.
 */
class SyncTransactionsJobTest {

    private static long sum(List<AccountOutcome> outcomes, java.util.function.ToLongFunction<AccountOutcome> f) {
        return outcomes.stream().mapToLong(f).sum();
    }

    private static List<Account> accounts(MemoryHarness h) {
        List<Account> all = new ArrayList<>();
        for (String c : List.of("atlar-1", "atoa-1", "finqware-1")) {
            all.addAll(h.stores.accounts().accounts(c));
        }
        return all;
    }

    @Test
    void firstSyncStoresEverythingOnce_setsWatermarks_andAnUnchangedRerunWritesNothing() {
        try (MemoryHarness h = MemoryHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.listAccounts();

            List<AccountOutcome> first = h.syncTransactions();

            assertThat(first).hasSize(6).allSatisfy(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK));
            assertThat(sum(first, AccountOutcome::added)).isEqualTo(h.sandbox.expected().transactionCount());
            assertThat(h.differencesFromSandbox()).isEmpty();
            for (Account a : accounts(h)) {
                assertThat(h.stores.leasesAndCursors().load(a.canonicalId())).get()
                        .satisfies(c -> assertThat(c.walkInProgress()).isFalse())
                        .satisfies(c -> assertThat(c.watermark()).isNotNull().isBeforeOrEqualTo(h.sandbox.today()));
                assertThat(h.stores.leasesAndCursors().leaseOwner(a.canonicalId())).as("released").isEmpty();
            }

            List<AccountOutcome> again = h.syncTransactions();

            assertThat(sum(again, AccountOutcome::added) + sum(again, AccountOutcome::changed)).isZero();
            assertThat(sum(again, AccountOutcome::unchanged)).isPositive();
        }
    }

    @Test
    void aDayLater_theLookbackReadsNewAndLateRecords_andBookedRecordsCloseTheirPendingTwins() {
        try (MemoryHarness h = MemoryHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.listAccounts();
            h.syncTransactions();
            h.sandbox.advance();
            h.clock.advance(Duration.ofDays(1));

            List<AccountOutcome> next = h.syncTransactions();

            assertThat(next).allSatisfy(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK));
            assertThat(sum(next, AccountOutcome::added)).isPositive();
            assertThat(sum(next, AccountOutcome::changed)).isPositive();
            assertThat(sum(next, AccountOutcome::unchanged)).as("the lookback re-read").isPositive();
            assertThat(h.differencesFromSandbox()).isEmpty();
            // Atoa books a pending record under a new id: the booked one closed its twin.
            List<StoredTransaction> closed = new ArrayList<>();
            h.stores.accounts().accounts("atoa-1").forEach(a -> h.stores.transactions().forEachStored(
                    a.canonicalId(), null, null, s -> {
                        if (s.supersededBy() != null) {
                            closed.add(s);
                        }
                    }));
            assertThat(closed).isNotEmpty().allSatisfy(s -> {
                assertThat(s.transaction().status()).isEqualTo(TransactionStatus.PENDING);
                assertThat(h.stores.transactions().stored(s.supersededBy())).get()
                        .satisfies(b -> assertThat(b.supersedes()).isEqualTo(s.transaction().canonicalId()));
            });
        }
    }

    @Test
    void aPendingTheBankNoLongerListsIsMarkedVanishedOnceACompleteWalkCoversIt_andKept() {
        try (MemoryHarness h = MemoryHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.listAccounts();
            h.syncTransactions();
            String atoa = h.stores.accounts().accounts("atoa-1").get(0).canonicalId();
            String other = h.stores.accounts().accounts("atoa-1").get(1).canonicalId();
            // Dated: the walk starts the day before it. Undated (another account): the walk starts at the limit.
            Transaction hold = heldPending(h, atoa, "hold-released", h.sandbox.today().minusDays(20));
            Transaction undated = heldPending(h, other, "hold-undated", null);
            h.stores.transactions().upsertTransactions(List.of(hold, undated));
            h.clock.advance(Duration.ofHours(1));

            h.syncTransactions();

            assertThat(h.stores.transactions().openPending(atoa, null)).extracting(Transaction::canonicalId)
                    .doesNotContain(hold.canonicalId());
            assertThat(h.stores.transactions().openPending(other, null)).extracting(Transaction::canonicalId)
                    .doesNotContain(undated.canonicalId());
            assertThat(h.stores.transactions().stored(hold.canonicalId())).get()
                    .satisfies(s -> assertThat(s.vanishedAt()).isEqualTo(h.clock.instant()));
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void aRejectedRecordFailsItsAccount_keepsTheWatermarkBack_andIsStoredOnceItNormalizes() {
        AtomicBoolean corrupt = new AtomicBoolean(true);
        SandboxConfig config = BankfeedHarness.sandboxConfig().build();
        try (MemoryHarness h = MemoryHarness.start(config, BankfeedHarness.settingsFor(config),
                c -> !c.provider().equals(Providers.ATOA) ? c : ForwardingProviderClient.onEachPage(c, page -> {
                    if (corrupt.get() && page.pageIndex() == 0) {
                        ((ObjectNode) page.body().path("data").get(0)).put("currency", "ZZZ");
                    }
                }))) {
            h.listAccounts();

            List<AccountOutcome> first = h.syncTransactions();

            assertThat(first).filteredOn(o -> o.provider().equals("atoa")).hasSize(2).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
                assertThat(o.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
                assertThat(o.rejected()).isEqualTo(1);
            });
            for (Account a : h.stores.accounts().accounts("atoa-1")) {
                assertThat(h.stores.leasesAndCursors().load(a.canonicalId())).get()
                        .satisfies(c -> assertThat(c.watermark()).as("watermark kept back").isNull());
                assertThat(h.stores.rejections().open(a.canonicalId())).hasSize(1);
                assertThat(h.stores.statuses().status(a.canonicalId(), "transactions")).get()
                        .satisfies(s -> assertThat(s.lastErrorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE));
            }
            assertThat(h.differencesFromSandbox()).hasSize(2).allMatch(p -> p.startsWith("missing atoa:"));

            corrupt.set(false);
            List<AccountOutcome> second = h.syncTransactions();

            assertThat(second).allSatisfy(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK));
            assertThat(h.differencesFromSandbox()).isEmpty();
            h.stores.accounts().accounts("atoa-1")
                    .forEach(a -> assertThat(h.stores.rejections().open(a.canonicalId())).isEmpty());
        }
    }

    @Test
    void aWalkCutShortAtTheDeadlineResumesAfterItsLastDurablePage_andStoresEverythingOnce() {
        try (MemoryHarness h = MemoryHarness.start(BankfeedHarness.sandboxConfig()
                .connectionsPerProvider(1).accountsPerConnection(1).transactionsPerAccount(400).build())) {
            h.listAccounts();

            List<AccountOutcome> cut = h.syncTransactions(
                    Deadline.after(new PagesServedClock(h.sandbox, h.clock, 3), Duration.ofMinutes(10)));

            assertThat(cut).anySatisfy(
                    o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.STOPPED_AT_DEADLINE));
            assertThat(accounts(h)).anySatisfy(a -> assertThat(h.stores.leasesAndCursors().load(a.canonicalId()))
                    .get().satisfies(c -> assertThat(c.walkInProgress()).isTrue()));

            List<AccountOutcome> resumed = h.syncTransactions();

            assertThat(resumed).allSatisfy(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK));
            assertThat(h.differencesFromSandbox()).isEmpty();
            assertThat(sum(cut, AccountOutcome::added) + sum(resumed, AccountOutcome::added))
                    .isEqualTo(h.sandbox.expected().transactionCount());
            assertThat(sum(resumed, AccountOutcome::unchanged)).as("no page read twice").isZero();
        }
    }

    @Test
    void anAccountLeasedByAnotherRunIsSkippedUntouched() {
        try (MemoryHarness h = MemoryHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.listAccounts();
            String busy = h.stores.accounts().accounts("atoa-1").get(0).canonicalId();
            assertThat(h.stores.leasesAndCursors().tryAcquire(busy, "another-run", Duration.ofMinutes(15))).isTrue();

            List<AccountOutcome> r = h.syncTransactions();

            assertThat(r).filteredOn(o -> busy.equals(o.accountId())).singleElement()
                    .satisfies(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.LEASE_HELD));
            assertThat(h.stores.transactions().countActive(busy)).isZero();
            assertThat(h.stores.leasesAndCursors().load(busy)).isEmpty();
        }
    }

    @Test
    void aLeaseLostMidWalkStopsTheWalkWithoutWritingOrMovingTheCursor() {
        AtomicReference<MemoryHarness> harness = new AtomicReference<>();
        SandboxConfig config = BankfeedHarness.sandboxConfig().connectionsPerProvider(1).accountsPerConnection(1)
                .build();
        try (MemoryHarness h = MemoryHarness.start(config, BankfeedHarness.settingsFor(config),
                c -> ForwardingProviderClient.onEachPage(c, page -> {
                    // The walk stalls past its lease, and another run takes every account meanwhile.
                    MemoryHarness m = harness.get();
                    m.clock.advance(Duration.ofMinutes(3));
                    accounts(m).forEach(a -> m.stores.leasesAndCursors().tryAcquire(a.canonicalId(), "thief",
                            Duration.ofMinutes(2)));
                }))) {
            harness.set(h);
            h.listAccounts();

            List<AccountOutcome> r = h.syncTransactions();

            // The first walk loses its lease mid-walk; the thief holds the others before their walks start.
            assertThat(r).hasSize(3).allSatisfy(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.LEASE_HELD))
                    .anySatisfy(o -> assertThat(o.message()).contains("lease lost"));
            for (Account a : accounts(h)) {
                assertThat(h.stores.transactions().countActive(a.canonicalId())).isZero();
                assertThat(h.stores.leasesAndCursors().load(a.canonicalId())).isEmpty();
                assertThat(h.stores.leasesAndCursors().leaseOwner(a.canonicalId())).contains("thief");
            }
        }
    }

    /** A pending transaction the bank never listed (or no longer lists), shaped like a stored one of the account. */
    private static Transaction heldPending(MemoryHarness h, String accountId, String id, LocalDate date) {
        Transaction like = h.stores.transactions().listByAccount(accountId).get(0);
        return like.toBuilder().providerTransactionId(id).status(TransactionStatus.PENDING).bookingDate(date)
                .bookedAt(null).valueDate(null).description("HOTEL HOLD").reference("HOLD-" + id).balanceAfter(null)
                .build();
    }
}
