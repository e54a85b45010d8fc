package dev.bankfeed.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.RunEngine;
import dev.bankfeed.job.RunSettings;
import dev.bankfeed.job.WorkUnit;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.store.RunRecord;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.ForwardingProviderClient;
import dev.bankfeed.testing.HandlerCalls;
import dev.bankfeed.testing.PagesServedClock;
import dev.bankfeed.testing.Providers;
import dev.bankfeed.testing.RepoFiles;
import dev.bankfeed.testing.WorkQueueDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs fanned out through a work queue on moto_server's SQS and consumed by the real handler, and inline on a
 * pool: every transaction stored exactly once, runs followed to FINISHED, deliveries that die or repeat change
 * nothing, poison units end in the dead-letter queue, and connections are treated politely.
 */
class FanOutIT {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    private BankfeedHarness harness;
    private WorkQueueDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private void start(UnaryOperator<ProviderClient> decorator, int maxReceives) {
        var config = BankfeedHarness.sandboxConfig().today(TODAY).accountsPerConnection(2).transactionsPerAccount(120)
                .build();
        harness = BankfeedHarness.start(config, BankfeedHarness.settingsFor(config), decorator);
        driver = new WorkQueueDriver(maxReceives);
    }

    private RunSettings runSettings(int maxReceives) {
        RunSettings d = RunSettings.defaults();
        return new RunSettings(d.inlineThreads(), d.maxConcurrency(), Duration.ofSeconds(1), Duration.ofSeconds(0),
                maxReceives, d.maxAttempts(), d.answerBudget());
    }

    private JobHandler handler(JobKind kind, int maxReceives) {
        return new JobHandler(harness.queued(driver.queue, runSettings(maxReceives)), kind);
    }

    private static JsonNode invoke(JobHandler handler, JsonNode event) {
        return HandlerCalls.invoke(handler, event, "fanout");
    }

    private JsonNode schedule(JobHandler handler, String prefix) {
        return invoke(handler, RepoFiles.eventJson(prefix + "-schedule.json"));
    }

    private RunRecord run(String runId) {
        return harness.stores.runs().find(runId).orElseThrow();
    }

    @Test
    void scheduleEvent_dispatchesOneUnitPerAccount_andDrainingTheQueueStoresEveryTransactionOnce_runFinished() {
        start(null, 3);
        harness.run(JobKind.ACCOUNTS);
        JobHandler handler = handler(JobKind.TRANSACTIONS, 3);

        JsonNode dispatch = schedule(handler, "sync-transactions");
        int accounts = harness.sandbox.expected().accounts().size();
        assertThat(dispatch.path("status").asText()).isEqualTo("DISPATCHED");
        assertThat(dispatch.path("queued").asLong()).isEqualTo(accounts);
        String runId = dispatch.path("runId").asText();
        assertThat(run(runId).status()).isEqualTo(RunRecord.Status.RUNNING);

        driver.drain(2, e -> invoke(handler, e));

        assertThat(harness.differencesFromSandbox()).isEmpty();
        RunRecord r = run(runId);
        long total = harness.sandbox.expected().accounts().stream().mapToLong(a -> a.transactions().size()).sum();
        assertThat(r.status()).isEqualTo(RunRecord.Status.FINISHED);
        assertThat(r.queued()).isEqualTo(accounts);
        assertThat(r.done()).isEqualTo(accounts);
        assertThat(r.failed()).isZero();
        assertThat(r.added()).isEqualTo(total);
        assertThat(r.finishedAt()).isNotNull();
        // The same schedule event again is a duplicate: nothing is queued.
        assertThat(schedule(handler, "sync-transactions").path("status").asText()).isEqualTo("DUPLICATE_EVENT");
        assertThat(driver.receive(10)).isEmpty();
    }

    @Test
    void workerKilledMidWalk_redeliveryResumes_nothingLostNothingDoubled_andDuplicateDeliveryChangesNothing() {
        AtomicInteger pagesServed = new AtomicInteger();
        // The first walk that reaches its third page dies there, as a worker killed mid-unit would.
        start(client -> new FailingClient(client, () -> pagesServed.incrementAndGet() == 3), 3);
        harness.run(JobKind.ACCOUNTS);
        JobHandler handler = handler(JobKind.TRANSACTIONS, 3);
        String runId = schedule(handler, "sync-transactions").path("runId").asText();
        List<software.amazon.awssdk.services.sqs.model.Message> first = driver.receive(10);
        String body = first.get(0).body();
        first.forEach(m -> driver.sqs.changeMessageVisibility(b -> b.queueUrl(driver.queueUrl)
                .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));

        driver.drain(1, e -> invoke(handler, e));

        assertThat(harness.differencesFromSandbox()).isEmpty();
        RunRecord r = run(runId);
        assertThat(r.status()).isEqualTo(RunRecord.Status.FINISHED);
        assertThat(r.done()).isEqualTo(r.queued());

        // A unit delivered once more after it reported: no provider call, no write, same counts.
        long requests = harness.sandbox.requestCount();
        var before = harness.stores.meter().reading();
        driver.sqs.sendMessage(b -> b.queueUrl(driver.queueUrl).messageBody(body));
        driver.drain(1, e -> invoke(handler, e));
        assertThat(harness.sandbox.requestCount()).isEqualTo(requests);
        assertThat(harness.stores.meter().reading().minus(before).writeUnits()).isZero();
        assertThat(run(runId)).isEqualTo(r);
        assertThat(harness.differencesFromSandbox()).isEmpty();
    }

    @Test
    void poisonUnit_reachesTheDeadLetterQueueAfterMaxReceives_statusShowsTheFailure_runFinishesWithOneFailed() {
        Set<String> poisonAccounts = ConcurrentHashMap.newKeySet();
        start(client -> new FailingClient(client, () -> false) {
            @Override
            public TransactionWalk transactions(String accountId, WalkRequest request, Deadline deadline) {
                if (poisonAccounts.isEmpty() || poisonAccounts.contains(accountId)) {
                    poisonAccounts.add(accountId);
                    throw new IllegalStateException("bug reading " + accountId);
                }
                return super.transactions(accountId, request, deadline);
            }
        }, 2);
        harness.run(JobKind.ACCOUNTS);
        JobHandler handler = handler(JobKind.TRANSACTIONS, 2);
        String runId = schedule(handler, "sync-transactions").path("runId").asText();

        driver.drain(1, e -> invoke(handler, e));
        driver.receive(10); // moto moves a message to the dead-letter queue on the receive after its last

        assertThat(driver.deadLetters()).singleElement()
                .satisfies(m -> assertThat(m.body()).contains(poisonAccounts.iterator().next()));
        var expected = harness.sandbox.expected().accounts().stream()
                .filter(a -> poisonAccounts.contains(a.accountId())).findFirst().orElseThrow();
        String account = dev.bankfeed.model.Account.canonicalId(Provider.of(expected.provider()),
                expected.accountId());
        var status = harness.deps().statuses().status(account, "transactions").orElseThrow();
        assertThat(status.lastErrorClass()).isEqualTo(ErrorClass.PERMANENT);
        assertThat(status.lastErrorMessage()).contains("bug reading");
        RunRecord r = run(runId);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.done()).isEqualTo(r.queued() - 1);
        assertThat(r.status()).isEqualTo(RunRecord.Status.FINISHED);
    }

    @Test
    void inlineMode_runsAccountsConcurrently_neverMoreThanTheConnectionLimit_andFillsTheRunRecord() {
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger mostOverall = new AtomicInteger();
        AtomicInteger overall = new AtomicInteger();
        start(client -> new FailingClient(client, () -> false) {
            @Override
            public dev.bankfeed.provider.TransactionWalk transactions(String accountId, WalkRequest request,
                    Deadline deadline) {
                TransactionWalk walk = super.transactions(accountId, request, deadline);
                AtomicInteger n = running.computeIfAbsent(client.provider().id(), k -> new AtomicInteger());
                return () -> {
                    int now = n.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    mostOverall.accumulateAndGet(overall.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(30);
                        return walk.next();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        n.decrementAndGet();
                        overall.decrementAndGet();
                    }
                };
            }
        }, 3);
        harness.run(JobKind.ACCOUNTS);
        RunSettings one = RunSettings.defaults().withInlineThreads(4);
        for (Provider p : Providers.all()) {
            one = one.withMaxConcurrency(p, 1);
        }
        Bankfeed inline = harness.inline(one);

        var result = inline.engine(JobKind.TRANSACTIONS).runInline(harness.request(), "test");

        assertThat(harness.differencesFromSandbox()).isEmpty();
        assertThat(most.get()).as("units of one connection at once").isEqualTo(1);
        assertThat(mostOverall.get()).as("units at once").isGreaterThan(1);
        RunRecord r = run(result.runId());
        assertThat(r.status()).isEqualTo(RunRecord.Status.FINISHED);
        assertThat(r.done()).isEqualTo(harness.sandbox.expected().accounts().size());
        assertThat(r.added()).isEqualTo(result.added());
    }

    @Test
    void rateLimitedAnswer_postponesTheConnectionsOtherUnits() {
        Set<String> limited = ConcurrentHashMap.newKeySet();
        start(client -> new FailingClient(client, () -> false) {
            @Override
            public TransactionWalk transactions(String accountId, WalkRequest request, Deadline deadline) {
                if (client.provider().equals(Providers.ATOA) && limited.isEmpty()) {
                    limited.add(accountId);
                    throw new ProviderException(Providers.ATOA, ErrorClass.RATE_LIMITED, "GET /transactions", 429,
                            null, null, "slow down", null, Duration.ofSeconds(4));
                }
                return super.transactions(accountId, request, deadline);
            }
        }, 3);
        harness.run(JobKind.ACCOUNTS);
        JobHandler handler = handler(JobKind.TRANSACTIONS, 3);
        ObjectNode event = RepoFiles.eventJson("sync-transactions-schedule.json");
        event.put("connection", "atoa-1");
        String runId = invoke(handler, event).path("runId").asText();

        driver.deliverOnce(1, e -> invoke(handler, e)); // the first account: 429
        long requests = harness.sandbox.requestCount();
        driver.deliverOnce(1, e -> invoke(handler, e)); // the other: postponed, the bank not asked

        assertThat(limited).hasSize(1);
        assertThat(harness.sandbox.requestCount()).isEqualTo(requests);
        assertThat(run(runId).failed()).isEqualTo(1);
        assertThat(run(runId).status()).isEqualTo(RunRecord.Status.RUNNING);

        // The pause is the bank's Retry-After (4 s), not the default (1 s in these settings).
        assertThat(harness.stores.gate().throttledUntil("atoa-1"))
                .contains(harness.clock.instant().plus(Duration.ofSeconds(4)));
        harness.clock.advance(Duration.ofSeconds(5));
        await(() -> driver.deliverOnce(1, e -> invoke(handler, e)) > 0 && run(runId).done() == 1);
        assertThat(run(runId).status()).isEqualTo(RunRecord.Status.FINISHED);
        assertThat(run(runId).done()).isEqualTo(1);
    }

    @Test
    void httpPost_answers202WithLocation_getRunsAnswersTheRecord_andOneAccountAnswers200WithinTheBudget() {
        start(null, 3);
        harness.run(JobKind.ACCOUNTS);
        JobHandler handler = handler(JobKind.TRANSACTIONS, 3);

        JsonNode accepted = invoke(handler, RepoFiles.eventJson("sync-transactions-http.json"));

        assertThat(accepted.path("statusCode").asInt()).isEqualTo(202);
        String location = accepted.path("headers").path("location").asText();
        JsonNode body = body(accepted);
        assertThat(location).isEqualTo("/runs/" + body.path("runId").asText());
        driver.drain(2, e -> invoke(handler, e));
        JsonNode got = invoke(handler, get(location));
        assertThat(got.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(got).path("status").asText()).isEqualTo(RunRecord.Status.FINISHED.name());
        assertThat(body(got).path("runId").asText()).isEqualTo(body.path("runId").asText());
        assertThat(invoke(handler, get("/runs/no-such-run")).path("statusCode").asInt()).isEqualTo(404);

        var account = harness.sandbox.expected().accounts().get(0);
        ObjectNode one = RepoFiles.eventJson("sync-transactions-http.json");
        one.put("rawQueryString", "connection=" + account.connectionId() + "&account=" + account.accountId());
        one.putObject("queryStringParameters").put("connection", account.connectionId())
                .put("account", account.accountId());
        long started = System.nanoTime();
        JsonNode answer = invoke(handler, one);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(answer).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(answer.path("headers").path("location").asText()).startsWith("/runs/");
        assertThat(driver.receive(10)).isEmpty();
    }

    @Test
    void unitCutShortByTheDeadline_continuesFromItsCursorInANewMessage_nothingLostNothingDoubled() {
        start(null, 3);
        harness.run(JobKind.ACCOUNTS);
        Bankfeed queued = harness.queued(driver.queue, runSettings(3));
        JobHandler handler = new JobHandler(queued, JobKind.TRANSACTIONS);
        String runId = schedule(handler, "sync-transactions").path("runId").asText();
        List<software.amazon.awssdk.services.sqs.model.Message> messages = driver.receive(10);
        software.amazon.awssdk.services.sqs.model.Message first = messages.get(0);
        messages.stream().skip(1).forEach(m -> driver.sqs.changeMessageVisibility(b -> b.queueUrl(driver.queueUrl)
                .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
        WorkUnit unit = WorkUnit.fromJson(first.body());

        // Lambda's time runs out after two of the unit's pages.
        RunEngine.UnitResult cut = queued.engine(JobKind.TRANSACTIONS).work(unit,
                Deadline.after(new PagesServedClock(harness, 2), Duration.ofMinutes(10)), 1);
        driver.sqs.deleteMessage(b -> b.queueUrl(driver.queueUrl).receiptHandle(first.receiptHandle()));

        assertThat(cut.disposition()).isEqualTo(RunEngine.Disposition.CONTINUED);
        assertThat(run(runId).done()).as("not reported yet").isZero();
        driver.drain(2, e -> invoke(handler, e));

        assertThat(harness.differencesFromSandbox()).isEmpty();
        RunRecord r = run(runId);
        long total = harness.sandbox.expected().accounts().stream().mapToLong(a -> a.transactions().size()).sum();
        assertThat(r.status()).isEqualTo(RunRecord.Status.FINISHED);
        assertThat(r.done()).isEqualTo(r.queued());
        // The continuation carried what the cut attempt stored: every transaction counted once, none twice.
        assertThat(r.added()).isEqualTo(total);
        assertThat(r.unchanged()).isZero();
    }

    @Test
    void queuedUnits_neverMoreThanTheConnectionLimitAtOnce_evenWithManyWorkers() throws Exception {
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger most = new AtomicInteger();
        start(client -> new FailingClient(client, () -> false) {
            @Override
            public TransactionWalk transactions(String accountId, WalkRequest request, Deadline deadline) {
                TransactionWalk walk = super.transactions(accountId, request, deadline);
                AtomicInteger n = running.computeIfAbsent(client.provider().id(), k -> new AtomicInteger());
                return () -> {
                    most.accumulateAndGet(n.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(50);
                        return walk.next();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        n.decrementAndGet();
                    }
                };
            }
        }, 3);
        harness.run(JobKind.ACCOUNTS);
        RunSettings one = runSettings(3);
        for (Provider p : Providers.all()) {
            one = one.withMaxConcurrency(p, 1);
        }
        JobHandler handler = new JobHandler(harness.queued(driver.queue, one), JobKind.TRANSACTIONS);
        String runId = schedule(handler, "sync-transactions").path("runId").asText();

        // Four workers, as four concurrent Lambda invocations of the event source mapping.
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                done.add(workers.submit(() -> await(() -> {
                    driver.deliverOnce(1, e -> invoke(handler, e));
                    return run(runId).status() == RunRecord.Status.FINISHED;
                })));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(most.get()).as("units of one connection at once").isEqualTo(1);
        assertThat(harness.differencesFromSandbox()).isEmpty();
        assertThat(run(runId).done()).isEqualTo(run(runId).queued());
    }

    @Test
    void oneAccountRequest_overTheAnswerBudget_answers202AndTheQueueFinishesIt() {
        start(client -> new FailingClient(client, () -> false) {
            @Override
            public TransactionWalk transactions(String accountId, WalkRequest request, Deadline deadline) {
                TransactionWalk walk = super.transactions(accountId, request, deadline);
                return () -> {
                    // A slow bank: each page takes 20 s, so the walk outlasts the 25 s answer budget.
                    harness.clock.advance(Duration.ofSeconds(20));
                    return walk.next();
                };
            }
        }, 3);
        harness.run(JobKind.ACCOUNTS);
        JobHandler handler = handler(JobKind.TRANSACTIONS, 3);
        var account = harness.sandbox.expected().accounts().get(0);
        ObjectNode one = RepoFiles.eventJson("sync-transactions-http.json");
        one.put("rawQueryString", "connection=" + account.connectionId() + "&account=" + account.accountId());
        one.putObject("queryStringParameters").put("connection", account.connectionId())
                .put("account", account.accountId());

        JsonNode answer = invoke(handler, one);

        assertThat(answer.path("statusCode").asInt()).isEqualTo(202);
        String runId = body(answer).path("runId").asText();
        driver.drain(1, e -> invoke(handler, e));
        assertThat(run(runId).status()).isEqualTo(RunRecord.Status.FINISHED);
        assertThat(run(runId).done()).isEqualTo(1);
        String accountId = dev.bankfeed.model.Account.canonicalId(Provider.of(account.provider()),
                account.accountId());
        assertThat(harness.deps().transactions().countActive(accountId)).isEqualTo(account.transactions().size());
    }

    private static ObjectNode get(String path) {
        ObjectNode e = RepoFiles.eventJson("sync-transactions-http.json");
        ((ObjectNode) e.path("requestContext").path("http")).put("method", "GET").put("path", path);
        e.put("rawPath", path);
        e.put("routeKey", "GET /runs/{runId}");
        e.remove("queryStringParameters");
        e.put("rawQueryString", "");
        return e;
    }

    private static JsonNode body(JsonNode answer) {
        try {
            return BankJson.mapper().readTree(answer.path("body").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier done) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(giveUp);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A provider client that dies (as a killed worker would) on the page for which {@code dieNow} says so. */
    private static class FailingClient extends ForwardingProviderClient {

        private final java.util.function.BooleanSupplier dieNow;

        FailingClient(ProviderClient client, java.util.function.BooleanSupplier dieNow) {
            super(client);
            this.dieNow = dieNow;
        }

        @Override
        public TransactionWalk transactions(String providerAccountId, WalkRequest request, Deadline deadline) {
            TransactionWalk walk = delegate.transactions(providerAccountId, request, deadline);
            return () -> {
                if (dieNow.getAsBoolean()) {
                    throw new IllegalStateException("worker killed");
                }
                Optional<TransactionPage> page = walk.next();
                return page;
            };
        }
    }
}
