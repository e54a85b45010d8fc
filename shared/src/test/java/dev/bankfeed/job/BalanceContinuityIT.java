package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.Provider;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ProviderFaults;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Balance continuity end to end: the sandbox's consistent ledgers give no break; a bank reporting balances off its
 * ledger (the sandbox's balance skew) gives a break with the right figures in the account's status, a metric and a
 * warning, and every record still stored; once the bank is right again a later check clears the break.
 */
class BalanceContinuityIT {

    private static final long SKEW = 1234;

    /** Counts metrics across the inline pool's threads. */
    private static final class CountingMetrics implements JobMetrics {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        @Override
        public void count(String name, long value) {
            counts.computeIfAbsent(name, n -> new LongAdder()).add(value);
        }

        long get(String name) {
            LongAdder a = counts.get(name);
            return a == null ? 0 : a.sum();
        }
    }

    @Test
    void consistentLedgers_noBreak_skewedBank_breakRecordedAndDataKept_fixed_breakCleared() {
        // One new booked transaction per day and account: no back-dated booking lands in a day already closed.
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().newTransactionsPerAdvance(1)
                .build()); LogCapture logs = LogCapture.start()) {
            CountingMetrics metrics = new CountingMetrics();
            JobDependencies d = h.deps();
            Bankfeed bankfeed = new Bankfeed(new JobDependencies(d.connections(), d.clients(), d.accounts(),
                    d.balances(), d.transactions(), d.cursors(), d.leases(), d.statuses(), d.rejections(), d.events(),
                    metrics, d.clock(), d.settings()), h.stores.runs(), h.stores.gate(), null,
                    RunSettings.defaults());
            ExpectedAccount atlar = h.sandbox.expected().accounts("atlar").get(0);
            ExpectedAccount atoa = h.sandbox.expected().accounts("atoa").get(0);
            ExpectedAccount finqware = h.sandbox.expected().accounts("finqware").stream()
                    .filter(a -> a.bookedBalance().type().equals("closing")).findFirst().orElseThrow();
            List<ExpectedAccount> broken = List.of(atlar, atoa, finqware);

            syncDay(bankfeed, h);
            assertThat(status(h, atoa).continuityCheckedAt()).as("Atoa's balance-after chain").isNotNull();
            assertThat(status(h, atlar).continuityCheckedAt()).as("one end-of-day balance: no pair yet").isNull();

            nextDay(bankfeed, h);
            for (ExpectedAccount a : broken) {
                assertThat(status(h, a).continuityCheckedAt()).as(a.accountId()).isEqualTo(h.clock.instant());
            }
            assertNoBreakAnywhere(h);
            assertThat(metrics.get(SnapshotBalancesJob.BREAKS_METRIC)).isZero();

            // From today on, the banks report these accounts' balances 12.34 too high.
            LocalDate skewedDay = h.sandbox.today();
            Instant from = skewedDay.atStartOfDay(ZoneOffset.UTC).toInstant();
            for (ExpectedAccount a : broken) {
                faults(h, a).skewBalances(a.accountId(), from, SKEW);
            }
            nextDay(bankfeed, h);

            // The closing balance of skewedDay: the true one (the sandbox's ground truth) is what we expected.
            for (ExpectedAccount a : List.of(atlar, finqware)) {
                long truth = h.sandbox.expected().account(a.accountId()).bookedBalance().amountMinor();
                assertThat(status(h, a).continuityBreak()).as(a.accountId()).isEqualTo(new BalanceContinuity.Break(
                        BalanceContinuity.Kind.SNAPSHOTS, skewedDay.minusDays(1), skewedDay, truth, truth + SKEW,
                        a.currency(), "balance " + (a == atlar ? BalanceType.BOOKED : BalanceType.CLOSING)));
                assertThat(h.deps().balances().latest(accountId(a), a == atlar ? BalanceType.BOOKED
                        : BalanceType.CLOSING).orElseThrow().amount().minor())
                        .as("the bank's figure is stored as reported").isEqualTo(truth + SKEW);
            }
            BalanceContinuity.Break atoaBreak = status(h, atoa).continuityBreak();
            assertThat(atoaBreak.kind()).isEqualTo(BalanceContinuity.Kind.BALANCE_AFTER);
            assertThat(atoaBreak.toDate()).isEqualTo(skewedDay);
            assertThat(atoaBreak.differenceMinor()).isEqualTo(SKEW);
            assertThat(atoaBreak.currency()).isEqualTo(atoa.currency());
            assertThat(h.differencesFromSandbox()).as("a break drops nothing").isEmpty();
            assertThat(metrics.get(SnapshotBalancesJob.BREAKS_METRIC)).isEqualTo(3);
            assertThat(logs.lines()).filteredOn(l -> l.contains("balance continuity break")).hasSize(3)
                    .anySatisfy(l -> assertThat(l).contains("expected " + atoaBreak.expectedMinor())
                            .contains("actual " + atoaBreak.actualMinor()));
            assertThat(breaks(h)).as("only the skewed accounts").hasSize(3);

            for (ExpectedAccount a : broken) {
                faults(h, a).unskewBalances(a.accountId());
            }
            nextDay(bankfeed, h);
            // Atoa's transactions are read again within the lookback, now with the right balance-after: cleared.
            // The end-of-day pair is now (skewed day, true day): it still breaks, the other way.
            assertThat(status(h, atoa).continuityBreak()).isNull();
            assertThat(status(h, atlar).continuityBreak().differenceMinor()).isEqualTo(-SKEW);

            nextDay(bankfeed, h);
            assertNoBreakAnywhere(h);
            for (ExpectedAccount a : broken) {
                assertThat(status(h, a).continuityCheckedAt()).as(a.accountId()).isEqualTo(h.clock.instant());
            }
            assertThat(h.differencesFromSandbox()).isEmpty();

            // Balances again an hour later, no transaction sync in between: nothing the check reads has changed,
            // so it does not read the transactions again and its verdict stands.
            Instant checked = h.clock.instant();
            h.clock.advance(java.time.Duration.ofHours(1));
            bankfeed.engine(JobKind.BALANCES).runInline(h.request(), "test");
            for (ExpectedAccount a : broken) {
                assertThat(status(h, a).continuityCheckedAt()).as(a.accountId()).isEqualTo(checked);
                assertThat(status(h, a).lastSuccessAt()).as(a.accountId()).isEqualTo(h.clock.instant());
            }
        }
    }

    /** One day of schedules; transactions before balances, so the check covers yesterday. */
    private static void syncDay(Bankfeed bankfeed, BankfeedHarness h) {
        for (JobKind kind : List.of(JobKind.ACCOUNTS, JobKind.TRANSACTIONS, JobKind.BALANCES)) {
            bankfeed.engine(kind).runInline(h.request(), "test");
        }
    }

    private static void nextDay(Bankfeed bankfeed, BankfeedHarness h) {
        h.sandbox.advance();
        h.clock.advance(Duration.ofDays(1));
        syncDay(bankfeed, h);
    }

    private static ProviderFaults faults(BankfeedHarness h, ExpectedAccount a) {
        return h.sandbox.faults().of(a.provider());
    }

    private static String accountId(ExpectedAccount a) {
        return Account.canonicalId(Provider.of(a.provider()), a.accountId());
    }

    private static AccountStatus status(BankfeedHarness h, ExpectedAccount a) {
        return h.deps().statuses().status(accountId(a), JobKind.BALANCES.id()).orElseThrow();
    }

    private static List<String> breaks(BankfeedHarness h) {
        return h.sandbox.expected().accounts().stream()
                .filter(a -> status(h, a).continuityBreak() != null)
                .map(a -> a.accountId() + ": " + status(h, a).continuityBreak().describe())
                .toList();
    }

    private static void assertNoBreakAnywhere(BankfeedHarness h) {
        assertThat(breaks(h)).isEmpty();
    }
}
