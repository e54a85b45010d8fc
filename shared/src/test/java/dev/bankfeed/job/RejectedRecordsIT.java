package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.ForwardingProviderClient;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A record the normalizer rejects must keep its account failing until it is stored, even once it is older than the
 * backfill window and no walk reads it any more: a silently missing transaction is the one thing a status must
 * never hide.
 */
class RejectedRecordsIT {

    private static final int BACKFILL_DAYS = 10;

    @Test
    void rejectedRecordOlderThanTheBackfillWindow_keepsItsAccountFailing_untilAWindowedRunStoresIt() {
        try (Fixture f = new Fixture()) {
            BankfeedHarness h = f.harness;
            h.run(JobKind.ACCOUNTS);

            Instant firstRun = h.clock.instant();
            JobResult first = h.run(JobKind.TRANSACTIONS);

            assertThat(first.accounts()).filteredOn(o -> f.account.equals(o.accountId())).singleElement()
                    .satisfies(o -> {
                        assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
                        assertThat(o.rejected()).isEqualTo(1);
                    });

            // The record falls behind the backfill limit: no walk reads it any more.
            long days = ChronoUnit.DAYS.between(f.victim.bookingDate(), h.sandbox.today()) + BACKFILL_DAYS + 5;
            h.clock.advance(Duration.ofDays(days));
            JobResult later = h.run(JobKind.TRANSACTIONS);

            assertThat(later.accounts()).filteredOn(o -> f.account.equals(o.accountId())).singleElement()
                    .satisfies(o -> {
                        assertThat(o.status()).as("an unstored rejected record is no OK").isEqualTo(
                                AccountOutcome.Status.FAILED);
                        assertThat(o.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
                        assertThat(o.message()).contains("1 rejected record(s) open");
                    });
            AccountStatus status = h.deps().statuses().status(f.account, "transactions").orElseThrow();
            assertThat(status.lastErrorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
            assertThat(status.lastErrorMessage()).contains("1 rejected record(s) open").contains(f.victim.id());
            assertThat(h.deps().rejections().open(f.account)).singleElement().satisfies(r -> {
                assertThat(r.recordId()).isEqualTo(f.victim.id());
                assertThat(r.field()).isEqualTo("currency");
                assertThat(r.reason()).contains("ZZZ");
                assertThat(r.firstSeenAt()).isEqualTo(firstRun);
                assertThat(r.lastSeenAt()).as("no walk read it since").isEqualTo(firstRun);
                assertThat(r.readFrom()).isEqualTo(h.sandbox.today().minusDays(BACKFILL_DAYS));
            });
            assertThat(f.victimStored()).as("never stored while rejected").isFalse();

            // The bank fixes the record; an explicit window over its date stores it and closes the rejection.
            f.corrupt.set(false);
            JobResult window = h.run(JobKind.TRANSACTIONS, new JobRequest("window", null, f.account,
                    f.victim.bookingDate().minusDays(1), f.victim.bookingDate().plusDays(1),
                    Deadline.after(h.clock, Duration.ofMinutes(5)), null));

            assertThat(window.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.deps().rejections().open(f.account)).isEmpty();
            assertThat(h.deps().statuses().status(f.account, "transactions").orElseThrow().lastErrorClass())
                    .isNull();
            assertThat(f.victimStored()).isTrue();
        }
    }

    @Test
    void rejectedRecordThatNormalizesInALaterWalk_isClosed_andTheAccountTurnsOk() {
        try (Fixture f = new Fixture()) {
            BankfeedHarness h = f.harness;
            h.run(JobKind.ACCOUNTS);
            h.run(JobKind.TRANSACTIONS);
            assertThat(h.deps().rejections().open(f.account)).hasSize(1);

            f.corrupt.set(false);
            h.clock.advance(Duration.ofDays(1));
            JobResult next = h.run(JobKind.TRANSACTIONS);

            assertThat(next.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.deps().rejections().open(f.account)).isEmpty();
            assertThat(h.deps().statuses().status(f.account, "transactions").orElseThrow().lastErrorClass())
                    .isNull();
            assertThat(f.victimStored()).isTrue();
        }
    }

    /**
     * A harness with a ten-day backfill whose Atoa serves one booked transaction of a few days ago (inside the
     * first run's window) in an unknown currency, wherever it appears, while {@code corrupt} is set.
     */
    private static final class Fixture implements AutoCloseable {
        final AtomicBoolean corrupt = new AtomicBoolean(true);
        final BankfeedHarness harness;
        final ExpectedAccount expected;
        final ExpectedTransaction victim;
        final String account;

        Fixture() {
            SandboxConfig config = BankfeedHarness.sandboxConfig().build();
            JobSettings s = BankfeedHarness.settingsFor(config);
            JobSettings settings = new JobSettings(s.lookbackDays(), BACKFILL_DAYS, s.pageSize(), s.stopMargin(),
                    s.leaseTtl(), s.eventRetention());
            String[] victimId = new String[1];
            harness = BankfeedHarness.start(config, settings, c -> !c.provider().equals(Providers.ATOA) ? c
                    : ForwardingProviderClient.onEachPage(c, page -> {
                        if (corrupt.get()) {
                            corrupt(page, victimId[0]);
                        }
                    }));
            expected = harness.sandbox.expected().accounts().stream()
                    .filter(a -> a.provider() == "atoa").findFirst().orElseThrow();
            List<ExpectedTransaction> candidates = expected.servedTransactions().stream()
                    .filter(t -> !t.pending() && t.replacesPendingId() == null)
                    .filter(t -> t.bookingDate().isAfter(harness.sandbox.today().minusDays(6))
                            && t.bookingDate().isBefore(harness.sandbox.today()))
                    .toList();
            assertThat(candidates).as("a recent booked transaction in the sandbox").isNotEmpty();
            victim = candidates.get(0);
            victimId[0] = victim.id();
            account = Account.canonicalId(Providers.ATOA, expected.accountId());
        }

        boolean victimStored() {
            return harness.deps().transactions().find(Transaction.canonicalId(Providers.ATOA, expected.accountId(),
                    victim.id())).isPresent();
        }

        private static void corrupt(TransactionPage page, String id) {
            for (JsonNode record : page.body().path("data")) {
                if (record.path("id").asText().equals(id)) {
                    ((ObjectNode) record).put("currency", "ZZZ");
                }
            }
        }

        @Override
        public void close() {
            harness.close();
        }
    }
}
