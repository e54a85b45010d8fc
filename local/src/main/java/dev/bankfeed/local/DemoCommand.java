package dev.bankfeed.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.config.SecretsManagerConnectionSource;
import dev.bankfeed.job.JobDependencies;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.JobSettings;
import dev.bankfeed.job.RunEngine.Dispatch;
import dev.bankfeed.job.RunSettings;
import dev.bankfeed.lambda.JobHandler;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.queue.SqsWorkQueue;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.ProviderSandbox;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.store.dynamo.AwsBilledCapacity;
import dev.bankfeed.store.dynamo.CapacityMeter;
import dev.bankfeed.store.dynamo.DynamoStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code demo}: the product's main job on one machine, with no Docker and no AWS account. Starts moto_server (or
 * uses the engine the options name) and the provider sandbox, creates the table as template.yaml defines it,
 * stores each connection as a secret as a deployment would, runs ListAccounts,
 * SnapshotBalances and SyncTransactions through the real handlers with the events/ files, runs
 * SyncTransactions again (which must write nothing new) and re-delivers the schedule event (which must be a
 * no-op), checks every sandbox transaction is stored exactly once, and prints a summary per account.
 */
final class DemoCommand implements Command {

    static final String SYNOPSIS = "demo [--accounts N] [--transactions N] [--seed S] [--page-size N] "
            + "[--aws moto|localstack | --aws-endpoint URL] [--template FILE] [--events DIR]";
    static final String SUMMARY = "Run the whole pipeline against the provider sandbox and moto_server (default)";

    private record Step(String label, String function, String eventFile) {
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            CliArgs a = CliArgs.parse(args, Set.of("accounts", "transactions", "seed", "page-size", "template", "events",
                    "aws", "aws-endpoint"), Set.of("help"));
            if (a.flag("help")) {
                out.println("Usage: bankfeed " + SYNOPSIS + "\n" + SUMMARY + ".");
                return OK;
            }
            if (!a.positionals().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
            }
            options = DemoOptions.from(a);
        } catch (UsageException e) {
            err.println("demo: " + e.getMessage());
            return ERROR;
        }
        try (AwsEngine aws = AwsEngine.start(options.aws(), options.awsEndpoint())) {
            return demo(options, aws, out, err);
        } catch (AwsEngine.UnavailableException e) {
            err.println("demo: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("demo: interrupted");
            return ERROR;
        } catch (Exception e) {
            err.println("demo: failed: " + e);
            return ERROR;
        }
    }

    private int demo(DemoOptions o, AwsEngine aws, PrintStream out, PrintStream err) throws IOException,
            ReflectiveOperationException {
        long started = System.nanoTime();
        SamTemplate template = SamTemplate.read(o.template());
        requireEvents(o.events());
        err.println("Bankfeed demo: three providers in a local sandbox, AWS on " + aws.description()
                + "; no Docker, no AWS account needed");
        SandboxConfig config = SandboxConfig.builder().seed(o.seed()).accountsPerConnection(o.accounts())
                .transactionsPerAccount(o.transactions()).build();
        // On an endpoint the user runs, the demo's resources get names of their own, and are removed afterwards.
        String scope = aws.ownsEndpoint() ? "bankfeed" : "bankfeed-demo-" + System.currentTimeMillis();
        String table = scope;
        String secretsPrefix = scope + "/connections/";
        AwsBilledCapacity billed = new AwsBilledCapacity();
        CallTimes callTimes = new CallTimes();
        try (ProviderSandbox sandbox = ProviderSandbox.start(config);
                DynamoDbClient dynamo = aws.dynamo(billed, callTimes);
                SecretsManagerClient secrets = aws.secrets();
                SqsClient sqs = aws.sqs();
                DemoResources resources = new DemoResources(dynamo, secrets, sqs, !aws.ownsEndpoint())) {
            progress(err, "provider sandbox on " + sandbox.baseUrl() + " (" + sandbox.expected().accounts().size()
                    + " accounts, " + sandbox.expected().transactionCount() + " transactions)");
            TemplateResources.createTable(dynamo, template, table);
            resources.table(table);
            progress(err, "AWS on " + aws.endpoint() + ": table '" + table + "' created from template.yaml ("
                    + TemplateResources.TABLE_RESOURCE + ")");
            int stored = resources.storeConnections(sandbox.connectionsJson(), secretsPrefix);
            progress(err, "Secrets Manager: " + stored + " connections stored under '" + secretsPrefix + "'");

            JobSettings d = JobSettings.defaults();
            // The first sync takes the sandbox's whole history.
            JobSettings settings = new JobSettings(d.lookbackDays(), config.historyDays() + 1, o.pageSize(),
                    d.stopMargin(), d.leaseTtl(), d.eventRetention());
            ClientSettings clientSettings = ClientSettings.defaults().withJobPolling(Duration.ofMillis(100), 50,
                    Duration.ofMinutes(15));
            DynamoStores stores = DynamoStores.create(dynamo, table, Clock.systemUTC(), ProviderModules.twinning());
            SecretsManagerConnectionSource connections = new SecretsManagerConnectionSource(secrets, secretsPrefix,
                    Duration.ofMinutes(5), Clock.systemUTC());
            // As deployed: each function dispatches to its own queue, and workers run its units from there.
            List<String> made = new ArrayList<>();
            Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
            Map<String, QueueWorkers> workers = new LinkedHashMap<>();
            Map<String, Bankfeed> bankfeeds = new LinkedHashMap<>();
            for (SamTemplate.WorkQueue q : template.workQueues()) {
                String url = TemplateResources.ensureQueue(sqs, template, q, scope + "-", made);
                resources.queue(url);
                resources.queue(TemplateResources.queueUrl(sqs, scope + "-" + q.deadLetterLogicalId()));
                Bankfeed bankfeed = BankfeedEnvironment.create(stores, connections, settings,
                        ProviderClients.sharedHttpClient(), clientSettings, JobMetrics.NONE, Clock.systemUTC(),
                        new SqsWorkQueue(sqs, url), RunSettings.defaults());
                SamTemplate.Function f = template.function(q.functionLogicalId()).orElseThrow();
                RequestStreamHandler handler = QueueWorkers.handler(f, bankfeed);
                handlers.put(f.logicalId(), handler);
                bankfeeds.put(f.logicalId(), bankfeed);
                // A step drains its own function's queue only: the others are empty, and polling them slows moto.
                workers.put(f.logicalId(), new QueueWorkers(sqs, List.of(new QueueWorkers.Source(f, q, url, handler,
                        bankfeed.runs())), WorkCommand.DEFAULT_WORKERS, null, r -> { }, err));
            }
            progress(err, "SQS: " + made.size() + " queues created from template.yaml (each function's work queue "
                    + "and dead-letter queue); " + WorkCommand.DEFAULT_WORKERS + " workers per queue");

            List<Step> steps = List.of(
                    new Step("ListAccounts (schedule)", "ListAccountsFunction", "list-accounts-schedule.json"),
                    new Step("SnapshotBalances (schedule)", "SnapshotBalancesFunction",
                            "snapshot-balances-schedule.json"),
                    new Step("SyncTransactions (schedule)", "SyncTransactionsFunction",
                            "sync-transactions-schedule.json"),
                    new Step("SyncTransactions again (HTTP, on demand)", "SyncTransactionsFunction",
                            "sync-transactions-http.json"),
                    new Step("SyncTransactions schedule event delivered twice", "SyncTransactionsFunction",
                            "sync-transactions-schedule.json"));
            List<JsonNode> results = new ArrayList<>();
            List<DemoSummary.StepCost> costs = new ArrayList<>();
            CapacityMeter meter = stores.meter();
            for (Step step : steps) {
                progress(err, step.label() + " with events/" + step.eventFile() + " ...");
                long t = System.nanoTime();
                CapacityMeter.Reading before = meter.reading();
                long refusedBefore = meter.conditionalFailures();
                double writesBefore = billed.writeUnits();
                double readsBefore = billed.readUnits();
                Map<String, CallTimes.Total> callsBefore = callTimes.snapshot();
                JsonNode result = runThroughQueue(handlers.get(step.function()), bankfeeds.get(step.function()),
                        workers.get(step.function()), template, step, o.events(), err);
                DemoSummary.StepCost cost = new DemoSummary.StepCost(step.label(), millis(t),
                        billed.writeUnits() - writesBefore, billed.readUnits() - readsBefore,
                        meter.reading().minus(before), meter.conditionalFailures() - refusedBefore,
                        CallTimes.minus(callTimes.snapshot(), callsBefore));
                results.add(result);
                costs.add(cost);
                progress(err, step.label() + ": " + result.path("status").asText() + ", added "
                        + result.path("added").asLong() + ", changed " + result.path("changed").asLong()
                        + ", unchanged " + result.path("unchanged").asLong() + " (" + cost.millis() + " ms, "
                        + DemoSummary.units(cost.billedWrite()) + " WCU, "
                        + DemoSummary.units(cost.billedRead()) + " RCU as AWS bills them)");
            }
            Verification v = verify(sandbox, bankfeeds.values().iterator().next().dependencies());
            DemoSummary.print(out, results, costs, v.perAccount(), millis(started));
            DemoSummary.printCosts(out, results, costs, o.pageSize());
            DemoSummary.printCallTimes(out, costs);
            DemoSummary.printHeap(out);
            boolean secondRunWroteNothing = results.get(3).path("added").asLong() == 0
                    && results.get(3).path("changed").asLong() == 0;
            boolean duplicateIgnored = "DUPLICATE_EVENT".equals(results.get(4).path("status").asText());
            out.printf("%nChecks:%n  %s every sandbox transaction stored exactly once (%d of %d, amounts exact)%n",
                    mark(v.ok()), v.matched(), v.expected());
            out.printf("  %s second sync wrote nothing new (added %d, changed %d)%n", mark(secondRunWroteNothing),
                    results.get(3).path("added").asLong(), results.get(3).path("changed").asLong());
            out.printf("  %s duplicate schedule event changed nothing (%s)%n", mark(duplicateIgnored),
                    results.get(4).path("status").asText());
            for (String problem : v.problems()) {
                out.println("    " + problem);
            }
            out.flush();
            return v.ok() && secondRunWroteNothing && duplicateIgnored ? OK : ERROR;
        }
    }

    /**
     * One step as in Lambda: the trigger dispatches a run to the function's queue, the workers drain it, and
     * the step's result is the run record (or the trigger's own answer when it dispatched nothing).
     */
    private static JsonNode runThroughQueue(RequestStreamHandler handler, Bankfeed bankfeed, QueueWorkers workers,
            SamTemplate template, Step step, Path events, PrintStream err) throws IOException {
        JsonNode answer = invoke(handler, template, step, events);
        String runId = answer.path("runId").asText(null);
        String status = answer.path("status").asText();
        if (runId == null || !(Dispatch.Status.DISPATCHED.name().equals(status) || "ACCEPTED".equals(status))) {
            return answer;
        }
        progress(err, step.label() + ": " + ("ACCEPTED".equals(status) ? "HTTP 202, run " + runId
                + " accepted, its units sent to the queue" : "dispatched run " + runId + ": "
                + answer.path("queued").asLong() + " units to the queue"));
        long t = System.nanoTime();
        QueueWorkers.Totals done;
        try {
            done = workers.run(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the workers drained the queue", e);
        }
        progress(err, "workers: " + (done.delivered() - done.failed()) + " units done, " + done.failed()
                + " failed, in " + millis(t) + " ms");
        return bankfeed.runs().find(runId).<JsonNode>map(JobHandler::runJson)
                .orElseThrow(() -> new IllegalStateException("run " + runId + " has no record"));
    }

    private static JsonNode invoke(RequestStreamHandler handler, SamTemplate template, Step step, Path events)
            throws IOException {
        SamTemplate.Function f = template.function(step.function()).orElseThrow(() -> new IllegalStateException(
                "template.yaml has no " + step.function()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(events.resolve(step.eventFile()))), out,
                new LocalContext(f.logicalId(), Duration.ofSeconds(f.timeoutSeconds()), f.memoryMb()));
        JsonNode answer = BankJson.mapper().readTree(out.toByteArray());
        // An HTTP answer wraps the job result in an API Gateway response.
        return answer.has("statusCode") ? BankJson.mapper().readTree(answer.path("body").asText()) : answer;
    }

    /** Per account: expected vs stored; every expected transaction must be found with its exact amount. */
    private static Verification verify(ProviderSandbox sandbox, JobDependencies deps) {
        List<String> problems = new ArrayList<>();
        Map<String, long[]> perAccount = new LinkedHashMap<>();
        long expected = 0;
        long matched = 0;
        for (ExpectedAccount account : sandbox.expected().accounts()) {
            Provider provider = Provider.of(account.provider());
            String accountId = dev.bankfeed.model.Account.canonicalId(provider, account.accountId());
            long found = 0;
            Map<String, Transaction> byId = storedById(deps, accountId);
            for (ExpectedTransaction t : account.transactions()) {
                expected++;
                Optional<Transaction> stored = Optional.ofNullable(byId.get(t.id()));
                if (stored.isEmpty()) {
                    problems.add("missing: " + accountId + " " + t.id());
                } else if (stored.get().amount().minor() != t.amountMinor()
                        || !stored.get().amount().currency().equals(t.currency())) {
                    problems.add("amount differs: " + accountId + " " + t.id() + " stored " + stored.get().amount()
                            + ", expected " + t.amountMinor() + " minor " + t.currency());
                } else {
                    found++;
                    matched++;
                }
            }
            long active = deps.transactions().countActive(accountId);
            if (active != account.transactions().size()) {
                problems.add("count differs: " + accountId + " holds " + active + ", expected "
                        + account.transactions().size());
            }
            perAccount.put(accountId, new long[] {account.transactions().size(), found, active});
        }
        return new Verification(expected, matched, problems.isEmpty() && matched == expected, problems, perAccount);
    }

    /** The account's stored transactions by provider id: one query, not a read per expected transaction. */
    static Map<String, Transaction> storedById(JobDependencies deps, String accountCanonicalId) {
        Map<String, Transaction> byId = new java.util.HashMap<>();
        for (Transaction t : deps.transactions().listByAccount(accountCanonicalId)) {
            byId.put(t.providerTransactionId(), t);
        }
        return byId;
    }

    private record Verification(long expected, long matched, boolean ok, List<String> problems,
            Map<String, long[]> perAccount) {
    }

    private static void requireEvents(Path events) throws IOException {
        if (!Files.isDirectory(events)) {
            throw new IOException("no events directory at " + events + " (run from the repository root, or pass "
                    + "--events DIR)");
        }
    }

    private static String mark(boolean ok) {
        return ok ? "OK  " : "FAIL";
    }

    private static void progress(PrintStream err, String message) {
        err.println("- " + message);
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
