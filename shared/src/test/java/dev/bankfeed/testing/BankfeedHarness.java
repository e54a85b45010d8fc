package dev.bankfeed.testing;

import dev.bankfeed.config.FileConnectionSource;
import dev.bankfeed.job.JobDependencies;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.JobRequest;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.job.JobSettings;
import dev.bankfeed.job.RunSettings;
import dev.bankfeed.job.WorkQueue;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.RetryPolicy;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.ProviderSandbox;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.dynamo.BankfeedTable;
import dev.bankfeed.store.dynamo.DynamoStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole pipeline in one JVM for integration tests: the provider sandbox, a Bankfeed table of its own on the
 * test JVM's moto_server, and a {@link Bankfeed} over them on a clock the test moves. Retries do not really sleep.
 */
public final class BankfeedHarness implements AutoCloseable {

    public final ProviderSandbox sandbox;
    public final DynamoDbClient dynamo;
    public final DynamoStores stores;
    public final MutableClock clock;
    public final Bankfeed bankfeed;
    public final String table;
    private final Path connectionsFile;

    private BankfeedHarness(SandboxConfig config, JobSettings settings, UnaryOperator<ProviderClient> decorator,
            ClientOverrideConfiguration dynamoOverride, UnaryOperator<ClientSettings> clientTuning) throws IOException {
        MotoServer.assumeAvailable();
        this.sandbox = ProviderSandbox.start(config);
        this.clock = new MutableClock(config.today().atTime(12, 0).toInstant(ZoneOffset.UTC));
        // Concurrent runs and workers must meet DynamoDB's per-item atomicity, which moto lacks (OneCallAtATime).
        this.dynamo = MotoServer.shared().dynamoClient(dynamoOverride.toBuilder()
                .addExecutionInterceptor(new OneCallAtATime()).build());
        this.table = "harness-" + UUID.randomUUID();
        BankfeedTable.createIfMissing(dynamo, table);
        this.stores = DynamoStores.create(dynamo, table, clock, ProviderModules.twinning());
        this.connectionsFile = Files.createTempFile("bankfeed-connections", ".json");
        Files.writeString(connectionsFile, sandbox.connectionsJson());
        ClientSettings clientSettings = clientTuning.apply(fastClientSettings());
        this.bankfeed = decorator == null
                ? BankfeedEnvironment.create(stores, new FileConnectionSource(connectionsFile), settings,
                        ProviderClients.sharedHttpClient(), clientSettings, JobMetrics.NONE, clock)
                : new Bankfeed(new JobDependencies(new FileConnectionSource(connectionsFile),
                        c -> decorator.apply(ProviderClients.create(c, ProviderClients.sharedHttpClient(),
                                clientSettings)),
                        stores.accounts(), stores.balances(), stores.transactions(), stores.cursors(), stores.leases(),
                        stores.statuses(), stores.rejections(), stores.events(), JobMetrics.NONE, clock,
                        settings), stores.runs(), stores.gate(), null, RunSettings.defaults());
    }

    /** Provider client settings for tests: retries that do not really sleep, fast job polling. */
    public static ClientSettings fastClientSettings() {
        return ClientSettings.defaults()
                .withRetry(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(60)))
                .withTime(java.time.Clock.systemUTC(), d -> { }, new java.util.Random(7))
                .withJobPolling(Duration.ofMillis(10), 50, Duration.ofMinutes(15));
    }

    /** A harness over a sandbox of {@code config}, with job settings whose backfill covers its history. */
    public static BankfeedHarness start(SandboxConfig config) {
        return start(config, settingsFor(config));
    }

    /** Job settings whose backfill covers the sandbox's history, with small pages. */
    public static JobSettings settingsFor(SandboxConfig config) {
        JobSettings d = JobSettings.defaults();
        return new JobSettings(d.lookbackDays(), config.historyDays() + 1, 50, d.stopMargin(), d.leaseTtl(),
                d.eventRetention());
    }

    public static BankfeedHarness start(SandboxConfig config, JobSettings settings) {
        return start(config, settings, null);
    }

    /** A harness whose provider clients are wrapped by {@code decorator} (to alter what the banks answer). */
    public static BankfeedHarness start(SandboxConfig config, JobSettings settings,
            UnaryOperator<ProviderClient> decorator) {
        return start(config, settings, decorator, ClientOverrideConfiguration.builder().build());
    }

    /** Same, with the DynamoDB client's interceptors (to count or fail the calls the stores make). */
    public static BankfeedHarness start(SandboxConfig config, JobSettings settings,
            UnaryOperator<ProviderClient> decorator, ClientOverrideConfiguration dynamoOverride) {
        return start(config, settings, decorator, dynamoOverride, UnaryOperator.identity());
    }

    /** Same, with the provider clients' settings changed by {@code clientTuning} (a shorter timeout, say). */
    public static BankfeedHarness start(SandboxConfig config, JobSettings settings,
            UnaryOperator<ProviderClient> decorator, ClientOverrideConfiguration dynamoOverride,
            UnaryOperator<ClientSettings> clientTuning) {
        try {
            return new BankfeedHarness(config, settings, decorator, dynamoOverride, clientTuning);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sandbox config with a fixed today, so that tests do not depend on the date they run. */
    public static SandboxConfig.Builder sandboxConfig() {
        return SandboxConfig.builder().seed(42).today(LocalDate.of(2026, 3, 12)).accountsPerConnection(2)
                .transactionsPerAccount(120);
    }

    public JobDependencies deps() {
        return bankfeed.dependencies();
    }

    /** An on-demand run of every connection and account, with ten minutes on the harness clock. */
    public JobRequest request() {
        return new JobRequest(UUID.randomUUID().toString(), null, null, null, null,
                Deadline.after(clock, Duration.ofMinutes(10)), null);
    }

    public JobResult run(JobKind kind) {
        return run(kind, request());
    }

    public JobResult run(JobKind kind, JobRequest request) {
        return bankfeed.engine(kind).runInline(request, "test");
    }

    /** Another Bankfeed over this harness's clients and stores, sending its units to {@code queue}. */
    public Bankfeed queued(WorkQueue queue, RunSettings runSettings) {
        return new Bankfeed(deps(), stores.runs(), stores.gate(), queue, runSettings);
    }

    /** Another Bankfeed over this harness's clients and stores that counts to {@code metrics}; null queue: inline. */
    public Bankfeed withMetrics(JobMetrics metrics, WorkQueue queue, RunSettings runSettings) {
        JobDependencies d = deps();
        return new Bankfeed(new JobDependencies(d.connections(), d.clients(), d.accounts(), d.balances(),
                d.transactions(), d.cursors(), d.leases(), d.statuses(), d.rejections(), d.events(), metrics, d.clock(),
                d.settings()), stores.runs(), stores.gate(), queue, runSettings);
    }

    /** Another inline Bankfeed over this harness's clients and stores, with {@code runSettings}. */
    public Bankfeed inline(RunSettings runSettings) {
        return new Bankfeed(deps(), stores.runs(), stores.gate(), null, runSettings);
    }

    /** Runs the three jobs in the order a first deployment would. */
    public JobResult syncAll() {
        run(JobKind.ACCOUNTS);
        run(JobKind.BALANCES);
        return run(JobKind.TRANSACTIONS);
    }

    /** Problems found comparing the store with the sandbox's ground truth; empty when they agree exactly. */
    public List<String> differencesFromSandbox() {
        return differences(sandbox, deps().transactions());
    }

    /** Problems found comparing {@code transactions} with the sandbox's ground truth; empty when they agree. */
    public static List<String> differences(ProviderSandbox sandbox, TransactionStore transactions) {
        List<String> problems = new ArrayList<>();
        for (ExpectedAccount account : sandbox.expected().accounts()) {
            Provider provider = Provider.of(account.provider());
            String accountId = Account.canonicalId(provider, account.accountId());
            long active = 0;
            java.util.Map<String, Transaction> byId = new java.util.HashMap<>();
            transactions.listByAccount(accountId).forEach(t -> byId.put(t.providerTransactionId(), t));
            for (ExpectedTransaction t : account.transactions()) {
                var stored = java.util.Optional.ofNullable(byId.get(t.id()));
                if (stored.isEmpty()) {
                    problems.add("missing " + accountId + " " + t.id());
                    continue;
                }
                if (stored.get().amount().minor() != t.amountMinor()
                        || !stored.get().amount().currency().equals(t.currency())) {
                    problems.add("amount of " + accountId + " " + t.id() + ": stored " + stored.get().amount()
                            + ", expected " + t.amountMinor() + " " + t.currency());
                }
                if (!stored.get().status().name().equals(t.status())) {
                    problems.add("status of " + accountId + " " + t.id() + ": stored " + stored.get().status()
                            + ", expected " + t.status());
                }
                if (!t.vanished()) {
                    active++;
                }
            }
            long counted = transactions.countActive(accountId);
            if (counted != active) {
                problems.add(accountId + " counts " + counted + " active transactions, expected " + active);
            }
        }
        return problems;
    }

    /** Deletes the harness's table (the stores then fail as they would on a missing or unreachable table). */
    public void dropTable() {
        try {
            dynamo.deleteTable(b -> b.tableName(table));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException alreadyGone) {
            // dropped by the test itself
        }
    }

    @Override
    public void close() {
        sandbox.close();
        try {
            dropTable();
        } finally {
            dynamo.close();
        }
        try {
            Files.deleteIfExists(connectionsFile);
        } catch (IOException ignored) {
            // a temp file; the OS cleans it
        }
    }
}
