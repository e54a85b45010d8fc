package dev.bankfeed.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobRequest;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.ProviderFaults;
import dev.bankfeed.sandbox.RetryAfter;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.atlar.AtlarFaults;
import dev.bankfeed.sandbox.atoa.AtoaFaults;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.DynamoFaults;
import dev.bankfeed.testing.LogCapture;
import dev.bankfeed.testing.Providers;
import dev.bankfeed.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The fault matrix: for each provider and fault, the real SyncTransactions handler (a schedule event in, inline
 * mode) runs against the provider sandbox and a fresh table on moto_server with the fault armed, once every
 * (simulated) ten minutes, until the table agrees with the sandbox's ground truth and every account's status is
 * healthy, then once more to show it stays so. Per scenario it counts transactions lost (missing, or stored with
 * another amount, currency or status), doubled (two active records for one bank transaction, a booked record
 * beside its still-open pending twin included), stale (active records the bank no longer has), whether the
 * statuses said the right thing on the way, and the runs it took. Every count must be 0. The table goes to
 * {@code target/reliability-matrix.md} (RELIABILITY.md holds a copy).
 */
class FaultMatrixIT {

    private static final int MAX_RUNS = 10;
    /** The schedule's interval: long enough for a killed run's lease (2 min) and slots (~6 min) to expire. */
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration HUNG = Duration.ofMillis(1_600);
    private static final List<Row> ROWS = new ArrayList<>();

    /** One line of the table. */
    record Row(Provider provider, String fault, int expected, int lost, int doubled, int stale, String statuses,
            String runs, String story) {
    }

    /** One provider's scenario under one fault: its harness, its connection and what happened run by run. */
    static final class Scenario {
        final BankfeedHarness h;
        final DynamoFaults dynamo;
        final Provider provider;
        final SandboxConnection connection;
        final ProviderFaults faults;
        final String dataPath;
        final JobHandler handler;
        final List<String> statusProblems = new ArrayList<>();
        final List<String> story = new ArrayList<>();
        /** Every answer the handler gave, as sent: searched for credentials at the end. */
        final List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Deliveries a fault started on the side; each run waits for them before the table is compared. */
        final List<CompletableFuture<String>> background = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger events = new java.util.concurrent.atomic.AtomicInteger();

        Scenario(BankfeedHarness h, DynamoFaults dynamo, Provider provider) {
            this.h = h;
            this.dynamo = dynamo;
            this.provider = provider;
            this.connection = h.sandbox.connections(provider.id()).get(0);
            this.faults = h.sandbox.faults().of(provider.id());
            this.dataPath = switch (provider.id()) {
                case "atlar" -> "/financial-data/v2/transactions";
                case "atoa" -> "/api/bank/accounts/";
                case "finqware" -> "/v2/ais/transactions/list";
                default -> throw new IllegalArgumentException("no data path for " + provider);
            };
            this.handler = new JobHandler(h.bankfeed, JobKind.TRANSACTIONS);
        }

        List<String> accountIds() {
            return connection.accountIds();
        }

        /** A schedule event for this connection, as EventBridge Scheduler sends it: a new one per run. */
        ObjectNode event() {
            ObjectNode e = BankJson.mapper().createObjectNode();
            e.put("scheduleArn", "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/SyncTransactions");
            // Two schedule events differ in their time: each must be a new event, not a repeat of one.
            e.put("scheduledTime", h.clock.instant().plusSeconds(events.incrementAndGet()).toString());
            e.put("executionId", UUID.randomUUID().toString());
            e.put("connection", connection.id());
            return e;
        }

        /** One delivery to the handler: its answer, or the word for how it failed. */
        String invoke(JsonNode event) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handle(new ByteArrayInputStream(BankJson.mapper().writeValueAsBytes(event)), out,
                        TestContext.of("sync-transactions"));
                answers.add(out.toString(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode answer = BankJson.mapper().readTree(out.toByteArray());
                dynamo.unfaulted(() -> checkStatuses(answer));
                return summary(answer);
            } catch (DynamoFaults.ProcessKilled e) {
                return "killed";
            } catch (IOException | RuntimeException e) {
                return "failed (" + e.getClass().getSimpleName() + ")";
            }
        }

        /** Each account a run answered for must show it in its status: OK clears the error, FAILED records its class. */
        private boolean checkStatuses(JsonNode answer) {
            for (JsonNode o : answer.path("accounts")) {
                String status = o.path("status").asText();
                if (!status.equals("OK") && !status.equals("FAILED")) {
                    continue;
                }
                String account = o.path("accountId").asText();
                ErrorClass shown = h.deps().statuses().status(account, "transactions")
                        .map(AccountStatus::lastErrorClass).orElse(null);
                String said = status.equals("OK") ? null : o.path("errorClass").asText();
                if (!java.util.Objects.equals(said, shown == null ? null : shown.name())) {
                    statusProblems.add(account + " answered " + status + " " + said + " but its status shows " + shown);
                }
            }
            return true;
        }

        /** The account statuses of the connection's accounts for the transactions job. */
        List<AccountStatus> statuses() {
            return dynamo.unfaulted(() -> accountIds().stream()
                    .map(id -> h.deps().statuses().status(Account.canonicalId(provider, id), "transactions"))
                    .flatMap(java.util.Optional::stream).toList());
        }

        /** Records a problem unless every account's status says {@code errorClass} with needs-reauth set. */
        void expectEveryStatus(ErrorClass errorClass, int run) {
            List<AccountStatus> all = statuses();
            if (all.size() != accountIds().size() || all.stream().anyMatch(s -> s.lastErrorClass() != errorClass
                    || s.needsReauth() != (errorClass == ErrorClass.NEEDS_REAUTH))) {
                statusProblems.add("after run " + run + " expected every account " + errorClass + ", got "
                        + all.stream().map(s -> s.lastErrorClass() + "/reauth=" + s.needsReauth()).toList());
            }
        }
    }

    /** A fault: what it does to a scenario before the first run and around each run. */
    record Fault(String name, Function<Provider, String> notApplicable, Consumer<Scenario> arm,
            RunHook beforeRun, RunHook afterRun, Function<Scenario, String> firstRun, String statusRule) {

        static Fault of(String name, Consumer<Scenario> arm) {
            return new Fault(name, p -> null, arm, (s, r) -> { }, (s, r) -> { }, null, "OK");
        }

        Fault onlyFor(Function<Provider, String> why) {
            return new Fault(name, why, arm, beforeRun, afterRun, firstRun, statusRule);
        }

        Fault around(RunHook before, RunHook after, String rule) {
            return new Fault(name, notApplicable, arm, before, after, firstRun, rule);
        }

        Fault firstRunIs(Function<Scenario, String> delivery, String rule) {
            return new Fault(name, notApplicable, arm, beforeRun, afterRun, delivery, rule);
        }
    }

    @FunctionalInterface
    interface RunHook {
        void at(Scenario s, int run);
    }

    /** The tally of one connection's table against the sandbox's ground truth. */
    record Tally(int expected, int lost, int doubled, int stale, List<String> details) {

        boolean clean() {
            return lost == 0 && doubled == 0 && stale == 0;
        }
    }

    private static List<Fault> faults() {
        return List.of(
                Fault.of("none (baseline)", s -> { }),
                Fault.of("process killed between a page's items and its checkpoint", s -> s.dynamo.killAt(
                        "page 1's checkpoint", DynamoFaults::cursorUpdate, 2, false)),
                Fault.of("process killed mid-batch (25 of a page's 30 items written)", s -> s.dynamo.killAt(
                        "page 1's first batch", DynamoFaults::fullBatchWrite, 1, true)),
                Fault.of("DynamoDB throttling storm, mid-walk (12 attempts in a row, more than the SDK's 9)",
                        s -> s.faults.afterRequests(1, s.dataPath, () -> s.dynamo.throttleNext(12, r -> true))),
                Fault.of("DynamoDB UnprocessedItems storm (12 batches, nothing written)",
                        s -> s.dynamo.leaveUnprocessed(12)),
                midWalk("429 with Retry-After, beyond the retries (5 in a row)",
                        s -> s.faults.throttleNext(5, RetryAfter.seconds(2), s.dataPath)),
                midWalk("HTTP 500 beyond the retries (5 in a row)", s -> s.faults.failNext(5, 500, s.dataPath)),
                midWalk("HTTP 503 within the retries (3 in a row)", s -> s.faults.failNext(3, 503, s.dataPath)),
                midWalk("connection reset mid-body (5 in a row)", s -> s.faults.dropNext(5, s.dataPath)),
                midWalk("hung response past the client timeout (2)", s -> s.faults.hangNext(2, HUNG, s.dataPath)),
                midWalk("truncated body", s -> s.faults.malformNext(1, s.dataPath)),
                midWalk("malformed body (valid JSON, wrong shape)", s -> s.faults.reshapeNext(1, s.dataPath)),
                Fault.of("token expiry mid-walk", s -> s.faults.afterRequests(2, s.dataPath,
                        () -> s.h.sandbox.faults().of(AtlarFaults.class).expireTokens()))
                        .onlyFor(p -> p.equals(Providers.ATLAR) ? null
                                : "no expiring token: " + p.id() + " takes a static key on every request"),
                Fault.of("consent revoked mid-walk, restored before run 3", s -> s.faults.afterRequests(2,
                        s.dataPath, () -> consentFaults(s).expireConsent(consentId(s))))
                        .onlyFor(p -> p.equals(Providers.ATLAR) ? "no end-user consent: Atlar reads the company's own "
                                + "accounts with an API key" : null)
                        .around((s, run) -> {
                            if (run == 3) {
                                consentFaults(s).restoreConsent(consentId(s));
                            }
                        }, (s, run) -> {
                            if (run < 3) {
                                s.expectEveryStatus(ErrorClass.NEEDS_REAUTH, run);
                            }
                        }, "NEEDS_REAUTH on every account while revoked, then OK"),
                Fault.of("data inserted mid-walk (newest and two days back)", s -> s.faults.afterRequests(1,
                        s.dataPath, () -> {
                            Instant midnight = s.h.sandbox.today().atStartOfDay(ZoneOffset.UTC).toInstant();
                            for (String account : s.accountIds()) {
                                s.h.sandbox.insertTransaction(account, midnight.minusSeconds(3600));
                                s.h.sandbox.insertTransaction(account, midnight.minus(Duration.ofDays(2)));
                            }
                            if (s.provider.equals(Providers.ATOA)) {
                                s.h.sandbox.faults().of(AtoaFaults.class).changeDataMidWalk(1);
                            }
                        })),
                Fault.of("data removed mid-walk (a pending item vanishes)", s -> s.faults.afterRequests(1,
                        s.dataPath, () -> s.accountIds().forEach(s.h.sandbox::vanishPending))),
                Fault.of("duplicate delivery (same event twice at once, then again)", s -> { })
                        .firstRunIs(s -> {
                            ObjectNode event = s.event();
                            List<String> answers = concurrently(s, List.of(event, event));
                            String again = s.invoke(event);
                            if (!again.equals(JobResult.Status.DUPLICATE_EVENT.name())) {
                                s.statusProblems.add("a repeated delivery answered " + again);
                            }
                            return String.join(" + ", answers) + " then " + again;
                        }, "OK; the repeat answered DUPLICATE_EVENT"),
                Fault.of("concurrent deliveries (two runs of the same accounts at once)",
                        s -> s.faults.delay(Duration.ofMillis(15)))
                        .firstRunIs(s -> String.join(" + ", concurrently(s, List.of(s.event(), s.event()))), "OK")
                        .around((s, run) -> { }, (s, run) -> s.faults.delay(Duration.ZERO), "OK"),
                Fault.of("clock moved (+3 min mid-walk, past the lease, and a second run starts; later -10 min)", s -> {
                    s.faults.afterRequests(1, s.dataPath, () -> {
                        s.h.clock.advance(Duration.ofMinutes(3));
                        s.background.add(CompletableFuture.supplyAsync(() -> s.invoke(s.event())));
                    });
                    s.faults.afterRequests(3, s.dataPath, () -> s.h.clock.advance(Duration.ofMinutes(-10)));
                }));
    }

    /** A provider fault armed once the walk has read its first page. */
    private static Fault midWalk(String name, Consumer<Scenario> arm) {
        return Fault.of(name + ", mid-walk", s -> s.faults.afterRequests(1, s.dataPath, () -> arm.accept(s)));
    }

    private static dev.bankfeed.sandbox.ConsentFaults consentFaults(Scenario s) {
        return (dev.bankfeed.sandbox.ConsentFaults) s.faults;
    }

    private static String consentId(Scenario s) {
        return s.provider.equals(Providers.ATOA) ? s.connection.accountAuthId() : s.connection.consentId();
    }

    @TestFactory
    Stream<DynamicTest> everyProviderUnderEveryFault_losesNothing_doublesNothing_andConverges() {
        // -Dfaultmatrix.only=REGEX runs only the faults whose name it finds (while working on some).
        java.util.regex.Pattern only = java.util.regex.Pattern.compile(System.getProperty("faultmatrix.only", ""));
        return faults().stream().filter(f -> only.matcher(f.name()).find()).flatMap(f -> Providers.all().stream()
                .map(p -> DynamicTest.dynamicTest(p.id() + ": " + f.name(), () -> scenario(p, f))));
    }

    private static void scenario(Provider provider, Fault fault) {
        String notApplicable = fault.notApplicable().apply(provider);
        if (notApplicable != null) {
            record(new Row(provider, fault.name(), 0, 0, 0, 0, "n/a", "n/a", notApplicable));
            return;
        }
        SandboxConfig config = BankfeedHarness.sandboxConfig().connectionsPerProvider(1).accountsPerConnection(2)
                .transactionsPerAccount(45).pendingPerAccount(3).build();
        var d = BankfeedHarness.settingsFor(config);
        // Pages of 30: more than one BatchWriteItem a page (25 at most each), two or more pages an account.
        var settings = new dev.bankfeed.job.JobSettings(d.lookbackDays(), d.backfillDays(), 30, d.stopMargin(),
                d.leaseTtl(), d.eventRetention());
        DynamoFaults dynamo = new DynamoFaults();
        // The SDK's own attempts for DynamoDB (9) and rules, with waits short enough for a test.
        BackoffStrategy quick = BackoffStrategy.exponentialDelay(Duration.ofMillis(2), Duration.ofMillis(40));
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder().addExecutionInterceptor(dynamo)
                .retryStrategy(AwsRetryStrategy.legacyRetryStrategy().toBuilder().maxAttempts(9).backoffStrategy(quick)
                        .throttlingBackoffStrategy(quick).build())
                .build();
        try (LogCapture logs = LogCapture.start(); BankfeedHarness h = BankfeedHarness.start(config, settings, null,
                override, cs -> cs.withTimeouts(CLIENT_TIMEOUT, CLIENT_TIMEOUT))) {
            Scenario s = new Scenario(h, dynamo, provider);
            h.run(JobKind.ACCOUNTS, new JobRequest(UUID.randomUUID().toString(), s.connection.id(), null, null, null,
                    Deadline.after(h.clock, Duration.ofMinutes(10)), null));
            fault.arm().accept(s);
            Integer converged = null;
            Tally tally = null;
            for (int run = 1; run <= MAX_RUNS && converged == null; run++) {
                fault.beforeRun().at(s, run);
                String answer = run == 1 && fault.firstRun() != null ? fault.firstRun().apply(s)
                        : s.invoke(s.event());
                for (CompletableFuture<String> side : s.background) {
                    answer += " + " + side.join();
                }
                s.background.clear();
                fault.afterRun().at(s, run);
                s.story.add(run + ": " + answer);
                tally = dynamo.unfaulted(() -> tally(s));
                if (tally.clean() && healthy(s)) {
                    converged = run;
                }
                h.clock.advance(INTERVAL);
            }
            // Converged means stable: one more run finds nothing to add or change.
            String quiet = s.invoke(s.event());
            Tally after = dynamo.unfaulted(() -> tally(s));
            if (converged != null && !quiet.equals("COMPLETED +0 ~0")) {
                s.statusProblems.add("the run after convergence answered " + quiet);
            }
            dynamo.clear();
            String statuses = s.statusProblems.isEmpty() && healthy(s) ? fault.statusRule()
                    : "WRONG: " + String.join("; ", s.statusProblems) + (healthy(s) ? "" : "; not healthy at the end");
            Row row = new Row(provider, fault.name(), after.expected(), Math.max(tally.lost(), after.lost()),
                    Math.max(tally.doubled(), after.doubled()), Math.max(tally.stale(), after.stale()), statuses,
                    converged == null ? "not within " + MAX_RUNS : String.valueOf(converged),
                    String.join(" · ", s.story));
            record(row);
            assertThat(after.details()).as("differences from the ground truth").isEmpty();
            assertThat(row.lost()).as("lost").isZero();
            assertThat(row.doubled()).as("doubled").isZero();
            assertThat(row.stale()).as("stale").isZero();
            assertThat(converged).as("converged within %d runs: %s", MAX_RUNS, row.story()).isNotNull();
            assertThat(s.statusProblems).as("statuses").isEmpty();
            assertThat(leaks(s, logs.lines())).as("credentials in log lines, statuses or answers").isEmpty();
            assertThat(dynamo.struck() || !fault.name().startsWith("process killed"))
                    .as("the kill struck").isTrue();
        }
    }

    /** Runs the deliveries at the same moment on their own threads; their answers in order. */
    private static List<String> concurrently(Scenario s, List<ObjectNode> events) {
        List<CompletableFuture<String>> running = events.stream()
                .map(e -> CompletableFuture.supplyAsync(() -> s.invoke(e))).toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    /** Every account's transactions status says OK: a success, no error, no re-auth wanted. */
    private static boolean healthy(Scenario s) {
        List<AccountStatus> all = s.statuses();
        return all.size() == s.accountIds().size()
                && all.stream().allMatch(st -> st.lastErrorClass() == null && !st.needsReauth());
    }

    /**
     * Where a credential of any configured connection shows up: in a log line of the scenario, a stored status
     * (accounts' and the connection's) or an answer of the handler. Faults make error paths run, which is where a
     * secret would leak (a message quoting a request, a header or a URL).
     */
    private static List<String> leaks(Scenario s, List<String> logLines) {
        List<String> texts = new ArrayList<>(logLines);
        texts.addAll(s.answers);
        s.statuses().forEach(st -> texts.add(st.toString()));
        s.h.deps().statuses().connectionStatus(s.connection.id()).ifPresent(st -> texts.add(st.toString()));
        List<String> found = new ArrayList<>();
        if (s.h.deps().connections().connections().stream().allMatch(c -> c.credentials().secrets().isEmpty())) {
            found.add("no credentials configured: the check would prove nothing");
        }
        for (var connection : s.h.deps().connections().connections()) {
            for (String secret : connection.credentials().secrets()) {
                texts.stream().filter(t -> t.contains(secret)).findFirst()
                        .ifPresent(t -> found.add("a secret of " + connection.id() + " in: "
                                + t.replace(secret, "<SECRET>")));
            }
        }
        if (texts.isEmpty()) {
            found.add("nothing was captured: the check would prove nothing");
        }
        return found;
    }

    private static String summary(JsonNode answer) {
        String status = answer.path("status").asText();
        if (!status.equals(JobResult.Status.COMPLETED.name()) && !status.equals(JobResult.Status.PARTIAL.name())) {
            return status;
        }
        String accounts = status.equals(JobResult.Status.PARTIAL.name()) ? " [" + java.util.stream.StreamSupport
                .stream(answer.path("accounts").spliterator(), false)
                .map(o -> o.path("status").asText() + (o.path("errorClass").isTextual()
                        ? " " + o.path("errorClass").asText() : ""))
                .collect(Collectors.joining(", ")) + "]" : "";
        return status + accounts + " +" + answer.path("added").asLong() + " ~" + answer.path("changed").asLong();
    }

    /**
     * Compares the connection's stored transactions with the sandbox's ground truth. Active means counted: booked,
     * or pending and neither superseded nor vanished.
     */
    private static Tally tally(Scenario s) {
        int expected = 0;
        int lost = 0;
        int doubled = 0;
        int stale = 0;
        List<String> details = new ArrayList<>();
        for (ExpectedAccount a : s.h.sandbox.expected().accounts()) {
            if (!a.connectionId().equals(s.connection.id())) {
                continue;
            }
            String accountId = Account.canonicalId(s.provider, a.accountId());
            Map<String, Transaction> stored = new HashMap<>();
            s.h.deps().transactions().listByAccount(accountId).forEach(t -> stored.put(t.providerTransactionId(), t));
            Set<String> openPending = new HashSet<>();
            s.h.deps().transactions().openPending(accountId, null).forEach(t -> openPending.add(t.canonicalId()));
            Set<String> active = new HashSet<>();
            stored.values().stream().filter(t -> t.status() == TransactionStatus.BOOKED
                    || openPending.contains(t.canonicalId())).forEach(t -> active.add(t.providerTransactionId()));
            Set<String> accounted = new HashSet<>();
            for (ExpectedTransaction t : a.transactions()) {
                accounted.add(t.id());
                Transaction got = stored.get(t.id());
                if (t.vanished()) {
                    if (got != null && active.contains(t.id())) {
                        stale++;
                        details.add("stale: vanished " + t.id() + " still active in " + accountId);
                    }
                    continue;
                }
                expected++;
                if (got == null || got.amount().minor() != t.amountMinor()
                        || !got.amount().currency().equals(t.currency()) || !got.status().name().equals(t.status())) {
                    lost++;
                    details.add("lost: " + accountId + " " + t.id() + " stored as " + got);
                }
                if (t.replacesPendingId() != null) {
                    accounted.add(t.replacesPendingId());
                    if (active.contains(t.replacesPendingId())) {
                        doubled++;
                        details.add("doubled: " + t.id() + " and its pending twin " + t.replacesPendingId());
                    }
                }
            }
            for (String id : active) {
                if (!accounted.contains(id)) {
                    stale++;
                    details.add("stale: " + accountId + " " + id + " is active but unknown to the bank");
                }
            }
            long counted = s.h.deps().transactions().countActive(accountId);
            if (counted != active.size()) {
                doubled += (int) Math.max(0, counted - active.size());
                details.add(accountId + " counts " + counted + " active, its records say " + active.size());
            }
        }
        return new Tally(expected, lost, doubled, stale, details);
    }

    private static synchronized void record(Row row) {
        ROWS.add(row);
    }

    @AfterAll
    static void writeTable() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| Fault | Provider | Expected | Lost | Doubled | Stale | Statuses | Runs to converge | Runs |\n");
        md.append("|---|---|---:|---:|---:|---:|---|---:|---|\n");
        for (Row r : ROWS) {
            md.append("| ").append(r.fault()).append(" | ").append(r.provider().id()).append(" | ")
                    .append(r.statuses().equals("n/a") ? "-" : String.valueOf(r.expected())).append(" | ")
                    .append(cell(r, r.lost())).append(" | ").append(cell(r, r.doubled())).append(" | ")
                    .append(cell(r, r.stale())).append(" | ").append(r.statuses()).append(" | ").append(r.runs())
                    .append(" | ").append(r.story().replace("|", "/")).append(" |\n");
        }
        Path out = Path.of("target", "reliability-matrix.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }

    private static String cell(Row r, int n) {
        return r.statuses().equals("n/a") ? "-" : String.valueOf(n);
    }
}
