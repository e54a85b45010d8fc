package dev.bankfeed.runtime;

import dev.bankfeed.config.AwsClients;
import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ConnectionSource;
import dev.bankfeed.config.FileConnectionSource;
import dev.bankfeed.config.SecretsManagerConnectionSource;
import dev.bankfeed.job.JobDependencies;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.JobSettings;
import dev.bankfeed.job.ProviderClientFactory;
import dev.bankfeed.job.RunSettings;
import dev.bankfeed.job.WorkQueue;
import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.ReseedableRandom;
import dev.bankfeed.queue.SqsWorkQueue;
import dev.bankfeed.store.dynamo.DynamoStores;
import java.net.http.HttpClient;
import java.nio.file.Path;
import dev.bankfeed.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the container's {@link Bankfeed} from environment variables, once. Variables (all optional):
 * {@code TABLE_NAME} (default "bankfeed"); {@code CONNECTIONS_FILE} (a local connection file) or
 * {@code SECRETS_PREFIX} (default "bankfeed/connections/") with {@code SECRETS_CACHE_SECONDS} (300);
 * {@code LOOKBACK_DAYS} (3), {@code BACKFILL_DAYS} (90), {@code PAGE_SIZE} (200);
 * {@code BANKFEED_METRICS} "emf" or "none" (default emf inside Lambda, none elsewhere);
 * {@code WORK_QUEUE_URL} (the function's own work queue; absent: units run inline), {@code WORK_MAX_RECEIVES}
 * (the queue's maxReceiveCount, 5), {@code INLINE_THREADS} (4), and per provider {@code <ID>_MAX_CONCURRENCY}
 * (e.g. {@code ATLAR_MAX_CONCURRENCY}; default the provider module's): units of one connection at once. AWS region,
 * credentials and endpoints come from the SDK's own standard variables.
 */
public final class BankfeedEnvironment {

    private static volatile Bankfeed shared;

    private BankfeedEnvironment() {
    }

    /** The container's instance, built from {@code System.getenv()} on first use. */
    public static Bankfeed shared() {
        Bankfeed b = shared;
        if (b == null) {
            synchronized (BankfeedEnvironment.class) {
                b = shared;
                if (b == null) {
                    b = fromEnvironment(System.getenv());
                    shared = b;
                }
            }
        }
        return b;
    }

    /** A new instance from {@code env}, with the real AWS clients. */
    public static Bankfeed fromEnvironment(Map<String, String> env) {
        // SQS is built here, not in AwsClients: only a queued function needs it, and one per container.
        return fromEnvironment(env, AwsClients.dynamoDb(), AwsClients::secretsManager,
                () -> SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(c -> Tracing.awsSdkInterceptor().ifPresent(c::addExecutionInterceptor))
                        .build());
    }

    /**
     * A new instance from {@code env} over the given clients (the local runner's, aimed at the endpoint of an
     * env-vars file rather than this process's environment); the suppliers are called only when needed.
     */
    public static Bankfeed fromEnvironment(Map<String, String> env, DynamoDbClient dynamo,
            Supplier<SecretsManagerClient> secrets, Supplier<SqsClient> sqs) {
        Clock clock = Clock.systemUTC();
        ConnectionSource connections = env.containsKey("CONNECTIONS_FILE")
                ? new FileConnectionSource(Path.of(env.get("CONNECTIONS_FILE")))
                : new SecretsManagerConnectionSource(secrets.get(),
                        env.getOrDefault("SECRETS_PREFIX", "bankfeed/connections/"),
                        Duration.ofSeconds(intVar(env, "SECRETS_CACHE_SECONDS", 300)), clock);
        boolean inLambda = env.containsKey("AWS_LAMBDA_FUNCTION_NAME");
        JobMetrics metrics = "emf".equals(env.getOrDefault("BANKFEED_METRICS", inLambda ? "emf" : "none"))
                ? new EmfJobMetrics() : JobMetrics.NONE;
        DynamoStores stores = DynamoStores.create(dynamo, env.getOrDefault("TABLE_NAME", "bankfeed"), clock,
                ProviderModules.twinning());
        String queueUrl = env.get("WORK_QUEUE_URL");
        WorkQueue queue = queueUrl == null || queueUrl.isBlank() ? null : new SqsWorkQueue(sqs.get(), queueUrl);
        return create(stores, connections, settings(env), ProviderClients.sharedHttpClient(),
                reseededOnRestore(ClientSettings.defaults()), metrics, clock, queue, runSettings(env));
    }

    /** {@code settings} with a jitter random that a SnapStart restore reseeds (registered with CRaC here). */
    static ClientSettings reseededOnRestore(ClientSettings settings) {
        ReseedableRandom random = new ReseedableRandom();
        JitterReseed.register(random);
        return settings.withTime(settings.clock(), settings.sleeper(), random);
    }

    /** Run settings from {@code env}, with the defaults of {@link RunSettings#defaults()}. */
    public static RunSettings runSettings(Map<String, String> env) {
        RunSettings d = RunSettings.defaults();
        RunSettings s = new RunSettings(intVar(env, "INLINE_THREADS", d.inlineThreads()), d.maxConcurrency(),
                d.rateLimitPause(), d.busyDelay(), intVar(env, "WORK_MAX_RECEIVES", d.maxReceives()),
                d.maxAttempts(), d.answerBudget(),
                Duration.ofHours(intVar(env, "STALE_AFTER_HOURS", (int) d.staleAfter().toHours())));
        for (Provider p : ProviderModules.providers()) {
            String name = p.id().toUpperCase(java.util.Locale.ROOT) + "_MAX_CONCURRENCY";
            if (env.containsKey(name)) {
                s = s.withMaxConcurrency(p, intVar(env, name, 1));
            }
        }
        return s;
    }

    /** Job settings from {@code env}, with the defaults of {@link JobSettings#defaults()}. */
    public static JobSettings settings(Map<String, String> env) {
        JobSettings d = JobSettings.defaults();
        return new JobSettings(intVar(env, "LOOKBACK_DAYS", d.lookbackDays()),
                intVar(env, "BACKFILL_DAYS", d.backfillDays()), intVar(env, "PAGE_SIZE", d.pageSize()),
                d.stopMargin(), d.leaseTtl(), d.eventRetention());
    }

    /** An inline instance over explicit parts (the local runner's moto_server, tests' clocks). */
    public static Bankfeed create(DynamoStores stores, ConnectionSource connections, JobSettings settings,
            HttpClient http, ClientSettings clientSettings, JobMetrics metrics, Clock clock) {
        return create(stores, connections, settings, http, clientSettings, metrics, clock, null,
                RunSettings.defaults());
    }

    /** An instance over explicit parts; {@code queue} null runs units inline. */
    public static Bankfeed create(DynamoStores stores, ConnectionSource connections, JobSettings settings,
            HttpClient http, ClientSettings clientSettings, JobMetrics metrics, Clock clock, WorkQueue queue,
            RunSettings runSettings) {
        return new Bankfeed(new JobDependencies(connections, cachingClients(http, clientSettings),
                stores.accounts(), stores.balances(), stores.transactions(), stores.cursors(), stores.leases(),
                stores.statuses(), stores.rejections(), stores.events(), metrics, clock, settings), stores.runs(),
                stores.gate(), queue, runSettings);
    }

    /**
     * One client per connection configuration, kept across invocations so that an Atlar token outlives a
     * run; a rotated secret is a different configuration and gets a new client.
     */
    private static ProviderClientFactory cachingClients(HttpClient http, ClientSettings settings) {
        Map<Connection, ProviderClient> clients = new ConcurrentHashMap<>();
        return connection -> clients.computeIfAbsent(connection, c -> ProviderClients.create(c, http, settings));
    }

    private static int intVar(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + " must be a whole number");
        }
    }
}
