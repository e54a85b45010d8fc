package dev.bankfeed.benchmarks;

import dev.bankfeed.benchmarks.dynamo.FixedLatencyDynamoDb;
import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ConnectionJson;
import dev.bankfeed.config.ConnectionSource;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.JobRequest;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.job.JobSettings;
import dev.bankfeed.job.RunSettings;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.ProviderSandbox;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.store.dynamo.BankfeedTable;
import dev.bankfeed.store.dynamo.DynamoStores;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * First-sync throughput of SyncTransactions with 1, 2, 4, 8 and 16 workers against the provider sandbox with a
 * per-request latency and a DynamoDB stand-in with a fixed round trip, and a naive one-PutItem-per-transaction
 * loop over the same data, in one JVM; prints a table and the ratios. See BENCHMARKS.md, "Fan-out: first-sync
 * throughput with workers".
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.bankfeed.benchmarks.FanOutThroughput [--workers 1,2,4,8,16]
 *     [--connections 3] [--accounts 7] [--transactions 1000] [--bank-latency-ms 150] [--dynamo-ms 5]
 *     [--naive-connections 1]</pre>
 *
 * Workers are inline threads ({@code inlineThreads = N}): the same unit code a queued Lambda runs per message,
 * without a queue emulator's own cost in the measurement; each unit still takes its connection's slot, lease,
 * cursor and run report in DynamoDB, as it does from a queue.
 */
public final class FanOutThroughput {

    private static final String TABLE = BankfeedTable.DEFAULT_NAME;
    private static final String NAIVE_PREFIX = "NAIVE#";
    private static final String NAIVE_TXN = "TXN#";

    private final Options options;

    private FanOutThroughput(Options options) {
        this.options = options;
    }

    /** Command-line options; every one has the documented measurement's value as its default. */
    record Options(List<Integer> workers, int connectionsPerProvider, int accountsPerConnection, int transactions,
            Duration bankLatency, Duration dynamoRoundTrip, int naiveConnectionsPerProvider) {

        static Options parse(String[] args) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                m.put(args[i].substring(2), args[i + 1]);
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException(args[args.length - 1] + " needs a value");
            }
            List<Integer> workers = new ArrayList<>();
            for (String w : m.getOrDefault("workers", "1,2,4,8,16").split(",")) {
                workers.add(Integer.parseInt(w.trim()));
            }
            int connections = Integer.parseInt(m.getOrDefault("connections", "3"));
            Options o = new Options(workers, connections, Integer.parseInt(m.getOrDefault("accounts", "7")),
                    Integer.parseInt(m.getOrDefault("transactions", "1000")),
                    Duration.ofMillis(Long.parseLong(m.getOrDefault("bank-latency-ms", "150"))),
                    Duration.ofMillis(Long.parseLong(m.getOrDefault("dynamo-ms", "5"))),
                    Integer.parseInt(m.getOrDefault("naive-connections", "1")));
            if (o.naiveConnectionsPerProvider() < 1 || o.naiveConnectionsPerProvider() > connections) {
                throw new IllegalArgumentException("--naive-connections must be between 1 and --connections");
            }
            return o;
        }
    }

    /** One measured row. */
    record Row(String label, long transactions, long accounts, double seconds, long dynamoCalls, boolean verified,
            boolean extrapolated) {

        double perSecond() {
            return transactions / seconds;
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new FanOutThroughput(options).run() ? 0 : 1);
    }

    private boolean run() {
        int maxWorkers = options.workers().stream().mapToInt(Integer::intValue).max().orElse(1);
        SandboxConfig config = SandboxConfig.builder()
                .connectionsPerProvider(options.connectionsPerProvider())
                .accountsPerConnection(options.accountsPerConnection())
                .transactionsPerAccount(options.transactions())
                .latency(options.bankLatency())
                // A request holds a server thread for the whole latency: one per worker, and some to spare.
                .threads(Math.min(SandboxConfig.MAX_THREADS, 2 * maxWorkers + 4))
                .build();
        // The backfill reaches past the sandbox's oldest transaction, as a first sync of its history must.
        JobSettings d = JobSettings.defaults();
        JobSettings jobSettings = new JobSettings(d.lookbackDays(), config.historyDays() + 1, d.pageSize(),
                d.stopMargin(), d.leaseTtl(), d.eventRetention());
        RunSettings runDefaults = RunSettings.defaults();
        List<Row> rows = new ArrayList<>();
        try (ProviderSandbox sandbox = ProviderSandbox.start(config)) {
            List<Connection> connections = ConnectionJson.parseFile(sandbox.connectionsJson());
            int slots = connections.stream().mapToInt(runDefaults::maxConcurrency).sum();
            long expectedTotal = sandbox.expected().accounts().stream().mapToLong(a -> a.transactions().size()).sum();
            printSetup(config, connections.size(), slots, expectedTotal, jobSettings);
            for (int workers : options.workers()) {
                rows.add(fanOut(sandbox, connections, jobSettings, runDefaults.withInlineThreads(workers), workers));
            }
            rows.add(naive(sandbox, connections, jobSettings));
        }
        print(rows);
        return rows.stream().allMatch(Row::verified);
    }

    private void printSetup(SandboxConfig config, int connections, int slots, long transactions, JobSettings s) {
        System.out.printf(Locale.ROOT, "Fan-out first-sync throughput%n");
        System.out.printf(Locale.ROOT, "  sandbox: %d connections (%d per provider) x %d accounts x %d transactions"
                + " = %,d transactions; %d ms per bank request; %d server threads%n", connections,
                config.connectionsPerProvider(), config.accountsPerConnection(), config.transactionsPerAccount(),
                transactions, config.latency().toMillis(), config.threads());
        System.out.printf(Locale.ROOT, "  DynamoDB: in-memory stand-in, %d ms per round trip (a benchmark stand-in,"
                + " not an emulator)%n", options.dynamoRoundTrip().toMillis());
        String limits = ProviderModules.providers().stream()
                .map(p -> p.id().substring(0, 1).toUpperCase(Locale.ROOT) + p.id().substring(1) + " "
                        + RunSettings.defaults().maxConcurrency().get(p))
                .collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "  page size %d, backfill %d days; per-connection limits %s (defaults):"
                + " %d slots in all%n", s.pageSize(), s.backfillDays(), limits, slots);
        System.out.printf(Locale.ROOT, "  %d cores, Java %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
    }

    /** A fresh table, ListAccounts (not timed), then one timed SyncTransactions run with {@code workers} threads. */
    private Row fanOut(ProviderSandbox sandbox, List<Connection> connections, JobSettings jobSettings,
            RunSettings runSettings, int workers) {
        FixedLatencyDynamoDb dynamo = new FixedLatencyDynamoDb(options.dynamoRoundTrip());
        Bankfeed bankfeed = bankfeed(dynamo, connections, jobSettings, runSettings);
        discoverAccounts(bankfeed);
        dynamo.resetCalls();
        long started = System.nanoTime();
        JobResult result = bankfeed.engine(JobKind.TRANSACTIONS).runInline(request("sync-" + workers), "benchmark");
        double seconds = (System.nanoTime() - started) / 1e9;
        long calls = dynamo.totalCalls();
        Verification v = verify(sandbox, null, accountId -> storedBySync(bankfeed, accountId));
        boolean ok = v.ok() && result.status() == JobResult.Status.COMPLETED && result.added() == v.expected();
        Row row = new Row(workers + (workers == 1 ? " worker" : " workers"), v.expected(), v.accounts(), seconds,
                calls, ok, false);
        System.out.printf(Locale.ROOT, "%-12s %8.1f s  %,9.0f txn/s  %s (run %s, added %d)%n", row.label(), seconds,
                row.perSecond(), v.summary(), result.status(), result.added());
        return row;
    }

    /**
     * The naive loop: every page from the sandbox with the same provider clients, each normalized transaction
     * written with its own PutItem, one after another. Measured on the first {@code naiveConnectionsPerProvider}
     * connections of each provider and extrapolated linearly to all accounts (it is the slow one).
     */
    private Row naive(ProviderSandbox sandbox, List<Connection> connections, JobSettings jobSettings) {
        FixedLatencyDynamoDb dynamo = new FixedLatencyDynamoDb(options.dynamoRoundTrip());
        Bankfeed bankfeed = bankfeed(dynamo, connections, jobSettings, RunSettings.defaults());
        discoverAccounts(bankfeed);
        List<Connection> measured = new ArrayList<>();
        for (Provider p : ProviderModules.providers()) {
            connections.stream().filter(c -> c.provider().equals(p)).limit(options.naiveConnectionsPerProvider())
                    .forEach(measured::add);
        }
        HttpClient http = ProviderClients.httpClient(ClientSettings.defaults());
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(jobSettings.backfillDays());
        dynamo.resetCalls();
        long written = 0;
        long accounts = 0;
        long started = System.nanoTime();
        for (Connection c : measured) {
            ProviderClient client = ProviderClients.create(c, http, ClientSettings.defaults());
            for (Account a : bankfeed.dependencies().accounts().accounts(c.id())) {
                accounts++;
                written += naiveAccount(dynamo, client, c.provider(), a, from, jobSettings.pageSize());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long calls = dynamo.totalCalls();
        Verification v = verify(sandbox, measured, accountId -> storedByNaiveLoop(dynamo, accountId));
        long all = sandbox.expected().accounts().stream().mapToLong(a -> a.transactions().size()).sum();
        double factor = (double) all / written;
        boolean ok = v.ok() && written == v.expected();
        System.out.printf(Locale.ROOT, "%-12s %8.1f s  %,9.0f txn/s  %s (measured on %d accounts, %,d PutItems;"
                + " x%.2f to all)%n", "naive loop", seconds, written / seconds, v.summary(), accounts, written, factor);
        return new Row("naive loop", all, sandbox.expected().accounts().size(), seconds * factor,
                Math.round(calls * factor), ok, factor != 1.0);
    }

    private static long naiveAccount(FixedLatencyDynamoDb dynamo, ProviderClient client, Provider provider,
            Account account, LocalDate from, int pageSize) {
        long written = 0;
        TransactionWalk walk = client.transactions(account.providerAccountId(), new WalkRequest(from, null, pageSize),
                Deadline.after(Duration.ofMinutes(10)));
        for (Optional<TransactionPage> next = walk.next(); next.isPresent(); next = walk.next()) {
            TransactionPage page = next.get();
            List<Transaction> records = ProviderModules.of(provider).normalizer().transactions(page.body(),
                    new NormalizationContext(account.providerAccountId(), Instant.now())).records();
            for (Transaction t : records) {
                if (!account.providerAccountId().equals(t.providerAccountId())) {
                    continue;
                }
                dynamo.putItem(b -> b.tableName(TABLE).item(naiveItem(account, t)));
                written++;
            }
            if (page.last()) {
                break;
            }
        }
        return written;
    }

    /** The item a naive loop would write: the transaction's key, its amount and dates, and the raw record. */
    private static Map<String, AttributeValue> naiveItem(Account account, Transaction t) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(BankfeedTable.PK, AttributeValue.fromS(NAIVE_PREFIX + account.canonicalId()));
        item.put(BankfeedTable.SK, AttributeValue.fromS(NAIVE_TXN + t.providerTransactionId()));
        item.put("canonicalId", AttributeValue.fromS(t.canonicalId()));
        item.put("amountMinor", AttributeValue.fromN(Long.toString(t.amount().minor())));
        item.put("amountCurrency", AttributeValue.fromS(t.amount().currency()));
        item.put("status", AttributeValue.fromS(t.status().name()));
        if (t.bookingDate() != null) {
            item.put("bookingDate", AttributeValue.fromS(t.bookingDate().toString()));
        }
        if (t.rawJson() != null) {
            item.put("raw", AttributeValue.fromS(t.rawJson()));
        }
        return item;
    }

    private static Bankfeed bankfeed(FixedLatencyDynamoDb dynamo, List<Connection> connections,
            JobSettings jobSettings, RunSettings runSettings) {
        BankfeedTable.createIfMissing(dynamo, TABLE);
        ConnectionSource source = new ConnectionSource() {
            @Override
            public List<Connection> connections() {
                return connections;
            }

            @Override
            public void invalidate(String connectionId) {
                // A fixed list: nothing cached to forget.
            }
        };
        ClientSettings clientSettings = ClientSettings.defaults();
        return BankfeedEnvironment.create(DynamoStores.create(dynamo, TABLE, Clock.systemUTC(),
                ProviderModules.twinning()), source, jobSettings,
                ProviderClients.httpClient(clientSettings), clientSettings, JobMetrics.NONE, Clock.systemUTC(), null,
                runSettings);
    }

    private static void discoverAccounts(Bankfeed bankfeed) {
        JobResult accounts = bankfeed.engine(JobKind.ACCOUNTS).runInline(request("accounts"), "benchmark");
        if (accounts.status() != JobResult.Status.COMPLETED) {
            throw new IllegalStateException("ListAccounts did not succeed: " + accounts.status());
        }
    }

    private static JobRequest request(String runId) {
        return new JobRequest(runId + "-" + System.nanoTime(), null, null, null, null,
                Deadline.after(Duration.ofMinutes(30)), null);
    }

    record Verification(long expected, long matched, long accounts, List<String> problems) {
        boolean ok() {
            return problems.isEmpty() && matched == expected;
        }

        String summary() {
            return ok() ? "verified: " + matched + " of " + expected + " stored exactly once"
                    : "NOT VERIFIED: " + problems.size() + " problems, first: " + problems.get(0);
        }
    }

    /**
     * Every sandbox transaction of the given connections (null: all) stored exactly once with its exact amount,
     * against the sandbox's ground truth. {@code stored} lists an account's stored transactions as
     * (provider transaction id, "minor currency"), one listing per account.
     */
    private static Verification verify(ProviderSandbox sandbox, List<Connection> only,
            Function<String, List<Map.Entry<String, String>>> stored) {
        List<String> problems = new ArrayList<>();
        long expected = 0;
        long matched = 0;
        long accounts = 0;
        for (ExpectedAccount account : sandbox.expected().accounts()) {
            if (only != null && only.stream().noneMatch(c -> c.id().equals(account.connectionId()))) {
                continue;
            }
            accounts++;
            String accountId = Account.canonicalId(Provider.of(account.provider()), account.accountId());
            List<Map.Entry<String, String>> listed = stored.apply(accountId);
            Map<String, String> byId = new HashMap<>();
            listed.forEach(e -> byId.put(e.getKey(), e.getValue()));
            if (listed.size() != account.transactions().size() || byId.size() != listed.size()) {
                problems.add(accountId + " holds " + listed.size() + " transactions, expected "
                        + account.transactions().size());
            }
            for (ExpectedTransaction t : account.transactions()) {
                expected++;
                String amount = byId.get(t.id());
                if (amount == null) {
                    problems.add("missing: " + accountId + " " + t.id());
                } else if (!amount.equals(t.amountMinor() + " " + t.currency())) {
                    problems.add("amount differs: " + accountId + " " + t.id() + ": " + amount);
                } else {
                    matched++;
                }
            }
        }
        return new Verification(expected, matched, accounts, problems);
    }

    private static List<Map.Entry<String, String>> storedBySync(Bankfeed bankfeed, String accountId) {
        return bankfeed.dependencies().transactions().listByAccount(accountId).stream()
                .map(t -> Map.entry(t.providerTransactionId(), t.amount().minor() + " " + t.amount().currency()))
                .toList();
    }

    private static List<Map.Entry<String, String>> storedByNaiveLoop(FixedLatencyDynamoDb dynamo, String accountId) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(TABLE).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(NAIVE_PREFIX + accountId)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> i : r.items()) {
                out.add(Map.entry(i.get(BankfeedTable.SK).s().substring(NAIVE_TXN.length()),
                        i.get("amountMinor").n() + " " + i.get("amountCurrency").s()));
            }
            start = r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private static void print(List<Row> rows) {
        System.out.printf(Locale.ROOT, "%n| run | accounts | transactions | seconds | transactions/s | DynamoDB calls"
                + " | verified |%n|---|---|---|---|---|---|---|%n");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.1f%s | %,.0f | %,d | %s |%n", r.label(), r.accounts(),
                    r.transactions(), r.seconds(), r.extrapolated() ? " (extrapolated)" : "", r.perSecond(),
                    r.dynamoCalls(), r.verified() ? "yes" : "NO");
        }
        Row one = rows.stream().filter(r -> r.label().equals("1 worker")).findFirst().orElse(null);
        Row sixteen = rows.stream().filter(r -> r.label().equals("16 workers")).findFirst().orElse(null);
        Row naive = rows.get(rows.size() - 1);
        if (one != null && sixteen != null) {
            double vsOne = sixteen.perSecond() / one.perSecond();
            double vsNaive = sixteen.perSecond() / naive.perSecond();
            System.out.printf(Locale.ROOT, "%n16 workers vs 1 worker: %.1fx (target >= 8x: %s)%n", vsOne,
                    vsOne >= 8 ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "16 workers vs naive loop: %.1fx (target >= 10x: %s)%n", vsNaive,
                    vsNaive >= 10 ? "met" : "NOT met");
        }
    }
}
