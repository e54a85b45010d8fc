package dev.bankfeed.testing;

import dev.bankfeed.sandbox.aws.MotoProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The tests' {@code moto_server} (AWS API emulator): either one per test JVM ({@link #shared()}, for the store
 * and job ITs, each of which makes its own table) or a dedicated one ({@link #start()}). Tests skip when the
 * executable is not on the PATH, unless CI requires it.
 */
public final class MotoServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private static MotoServer shared;

    private final MotoProcess process;
    private final boolean dedicated;

    private MotoServer(MotoProcess process, boolean dedicated) {
        this.process = process;
        this.dedicated = dedicated;
    }

    /** The {@code moto_server} executable on the PATH, if any. */
    public static Optional<Path> executable() {
        return MotoProcess.executable();
    }

    /**
     * Skips the calling test class when moto_server is absent, unless BANKFEED_REQUIRE_MOTO=1 (as in CI),
     * where its absence fails the test instead: coverage must never vanish silently.
     */
    public static void assumeAvailable() {
        boolean present = executable().isPresent();
        if (!present && "1".equals(System.getenv("BANKFEED_REQUIRE_MOTO"))) {
            throw new IllegalStateException("moto_server is not on the PATH and BANKFEED_REQUIRE_MOTO=1");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present,
                "moto_server is not on the PATH: install moto[server] to run the AWS endpoint tests");
    }

    /** Starts a moto_server of the caller's own and waits until it answers HTTP. */
    public static MotoServer start() throws IOException, InterruptedException {
        return new MotoServer(launch(), true);
    }

    /**
     * The test JVM's moto_server, started on first use (the caller is skipped when moto is absent) and stopped
     * when the JVM exits; {@link #close()} on it does nothing. Callers keep apart by table names.
     */
    public static synchronized MotoServer shared() {
        assumeAvailable();
        if (shared == null || !shared.process.process().isAlive()) {
            try {
                shared = new MotoServer(launch(), false);
            } catch (IOException e) {
                throw new IllegalStateException("moto_server did not start: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting moto_server", e);
            }
        }
        return shared;
    }

    private static MotoProcess launch() throws IOException, InterruptedException {
        Path log = Path.of("target", "moto-server-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
                + ".log");
        return MotoProcess.start(log, Duration.ofSeconds(90));
    }

    public URI endpoint() {
        return process.endpoint();
    }

    /** A DynamoDB client of this server's, with dummy credentials. */
    public DynamoDbClient dynamoClient() {
        return dynamoClient(ClientOverrideConfiguration.builder().build());
    }

    /** Same, with the caller's interceptors or timeouts. */
    public DynamoDbClient dynamoClient(ClientOverrideConfiguration override) {
        return DynamoDbClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override).build();
    }

    /** An SQS client of this server's, with dummy credentials. */
    public SqsClient sqsClient() {
        return SqsClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Override
    public void close() {
        if (dedicated) {
            process.close();
        }
    }
}
