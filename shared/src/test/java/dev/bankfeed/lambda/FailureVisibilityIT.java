package dev.bankfeed.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.job.AccountOutcome;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.RunFailedException;
import dev.bankfeed.job.RunSettings;
import dev.bankfeed.normalize.Fixtures;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.atlar.AtlarFaults;
import dev.bankfeed.sandbox.atoa.AtoaFaults;
import dev.bankfeed.sandbox.finqware.FinqwareFaults;
import dev.bankfeed.store.RunRecord;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.CapturingMetrics;
import dev.bankfeed.testing.HandlerCalls;
import dev.bankfeed.testing.RepoFiles;
import dev.bankfeed.testing.WorkQueueDriver;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run in which every unit fails must not pass for a success: from a queue the run finishes with its failed
 * units counted (metrics an alarm watches), inline a scheduled invocation fails (Lambda's retry, then its
 * on-failure queue), every consent needing re-auth is counted, and a connection without a success for too long
 * is counted stale at the next run's start.
 */
class FailureVisibilityIT {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    private BankfeedHarness harness;
    private WorkQueueDriver driver;
    private final CapturingMetrics metrics = new CapturingMetrics();

    @BeforeEach
    void start() {
        var config = BankfeedHarness.sandboxConfig().today(TODAY).accountsPerConnection(2).transactionsPerAccount(30)
                .build();
        harness = BankfeedHarness.start(config, BankfeedHarness.settingsFor(config));
        harness.run(JobKind.ACCOUNTS);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        harness.close();
    }

    @Test
    void queuedRun_everyUnitFails_runFinishesWithEveryUnitFailed_andTheMetricsShowIt() {
        driver = new WorkQueueDriver(3);
        JobHandler handler = new JobHandler(harness.withMetrics(metrics, driver.queue, runSettings()),
                JobKind.TRANSACTIONS);
        int consentAccounts = breakEveryConnection();
        int accounts = harness.sandbox.expected().accounts().size();

        JsonNode dispatch = invoke(handler, RepoFiles.eventJson("sync-transactions-schedule.json"));
        driver.drain(2, e -> invoke(handler, e));

        RunRecord run = harness.stores.runs().find(dispatch.path("runId").asText()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunRecord.Status.FINISHED);
        assertThat(run.queued()).isEqualTo(accounts);
        assertThat(run.failed()).isEqualTo(accounts);
        assertThat(run.done()).isZero();
        // Counted once, by the unit that finished the run, though every unit reported.
        assertThat(metrics.values(JobMetrics.RUNS_WITH_FAILURES)).containsExactly(1L);
        assertThat(metrics.values(JobMetrics.FAILED_UNITS)).containsExactly((long) accounts);
        assertThat(metrics.sum(JobMetrics.NEEDS_REAUTH)).isEqualTo(consentAccounts).isPositive();
        // A provider's refusal is the account's outcome, not a poison message: the metric is the signal.
        assertThat(driver.deadLetters()).isEmpty();
    }

    @Test
    void queuedRun_allOk_countsAFinishedRunWithoutFailures() {
        driver = new WorkQueueDriver(3);
        JobHandler handler = new JobHandler(harness.withMetrics(metrics, driver.queue, runSettings()),
                JobKind.TRANSACTIONS);

        invoke(handler, RepoFiles.eventJson("sync-transactions-schedule.json"));
        driver.drain(2, e -> invoke(handler, e));

        assertThat(metrics.values(JobMetrics.RUNS_WITH_FAILURES)).containsExactly(0L);
        assertThat(metrics.values(JobMetrics.FAILED_UNITS)).containsExactly(0L);
        assertThat(metrics.sum(JobMetrics.NEEDS_REAUTH)).isZero();
        assertThat(metrics.values(JobMetrics.STALE_CONNECTIONS)).containsExactly(0L);
    }

    @Test
    void inlineScheduledRun_everyUnitFails_invocationFails_retryRunsAgain_andRecoversOnceTheBanksAnswer() {
        JobHandler handler = new JobHandler(harness.withMetrics(metrics, null, runSettings()), JobKind.TRANSACTIONS);
        breakEveryConnection();
        JsonNode event = RepoFiles.eventJson("sync-transactions-schedule.json");

        assertThatThrownBy(() -> invoke(handler, event)).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("NEEDS_REAUTH").hasMessageContaining("TRANSIENT")
                .satisfies(e -> assertNoSecretIn(e.getMessage()));
        assertThat(metrics.values(JobMetrics.RUNS_WITH_FAILURES)).containsExactly(1L);
        assertThat(metrics.values(JobMetrics.FAILED_UNITS))
                .containsExactly((long) harness.sandbox.expected().accounts().size());

        // Lambda's retry of the same event runs it again rather than answering a duplicate.
        assertThatThrownBy(() -> invoke(handler, event)).isInstanceOf(RunFailedException.class);

        harness.sandbox.faults().clearAll();
        assertThat(invoke(handler, event).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(invoke(handler, event).path("status").asText()).isEqualTo("DUPLICATE_EVENT");
    }

    @Test
    void inlineHttpRun_everyUnitFails_isStillAnsweredWithTheOutcomes() {
        JobHandler handler = new JobHandler(harness.withMetrics(metrics, null, runSettings()), JobKind.TRANSACTIONS);
        breakEveryConnection();

        JsonNode answer = invoke(handler, RepoFiles.eventJson("sync-transactions-http.json"));

        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = Fixtures.json(answer.path("body").asText());
        assertThat(body.path("accounts")).isNotEmpty()
                .allSatisfy(o -> assertThat(o.path("status").asText()).isEqualTo(AccountOutcome.Status.FAILED.name()));
        assertThat(metrics.values(JobMetrics.RUNS_WITH_FAILURES)).containsExactly(1L);
    }

    @Test
    void connectionWithoutASuccessForLongerThanTheAge_isCountedStaleAtTheNextRunsStart() {
        var engine = harness.withMetrics(metrics, null, runSettings().withStaleAfter(Duration.ofHours(48)))
                .engine(JobKind.TRANSACTIONS);
        engine.runInline(harness.request(), "test");
        assertThat(metrics.values(JobMetrics.STALE_CONNECTIONS)).containsExactly(0L);
        breakEveryConnection();
        int connections = harness.sandbox.connections().size();

        harness.clock.advance(Duration.ofHours(47));
        engine.runInline(harness.request(), "test");
        harness.clock.advance(Duration.ofHours(2));
        engine.runInline(harness.request(), "test");
        harness.sandbox.faults().clearAll();
        engine.runInline(harness.request(), "test");
        engine.runInline(harness.request(), "test");

        // Not yet at 47 h; every connection at 49 h; still, at the start of the run that succeeds; none after.
        assertThat(metrics.values(JobMetrics.STALE_CONNECTIONS))
                .containsExactly(0L, 0L, (long) connections, (long) connections, 0L);
    }

    /** Expires every consent (Atoa, Finqware) and makes Atlar answer 500; returns the accounts behind consents. */
    private int breakEveryConnection() {
        var faults = harness.sandbox.faults();
        int consentAccounts = 0;
        for (SandboxConnection c : harness.sandbox.connections("atoa")) {
            faults.of(AtoaFaults.class).expireConsent(c.accountAuthId());
            c.accountIds().forEach(faults.of(AtoaFaults.class)::expireConsent);
            consentAccounts += c.accountIds().size();
        }
        for (SandboxConnection c : harness.sandbox.connections("finqware")) {
            faults.of(FinqwareFaults.class).expireConsent(c.consentId());
            consentAccounts += c.accountIds().size();
        }
        faults.of(AtlarFaults.class).failNext(100_000, 500);
        return consentAccounts;
    }

    private void assertNoSecretIn(String text) {
        for (SandboxConnection c : harness.sandbox.connections()) {
            for (String secret : new String[] {c.secret(), c.secretKey(), c.clientSecret(), c.bearerToken()}) {
                if (secret != null) {
                    assertThat(text).doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void connectionFailingBeforeAnyAccountIsKnown_isCountedStaleOnceTheAgePassedSinceItsFirstAttempt() {
        var config = BankfeedHarness.sandboxConfig().today(TODAY).accountsPerConnection(2).transactionsPerAccount(30)
                .build();
        try (BankfeedHarness fresh = BankfeedHarness.start(config, BankfeedHarness.settingsFor(config))) {
            SandboxConnection finqware = fresh.sandbox.connections("finqware").get(0);
            fresh.sandbox.faults().of(FinqwareFaults.class).expireConsent(finqware.consentId());
            var engine = fresh.withMetrics(metrics, null, runSettings().withStaleAfter(Duration.ofHours(48)))
                    .engine(JobKind.TRANSACTIONS);

            engine.runInline(fresh.request(), "test"); // its first attempt: the listing fails, no account known
            assertThat(fresh.deps().accounts().accounts(finqware.id())).isEmpty();
            assertThat(fresh.deps().statuses().statuses(finqware.id())).isEmpty();
            fresh.clock.advance(Duration.ofHours(47));
            engine.runInline(fresh.request(), "test");
            fresh.clock.advance(Duration.ofHours(2));
            engine.runInline(fresh.request(), "test");
            fresh.sandbox.faults().of(FinqwareFaults.class).restoreConsent(finqware.consentId());
            engine.runInline(fresh.request(), "test");
            engine.runInline(fresh.request(), "test");

            // Never succeeded: not yet 48 h after its first attempt at 47 h, stale at 49 h; the run that lists its
            // accounts again (while planning, before counting) no longer counts it, nor does the next.
            assertThat(metrics.values(JobMetrics.STALE_CONNECTIONS)).containsExactly(0L, 0L, 1L, 0L, 0L);
        }
    }

    private static RunSettings runSettings() {
        RunSettings d = RunSettings.defaults();
        return new RunSettings(d.inlineThreads(), d.maxConcurrency(), Duration.ofSeconds(1), Duration.ZERO, 3,
                d.maxAttempts(), d.answerBudget());
    }

    private static JsonNode invoke(JobHandler handler, JsonNode event) {
        return HandlerCalls.invoke(handler, event, "failures");
    }
}
