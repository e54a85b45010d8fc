package dev.bankfeed.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bankfeed.config.AwsClients;
import dev.bankfeed.config.SecretsManagerConnectionSource;
import dev.bankfeed.job.AccountOutcome;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.job.WorkUnit;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.normalize.CanonicalJson;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.ProviderNormalizer;
import dev.bankfeed.provider.ProviderModule;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.queue.SqsWorkQueue;
import dev.bankfeed.store.SyncCursor;
import dev.bankfeed.store.UnitReport;
import dev.bankfeed.store.dynamo.DynamoStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SnapStart priming hook of a function (a CRaC resource, registered once per container by the handler's
 * static initializer, which also hands it the handler's own paths: event parsing and answers, in
 * {@code lambda}). Before the snapshot it runs the code paths of a first invocation without calling AWS or a
 * bank, so that the classes they load and the caches they fill (Jackson's serializers, the SDK's marshallers,
 * signer and unmarshallers, the normalizers) are in the snapshot instead of being paid for by the first request
 * after every restore. After a restore it reseeds randomness. Priming never fails the function: a step that
 * throws is logged at WARN and skipped.
 */
public final class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** CRaC holds resources weakly: these are kept for as long as the container lives. */
    private static final Map<JobKind, SnapStartPriming> REGISTERED = new EnumMap<>(JobKind.class);

    /**
     * The endpoint the priming clients are given. Nothing is ever sent to it (their HTTP client answers every
     * request itself), and the discard port on loopback would refuse a connection if something ever were.
     */
    static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    /** The account the samples' account-less bodies belong to. */
    private static final String SAMPLE_ACCOUNT = "acc_001";
    private static final String TABLE = "bankfeed-priming";
    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/000000000000/bankfeed-priming";
    /** Fixed ids: priming must not generate anything unique that the snapshot would then share. */
    private static final String RUN_ID = "snapstart-priming";
    private static final String CONNECTION_ID = "priming";

    private final JobKind kind;
    private final URI endpoint;
    private final Callable<?> handlerPaths;

    /**
     * What one priming pass did: the steps that ran, those that failed, and the AWS operations the SDK marshalled
     * and signed (answered locally) with how many calls of each.
     */
    public record Report(List<String> done, Map<String, String> failed, Map<String, Integer> operations,
            long millis) {

        /** The number of AWS calls answered locally. */
        public int sdkCalls() {
            return operations.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    SnapStartPriming(JobKind kind, URI endpoint, Callable<?> handlerPaths) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.handlerPaths = handlerPaths;
    }

    /**
     * The container's priming resource for the function running {@code kind}, registered with CRaC once;
     * {@code handlerPaths} runs the handler's own first-request paths (the first registration's are kept).
     */
    public static synchronized SnapStartPriming register(JobKind kind, Callable<?> handlerPaths) {
        return REGISTERED.computeIfAbsent(kind, k -> {
            SnapStartPriming priming = new SnapStartPriming(k, NOWHERE, handlerPaths);
            Core.getGlobalContext().register(priming);
            return priming;
        });
    }

    /** True when a priming resource for {@code kind} is registered in this JVM. */
    static synchronized boolean isRegistered(JobKind kind) {
        return REGISTERED.containsKey(kind);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    /**
     * Gives every registered retry-jitter generator a fresh seed ({@link JitterReseed}), before the first
     * invocation of a restored environment. Nothing else here is time- or identity-bound, by construction:
     * <ul>
     * <li>Priming uses its own SDK clients with fixed dummy credentials, so the real clients have resolved no
     * credentials before the snapshot and fetch the restored environment's own on their first call; priming
     * answers carry no {@code Date} header, so the SDK's clock-skew offset is not set from them either.</li>
     * <li>No connection is opened and no host name is resolved before the snapshot, so no stale socket, TLS
     * session or DNS answer is restored.</li>
     * <li>The secrets cache and the provider clients (with their Atlar tokens) are empty at the snapshot: they
     * fill on the first run, and their ages are wall-clock instants, which stay right across a restore.</li>
     * <li>Priming generates no ids (fixed run and connection ids). Run ids and lease owners come from the
     * request id or {@code UUID.randomUUID()} during the invocation; UUID's SecureRandom (NativePRNG on Linux)
     * mixes fresh {@code /dev/urandom} bytes into every value, even when the generator itself was created
     * before the snapshot.</li>
     * </ul>
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        try {
            int reseeded = JitterReseed.reseedAll();
            LOG.info("restored from a snapshot: {} retry-jitter generator(s) reseeded", reseeded);
        } catch (RuntimeException e) {
            LOG.warn("reseeding after a restore failed: {}", e.toString());
        }
    }

    /** Runs every priming step once; never throws. */
    public Report prime() {
        long started = System.nanoTime();
        List<String> done = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        LocalAnswers answers = new LocalAnswers();
        Samples samples = step("normalizers", done, failed, () -> normalize(kind));
        step("json", done, failed, () -> json(samples));
        step("events", done, failed, this::events);
        try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), answers);
                SqsClient sqs = client(SqsClient.builder(), answers);
                SecretsManagerClient secrets = client(SecretsManagerClient.builder(), answers)) {
            DynamoStores stores = DynamoStores.create(dynamo, TABLE, Clock.systemUTC(), ProviderModules.twinning());
            step("dynamodb-common", done, failed, () -> commonStores(stores));
            step("dynamodb-" + kind.id(), done, failed, () -> kindStores(stores, samples));
            step("sqs", done, failed, () -> {
                new SqsWorkQueue(sqs, QUEUE_URL).send(List.of(workUnit()), Duration.ZERO);
                return null;
            });
            step("secrets", done, failed, () -> new SecretsManagerConnectionSource(secrets,
                    "bankfeed/connections/", Duration.ofMinutes(5), Clock.systemUTC()).connections());
        } catch (RuntimeException e) {
            failed.put("sdk-clients", e.toString());
            LOG.warn("SnapStart priming could not build its SDK clients; skipped: {}", e.toString());
        }
        Report report = new Report(List.copyOf(done), Collections.unmodifiableMap(failed), answers.operations(),
                (System.nanoTime() - started) / 1_000_000);
        LOG.info("SnapStart priming of {} done in {} ms: {} step(s) ran, {} failed, {} AWS call(s) answered "
                + "locally", kind.id(), report.millis(), done.size(), failed.size(), report.sdkCalls());
        return report;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T step(String name, List<String> done, Map<String, String> failed, Step<T> step) {
        try {
            T result = step.run();
            done.add(name);
            return result;
        } catch (Exception | LinkageError e) {
            failed.put(name, e.toString());
            LOG.warn("SnapStart priming step {} failed; skipped: {}", name, e.toString());
            return null;
        }
    }

    /** The normalized records of the sample pages of every provider, for the kinds the function runs. */
    record Samples(List<Account> accounts, List<BalanceSnapshot> balances, List<Transaction> transactions) {
    }

    /**
     * The function's own normalizer path on each provider's small bundled sample page. Each function only runs
     * its own kind: priming the others would only make its snapshot larger.
     */
    static Samples normalize(JobKind kind) {
        List<Account> accounts = new ArrayList<>();
        List<BalanceSnapshot> balances = new ArrayList<>();
        List<Transaction> transactions = new ArrayList<>();
        for (ProviderModule module : ProviderModules.all()) {
            ProviderNormalizer n = module.normalizer();
            // Bodies that name no account take it from the context: the samples are written for this one.
            NormalizationContext context = new NormalizationContext(SAMPLE_ACCOUNT, Instant.now());
            switch (kind) {
                case ACCOUNTS -> accounts.addAll(records(n.accounts(sample(module, "accounts"), context)));
                case BALANCES -> balances.addAll(records(n.balances(sample(module, "balances"), context)));
                case TRANSACTIONS -> transactions.addAll(
                        records(n.transactions(sample(module, "transactions"), context)));
                default -> throw new IllegalStateException("no priming for " + kind);
            }
        }
        return new Samples(accounts, balances, transactions);
    }

    private static <T> List<T> records(NormalizationResult<T> result) {
        if (!result.rejections().isEmpty()) {
            throw new IllegalStateException("a priming sample was rejected: " + result.rejections().get(0).reason());
        }
        return result.records();
    }

    /** The module's bundled sample page of {@code kind}, beside its class (see {@link ProviderModule}). */
    static JsonNode sample(ProviderModule module, String kind) {
        try (InputStream in = module.getClass().getResourceAsStream("priming/" + kind + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no priming sample " + kind + " for " + module.providerId());
            }
            return BankJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shared mapper's work of an invocation: the job result written as the handler writes it (a bean
     * serializer Jackson builds once and caches) and the canonical JSON of the samples.
     */
    private Object json(Samples samples) throws IOException {
        ObjectMapper mapper = BankJson.mapper();
        AccountOutcome outcome = AccountOutcome.ok(CONNECTION_ID, ProviderModules.all().get(0).providerId(),
                "priming:account", new dev.bankfeed.store.WriteCounts(1, 0, 0), 1, 0, null, 1);
        JobResult result = JobResult.of(kind, RUN_ID, List.of(outcome), 1);
        String written = mapper.writeValueAsString(mapper.valueToTree(result));
        mapper.readTree(written);
        if (samples != null) {
            samples.accounts().forEach(a -> CanonicalJson.account(a, true));
            samples.balances().forEach(b -> CanonicalJson.balance(b, true));
            samples.transactions().forEach(t -> CanonicalJson.transaction(t, true));
        }
        return result;
    }

    /** The events the handler accepts, through its own paths, and an SQS work-unit message body. */
    private Object events() throws Exception {
        handlerPaths.call();
        return WorkUnit.fromJson(workUnit().toJson());
    }

    private static WorkUnit workUnit() {
        return new WorkUnit(RUN_ID, JobKind.TRANSACTIONS, CONNECTION_ID, "priming:account", false,
                LocalDate.of(2026, 1, 1), null, 1, null);
    }

    /** The calls every function makes: the event claim, the run record, the connection gate, a status. */
    private Object commonStores(DynamoStores stores) {
        Duration minute = Duration.ofMinutes(1);
        stores.events().begin("priming#" + kind.id(), minute);
        stores.runs().start(RUN_ID, kind.id(), "schedule", 1, 0, Instant.now());
        stores.runs().report(RUN_ID, "unit", new UnitReport(true, 1, 0, 0, 0, 1), true, Instant.now());
        stores.runs().find(RUN_ID);
        stores.gate().throttledUntil(CONNECTION_ID);
        stores.gate().tryEnter(CONNECTION_ID, 1, RUN_ID, minute).ifPresent(slot ->
                stores.gate().leave(CONNECTION_ID, slot, RUN_ID));
        stores.statuses().recordSuccess("priming:account", CONNECTION_ID, kind.id(), RUN_ID, Instant.now());
        stores.events().complete("priming#" + kind.id(), minute);
        return null;
    }

    /** The function's own store calls, with the normalized samples. */
    private Object kindStores(DynamoStores stores, Samples samples) {
        if (samples == null) {
            throw new IllegalStateException("no normalized samples to store");
        }
        switch (kind) {
            case ACCOUNTS -> {
                stores.accounts().upsertAccounts(CONNECTION_ID, samples.accounts());
                stores.accounts().accounts(CONNECTION_ID);
            }
            case BALANCES -> {
                stores.balances().appendSnapshots(samples.balances());
                BalanceSnapshot b = samples.balances().get(0);
                stores.balances().latest(Account.canonicalId(b.provider(), b.providerAccountId()), b.type());
            }
            case TRANSACTIONS -> {
                Transaction first = samples.transactions().get(0);
                String account = Account.canonicalId(first.provider(), first.providerAccountId());
                Duration ttl = Duration.ofMinutes(2);
                stores.leases().tryAcquire(account, RUN_ID, ttl);
                stores.cursors().load(account);
                stores.transactions().upsertTransactions(samples.transactions().stream()
                        .filter(t -> t.provider().equals(first.provider())
                                && t.providerAccountId().equals(first.providerAccountId())).toList());
                stores.transactions().openPending(account, LocalDate.of(2026, 1, 1));
                stores.cursors().save(account, new SyncCursor(LocalDate.of(2026, 1, 1), null, null, null, false,
                        Instant.now()), RUN_ID, ttl);
                stores.leases().release(account, RUN_ID);
            }
            default -> throw new IllegalStateException("no priming for " + kind);
        }
        return null;
    }

    /**
     * A client of the same kind as the function's, but one that cannot reach AWS: fixed dummy credentials (the
     * real credential chain stays unresolved), no retries, and an HTTP client that answers every request itself.
     */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder,
            SdkHttpClient answers) {
        return builder.httpClient(answers)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(AwsClients.DEFAULT_API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(AwsClients.DEFAULT_API_CALL_ATTEMPT_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    /**
     * The priming clients' HTTP client: it reads the marshalled, signed request and answers {@code 200 {}} (an
     * empty but valid answer of every DynamoDB, SQS and Secrets Manager operation we use) without opening a
     * connection, so the SDK's whole pipeline runs, unmarshalling included, and nothing leaves the process.
     */
    static final class LocalAnswers implements SdkHttpClient {

        private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

        private final Map<String, Integer> operations = new ConcurrentHashMap<>();

        /** The operations answered so far ({@code X-Amz-Target}, e.g. "DynamoDB_20120810.PutItem"), counted. */
        Map<String, Integer> operations() {
            return Collections.unmodifiableMap(new TreeMap<>(operations));
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream body = request.contentStreamProvider().get().newStream()) {
                            body.readAllBytes();
                        }
                    }
                    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                            .orElse(request.httpRequest().encodedPath());
                    operations.merge(target, 1, Integer::sum);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("Content-Length", Integer.toString(EMPTY_OBJECT.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY_OBJECT)))
                            .build();
                }

                @Override
                public void abort() {
                    // Nothing in flight: the answer is made here.
                }
            };
        }

        @Override
        public void close() {
            // Holds no connections.
        }
    }
}
