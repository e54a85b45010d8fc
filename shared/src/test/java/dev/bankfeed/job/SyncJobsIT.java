package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.atoa.AtoaFaults;
import dev.bankfeed.sandbox.finqware.FinqwareFaults;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.SyncCursor;
import dev.bankfeed.store.dynamo.CapacityMeter;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.PagesServedClock;
import dev.bankfeed.testing.Providers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The three jobs end to end over the provider sandbox and moto_server: first sync, incremental
 * sync with lookback, pending to booked, a run cut short and resumed, a duplicate event, concurrent runs,
 * and failing accounts among healthy ones.
 */
class SyncJobsIT {

    @Test
    void firstSync_storesEverySandboxTransactionExactlyOnce_andAnUnchangedRerunWritesNoTransaction() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            JobResult first = h.syncAll();

            assertThat(first.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(first.added()).isEqualTo(h.sandbox.expected().transactionCount());
            assertThat(h.differencesFromSandbox()).isEmpty();
            assertThat(first.accounts()).allSatisfy(o -> assertThat(o.pages()).isGreaterThan(1));

            JobResult again = h.run(JobKind.TRANSACTIONS);

            assertThat(again.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(again.added()).isZero();
            assertThat(again.changed()).isZero();
            assertThat(again.unchanged()).isPositive();
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void firstSync_recordsAccountsBalancesCursorsAndStatuses() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.syncAll();

            for (var expected : h.sandbox.expected().accounts()) {
                String id = Account.canonicalId(Provider.of(expected.provider()), expected.accountId());
                assertThat(h.deps().cursors().load(id)).get()
                        .satisfies(c -> assertThat(c.walkInProgress()).isFalse())
                        .satisfies(c -> assertThat(c.watermark()).isNotNull());
                assertThat(h.deps().statuses().status(id, "transactions")).get()
                        .satisfies(s -> assertThat(s.lastSuccessAt()).isNotNull())
                        .satisfies(s -> assertThat(s.lastErrorClass()).isNull());
                assertThat(java.util.Arrays.stream(dev.bankfeed.model.BalanceType.values())
                        .filter(t -> h.deps().balances().latest(id, t).isPresent())).as("balances of " + id)
                        .isNotEmpty();
            }
            assertThat(h.deps().accounts().accounts("atlar-1")).hasSize(2);
        }
    }

    @Test
    void incrementalSync_aDayLater_addsNewAndLateTransactions_andReconcilesPending() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.syncAll();
            h.sandbox.advance();
            h.clock.advance(Duration.ofDays(1));

            JobResult next = h.run(JobKind.TRANSACTIONS);

            assertThat(next.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(next.added()).isPositive();
            // Pending items that booked changed (Finqware keeps utx_id) or were superseded by a twin (Atoa).
            assertThat(next.changed()).isPositive();
            assertThat(h.differencesFromSandbox()).isEmpty();
            // The lookback re-read yesterday's data but wrote nothing for it.
            assertThat(next.unchanged()).isPositive();
        }
    }

    @Test
    void pendingThatStartsTheWalk_undatedOrBeyondTheBackfill_isMarkedVanishedWhenACompleteWalkMissesIt() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.syncAll();
            var today = h.sandbox.today();
            String atoa = h.deps().accounts().accounts("atoa-1").get(0).canonicalId();
            String finqware = h.deps().accounts().accounts("finqware-1").get(0).canonicalId();
            // A hotel hold released at the bank: the oldest open pending, so the walk starts at its date.
            Transaction hold = heldPending(h, atoa, "hold-released", today.minusDays(20));
            Transaction undated = heldPending(h, finqware, "hold-undated", null);
            Transaction ancient = heldPending(h, finqware, "hold-ancient",
                    today.minusDays(h.deps().settings().backfillDays() + 10));
            h.deps().transactions().upsertTransactions(List.of(hold));
            h.deps().transactions().upsertTransactions(List.of(undated, ancient));

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.deps().transactions().openPending(atoa, null)).extracting(Transaction::canonicalId)
                    .doesNotContain(hold.canonicalId());
            assertThat(h.deps().transactions().openPending(finqware, null)).extracting(Transaction::canonicalId)
                    .doesNotContain(undated.canonicalId(), ancient.canonicalId());
            assertThat(h.deps().transactions().find(hold.canonicalId())).contains(hold); // kept, never deleted
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    /** A pending transaction the bank never listed (or no longer lists), shaped like a stored one of the account. */
    private static Transaction heldPending(BankfeedHarness h, String accountId, String id, java.time.LocalDate date) {
        Transaction like = h.deps().transactions().listByAccount(accountId).get(0);
        return like.toBuilder().providerTransactionId(id).status(TransactionStatus.PENDING).bookingDate(date)
                .bookedAt(null).valueDate(null).description("HOTEL HOLD").reference("HOLD-" + id).balanceAfter(null)
                .build();
    }

    @Test
    void runCutShortMidWalk_resumesAfterTheLastDurablePage_andStoresEverythingOnce() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig()
                .connectionsPerProvider(1).accountsPerConnection(1).transactionsPerAccount(400).build())) {
            h.run(JobKind.ACCOUNTS);
            // The run's time is up once the banks have served three transaction pages.
            Clock budget = new PagesServedClock(h, 3);
            JobRequest cut = new JobRequest("cut-" + UUID.randomUUID(), null, null, null, null,
                    Deadline.after(budget, Duration.ofMinutes(10)), null);

            JobResult first = h.run(JobKind.TRANSACTIONS, cut);

            assertThat(first.status()).isEqualTo(JobResult.Status.PARTIAL);
            assertThat(first.accounts()).anySatisfy(o ->
                    assertThat(o.status()).isEqualTo(AccountOutcome.Status.STOPPED_AT_DEADLINE));
            assertThat(inProgressCursors(h)).isNotEmpty();

            JobResult resumed = h.run(JobKind.TRANSACTIONS);

            assertThat(resumed.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
            assertThat(inProgressCursors(h)).isEmpty();
            // Exactly once: no page of the cut run was read again and written twice.
            assertThat(first.added() + resumed.added()).isEqualTo(h.sandbox.expected().transactionCount());
            assertThat(resumed.unchanged()).isZero();
        }
    }

    @Test
    void duplicateScheduleEvent_changesNothing() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            String event = "scheduler#arn:aws:scheduler:eu-west-1:1:schedule/default/tx#2026-03-12T06:00:00Z";
            JobResult first = h.run(JobKind.TRANSACTIONS, eventRequest(h, event));
            CapacityMeter.Reading before = h.stores.meter().reading();
            long requests = h.sandbox.requestCount();

            JobResult duplicate = h.run(JobKind.TRANSACTIONS, eventRequest(h, event));

            assertThat(first.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(duplicate.status()).isEqualTo(JobResult.Status.DUPLICATE_EVENT);
            assertThat(h.stores.meter().reading().minus(before).writeUnits()).isZero();
            assertThat(h.sandbox.requestCount()).isEqualTo(requests);
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void eventWhoseRunDied_isRefusedAsInProgressUntilTheFunctionTimeout_thenRunsAgain_andOnlyThenIsADuplicate() {
        AtomicBoolean crash = new AtomicBoolean(true);
        var config = BankfeedHarness.sandboxConfig().build();
        try (BankfeedHarness h = BankfeedHarness.start(config, BankfeedHarness.settingsFor(config),
                c -> c.provider().equals(Providers.ATLAR) ? new CrashingProcess(c, crash) : c)) {
            h.run(JobKind.ACCOUNTS);
            String event = "scheduler#arn:aws:scheduler:eu-west-1:1:schedule/default/tx#2026-03-12T07:00:00Z";

            // An out-of-memory (or a timeout) ends the process: nothing in it releases the claim.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.run(JobKind.TRANSACTIONS,
                    eventRequest(h, event))).isInstanceOf(OutOfMemoryError.class);
            crash.set(false);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.run(JobKind.TRANSACTIONS,
                    eventRequest(h, event))).isInstanceOf(EventInProgressException.class);

            h.clock.advance(Duration.ofMinutes(11)); // past the dead run's deadline (ten minutes)
            JobResult retry = h.run(JobKind.TRANSACTIONS, eventRequest(h, event));

            assertThat(retry.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
            h.clock.advance(Duration.ofMinutes(11));
            assertThat(h.run(JobKind.TRANSACTIONS, eventRequest(h, event)).status())
                    .isEqualTo(JobResult.Status.DUPLICATE_EVENT);
        }
    }

    @Test
    void accountLeasedByAnotherRun_isSkippedUntouched_andSyncsOnceReleased() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            String busy = h.deps().accounts().accounts("atoa-1").get(0).canonicalId();
            assertThat(h.deps().leases().tryAcquire(busy, "another-run", Duration.ofMinutes(15))).isTrue();

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.accounts()).filteredOn(o -> busy.equals(o.accountId())).singleElement()
                    .satisfies(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.LEASE_HELD));
            assertThat(h.deps().transactions().countActive(busy)).isZero();
            assertThat(h.deps().cursors().load(busy)).isEmpty();

            h.deps().leases().release(busy, "another-run");
            assertThat(h.run(JobKind.TRANSACTIONS).status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void twoConcurrentRuns_storeEveryTransactionOnce() throws Exception {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<JobResult>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> {
                        start.await();
                        return h.run(JobKind.TRANSACTIONS);
                    }));
                }
                start.countDown();
                Map<String, Long> addedPerAccount = new HashMap<>();
                for (Future<JobResult> run : runs) {
                    for (AccountOutcome o : run.get().accounts()) {
                        assertThat(o.status()).isIn(AccountOutcome.Status.OK, AccountOutcome.Status.LEASE_HELD);
                        addedPerAccount.merge(o.accountId(), o.added(), Long::sum);
                    }
                }
                assertThat(h.differencesFromSandbox()).isEmpty();
                for (var expected : h.sandbox.expected().accounts()) {
                    String id = Account.canonicalId(Provider.of(expected.provider()), expected.accountId());
                    assertThat(addedPerAccount.get(id)).as(id).isEqualTo(expected.transactions().size());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void expiredConsentOnOneConnection_isNeedsReauthInItsStatus_andTheOtherConnectionsSync() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            SandboxConnection atoa = h.sandbox.connections("atoa").get(0);
            h.sandbox.faults().of(AtoaFaults.class).expireConsent(atoa.accountAuthId());
            atoa.accountIds().forEach(id -> h.sandbox.faults().of(AtoaFaults.class).expireConsent(id));

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.status()).isEqualTo(JobResult.Status.PARTIAL);
            assertThat(r.accounts()).filteredOn(o -> o.provider().equals("atoa")).isNotEmpty().allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
                assertThat(o.errorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
            });
            assertThat(r.accounts()).filteredOn(o -> !o.provider().equals("atoa")).isNotEmpty()
                    .allSatisfy(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK));
            List<AccountStatus> statuses = h.deps().statuses().statuses(atoa.id());
            assertThat(statuses).filteredOn(s -> s.job().equals("transactions")).hasSize(2).allSatisfy(s -> {
                assertThat(s.needsReauth()).isTrue();
                assertThat(s.lastErrorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
                assertThat(s.lastErrorMessage()).doesNotContain(atoa.secretKey());
            });

            h.sandbox.faults().of(AtoaFaults.class).clear();
            assertThat(h.run(JobKind.TRANSACTIONS).status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.deps().statuses().statuses(atoa.id())).filteredOn(s -> s.job().equals("transactions"))
                    .allSatisfy(s -> assertThat(s.needsReauth()).isFalse());
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void expiredConsentWhileListingAccounts_marksEveryKnownAccountOfThatConnection() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            SandboxConnection finqware = h.sandbox.connections("finqware").get(0);
            h.sandbox.faults().of(FinqwareFaults.class).expireConsent(finqware.consentId());

            JobResult r = h.run(JobKind.ACCOUNTS);

            assertThat(r.accounts()).filteredOn(o -> o.provider().equals("finqware")).singleElement()
                    .satisfies(o -> {
                        assertThat(o.accountId()).isNull();
                        assertThat(o.errorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
                    });
            assertThat(h.deps().statuses().statuses(finqware.id())).filteredOn(s -> s.job().equals("accounts"))
                    .hasSize(2).allSatisfy(s -> assertThat(s.needsReauth()).isTrue());
        }
    }

    @Test
    void consentExpiredBeforeAnyAccountIsKnown_leavesANeedsReauthConnectionStatus_clearedOnceItLists() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            SandboxConnection finqware = h.sandbox.connections("finqware").get(0);
            h.sandbox.faults().of(FinqwareFaults.class).expireConsent(finqware.consentId());

            h.run(JobKind.ACCOUNTS);

            assertThat(h.deps().accounts().accounts(finqware.id())).as("no account known").isEmpty();
            assertThat(h.deps().statuses().statuses(finqware.id())).as("no account status").isEmpty();
            assertThat(h.deps().statuses().connectionStatus(finqware.id())).get().satisfies(s -> {
                assertThat(s.connectionId()).isEqualTo(finqware.id());
                assertThat(s.lastJob()).isEqualTo("accounts");
                assertThat(s.needsReauth()).isTrue();
                assertThat(s.lastErrorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
                assertThat(s.lastErrorMessage()).isNotBlank().doesNotContain(finqware.clientSecret());
                assertThat(s.lastSuccessAt()).isNull();
                assertThat(s.lastAttemptAt()).isEqualTo(h.clock.instant());
            });
            assertThat(h.deps().statuses().connectionStatus("atlar-1")).get().satisfies(s -> {
                assertThat(s.lastSuccessAt()).as("a healthy connection has one too").isEqualTo(h.clock.instant());
                assertThat(s.accounts()).isEqualTo(2);
            });

            // A job that has to discover the accounts itself lists them too, and says so in the same item.
            h.clock.advance(Duration.ofMinutes(1));
            h.run(JobKind.TRANSACTIONS);
            assertThat(h.deps().statuses().connectionStatus(finqware.id())).get().satisfies(s -> {
                assertThat(s.lastJob()).isEqualTo("transactions");
                assertThat(s.lastAttemptAt()).isEqualTo(h.clock.instant());
                assertThat(s.needsReauth()).isTrue();
            });

            h.sandbox.faults().of(FinqwareFaults.class).restoreConsent(finqware.consentId());
            h.clock.advance(Duration.ofMinutes(5));
            assertThat(h.run(JobKind.ACCOUNTS).status()).isEqualTo(JobResult.Status.COMPLETED);

            assertThat(h.deps().statuses().connectionStatus(finqware.id())).get().satisfies(s -> {
                assertThat(s.lastSuccessAt()).isEqualTo(h.clock.instant());
                assertThat(s.needsReauth()).isFalse();
                assertThat(s.lastErrorClass()).isNull();
                assertThat(s.lastErrorMessage()).isNull();
                assertThat(s.accounts()).isEqualTo(2);
            });
            assertThat(h.deps().statuses().statuses(finqware.id())).as("account statuses stay per account")
                    .extracting(AccountStatus::job).containsExactly("accounts", "accounts");
        }
    }

    @Test
    void malformedPageOfOneAccount_failsThatAccountOnly_andTheNextRunRecovers() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            h.sandbox.faults().of(FinqwareFaults.class).malformNext(1, "/v2/ais/transactions/list");

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.accounts()).filteredOn(o -> o.status() == AccountOutcome.Status.FAILED).singleElement()
                    .satisfies(o -> {
                        assertThat(o.provider()).isEqualTo("finqware");
                        assertThat(o.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
                    });
            assertThat(r.accounts()).filteredOn(o -> o.status() == AccountOutcome.Status.OK).hasSize(5);

            assertThat(h.run(JobKind.TRANSACTIONS).status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void explicitWindow_rereadsOnlyThatWindow_andLeavesTheCursorAlone() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.syncAll();
            Map<String, SyncCursor> before = cursors(h);
            var today = h.sandbox.today();
            JobRequest window = new JobRequest("window", "atoa-1", null, today.minusDays(10), today.minusDays(5),
                    Deadline.after(h.clock, Duration.ofMinutes(5)), null);

            JobResult r = h.run(JobKind.TRANSACTIONS, window);

            assertThat(r.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(r.accounts()).allSatisfy(o -> assertThat(o.provider()).isEqualTo("atoa"));
            assertThat(r.added() + r.changed()).isZero();
            assertThat(cursors(h)).isEqualTo(before);
        }
    }

    @Test
    void unknownConnection_isAnUnknownTarget() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            JobRequest r = new JobRequest("x", "nope", null, null, null, Deadline.after(h.clock,
                    Duration.ofMinutes(1)), null);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.run(JobKind.ACCOUNTS, r))
                    .isInstanceOf(UnknownTargetException.class)
                    .hasMessageContaining("nope");
        }
    }

    @Test
    void unknownAccount_isAnUnknownTarget_andAKnownOneRunsAlone() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            String known = h.deps().accounts().accounts("atlar-1").get(0).canonicalId();
            JobRequest unknown = new JobRequest("x", null, "atlar:nope", null, null, Deadline.after(h.clock,
                    Duration.ofMinutes(1)), null);
            JobRequest one = new JobRequest("y", null, known, null, null, Deadline.after(h.clock,
                    Duration.ofMinutes(5)), null);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.run(JobKind.TRANSACTIONS, unknown))
                    .isInstanceOf(UnknownTargetException.class)
                    .hasMessageContaining("atlar:nope");
            assertThat(h.run(JobKind.TRANSACTIONS, one).accounts()).singleElement()
                    .satisfies(o -> assertThat(o.accountId()).isEqualTo(known));
        }
    }

    @Test
    void rejectedRecord_failsItsAccount_keepsTheWatermark_andIsStoredOnceItNormalizes() {
        AtomicBoolean corrupt = new AtomicBoolean(true);
        var config = BankfeedHarness.sandboxConfig().build();
        try (BankfeedHarness h = BankfeedHarness.start(config, BankfeedHarness.settingsFor(config),
                c -> c.provider().equals(Providers.ATOA) ? new FirstRecordCorrupted(c, corrupt) : c)) {
            h.run(JobKind.ACCOUNTS);

            JobResult first = h.run(JobKind.TRANSACTIONS);

            assertThat(first.accounts()).filteredOn(o -> o.provider().equals("atoa")).hasSize(2).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
                assertThat(o.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
                assertThat(o.rejected()).isEqualTo(1);
                assertThat(o.message()).contains("currency");
            });
            assertThat(h.differencesFromSandbox()).hasSize(2).allMatch(p -> p.startsWith("missing atoa:"));
            for (var a : h.deps().accounts().accounts("atoa-1")) {
                assertThat(h.deps().cursors().load(a.canonicalId())).get()
                        .satisfies(c -> assertThat(c.watermark()).as("watermark kept back").isNull());
                assertThat(h.deps().statuses().status(a.canonicalId(), "transactions")).get()
                        .satisfies(st -> assertThat(st.lastErrorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE));
            }

            corrupt.set(false);
            JobResult second = h.run(JobKind.TRANSACTIONS);

            assertThat(second.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void unreadableSavedWalkState_restartsTheWalk_andStoresEverythingOnce() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            for (var a : h.deps().accounts().accounts("atlar-1")) {
                assertThat(h.deps().leases().tryAcquire(a.canonicalId(), "old-run", Duration.ofMinutes(1))).isTrue();
                h.deps().cursors().save(a.canonicalId(), new SyncCursor(null, "{\"page\":\"not ours\"}",
                        h.sandbox.today().minusDays(200), null, false, h.clock.instant()), "old-run", Duration.ofMinutes(1));
                h.deps().leases().release(a.canonicalId(), "old-run");
            }

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void savedWalkStateTheProviderRefuses_restartsTheWalkOnce_andSaysSo() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.run(JobKind.ACCOUNTS);
            List<String> atlar = new ArrayList<>();
            for (var a : h.deps().accounts().accounts("atlar-1")) {
                atlar.add(a.canonicalId());
                assertThat(h.deps().leases().tryAcquire(a.canonicalId(), "old-run", Duration.ofMinutes(1))).isTrue();
                // Readable by the client, refused by the bank (an expired or foreign page token): HTTP 400.
                h.deps().cursors().save(a.canonicalId(), new SyncCursor(null, "{\"token\":\"expired-token\"}",
                        h.sandbox.today().minusDays(200), null, false, h.clock.instant()), "old-run",
                        Duration.ofMinutes(1));
                h.deps().leases().release(a.canonicalId(), "old-run");
            }

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(r.accounts()).filteredOn(o -> atlar.contains(o.accountId())).hasSize(2).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK);
                assertThat(o.message()).contains("walk restarted");
            });
            assertThat(h.differencesFromSandbox()).isEmpty();
            for (String id : atlar) {
                assertThat(h.deps().cursors().load(id)).get()
                        .satisfies(c -> assertThat(c.walkInProgress()).isFalse());
            }
        }
    }

    @Test
    void unexpectedFailureOfOneAccount_isRecordedAsItsStatus_andTheOthersSync() {
        var config = BankfeedHarness.sandboxConfig().build();
        try (BankfeedHarness h = BankfeedHarness.start(config, BankfeedHarness.settingsFor(config),
                c -> c.provider().equals(Providers.FINQWARE) ? new Exploding(c) : c)) {
            h.run(JobKind.ACCOUNTS);

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.accounts()).filteredOn(o -> o.provider().equals("finqware")).hasSize(2).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
                assertThat(o.errorClass()).isEqualTo(ErrorClass.PERMANENT);
            });
            assertThat(r.accounts()).filteredOn(o -> !o.provider().equals("finqware"))
                    .allSatisfy(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK));
            assertThat(h.deps().statuses().statuses("finqware-1")).filteredOn(st -> st.job().equals("transactions"))
                    .hasSize(2).allSatisfy(st -> assertThat(st.lastErrorMessage()).contains("boom"));
        }
    }

    /** A client whose transaction walks run out of memory while asked to. */
    private static final class CrashingProcess extends FirstRecordCorrupted {
        private final AtomicBoolean crash;

        CrashingProcess(ProviderClient delegate, AtomicBoolean crash) {
            super(delegate, new AtomicBoolean(false));
            this.crash = crash;
        }

        @Override
        public TransactionWalk transactions(String accountId, WalkRequest request, Deadline deadline) {
            if (crash.get()) {
                throw new OutOfMemoryError("simulated");
            }
            return super.transactions(accountId, request, deadline);
        }
    }

    /** A client whose transaction walks fail with something no one planned for. */
    private static final class Exploding extends FirstRecordCorrupted {
        Exploding(ProviderClient delegate) {
            super(delegate, new AtomicBoolean(false));
        }

        @Override
        public TransactionWalk transactions(String accountId, WalkRequest request, Deadline deadline) {
            return () -> {
                throw new IllegalStateException("boom");
            };
        }
    }

    /** Atoa answering its first transaction page with one record in an unknown currency, while asked to. */
    private static class FirstRecordCorrupted implements ProviderClient {
        private final ProviderClient delegate;
        private final AtomicBoolean corrupt;

        FirstRecordCorrupted(ProviderClient delegate, AtomicBoolean corrupt) {
            this.delegate = delegate;
            this.corrupt = corrupt;
        }

        @Override
        public Provider provider() {
            return delegate.provider();
        }

        @Override
        public List<com.fasterxml.jackson.databind.JsonNode> accountPages(Deadline deadline) {
            return delegate.accountPages(deadline);
        }

        @Override
        public com.fasterxml.jackson.databind.JsonNode latestBalances(String accountId, Deadline deadline) {
            return delegate.latestBalances(accountId, deadline);
        }

        @Override
        public TransactionWalk transactions(String accountId, WalkRequest request, Deadline deadline) {
            TransactionWalk walk = delegate.transactions(accountId, request, deadline);
            return () -> walk.next().map(page -> {
                if (!corrupt.get() || page.pageIndex() != 0) {
                    return page;
                }
                var body = page.body().deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("data").get(0)).put("currency", "ZZZ");
                return new TransactionPage(body, page.resumeState(), page.last(), page.restarted(), page.pageIndex());
            });
        }
    }

    private static JobRequest eventRequest(BankfeedHarness h, String eventKey) {
        return new JobRequest(UUID.randomUUID().toString(), null, null, null, null,
                Deadline.after(h.clock, Duration.ofMinutes(10)), eventKey);
    }

    private static Map<String, SyncCursor> cursors(BankfeedHarness h) {
        Map<String, SyncCursor> m = new HashMap<>();
        for (var e : h.sandbox.expected().accounts()) {
            String id = Account.canonicalId(Provider.of(e.provider()), e.accountId());
            h.deps().cursors().load(id).ifPresent(c -> m.put(id, c));
        }
        return m;
    }

    private static List<SyncCursor> inProgressCursors(BankfeedHarness h) {
        return cursors(h).values().stream().filter(SyncCursor::walkInProgress).toList();
    }
}
