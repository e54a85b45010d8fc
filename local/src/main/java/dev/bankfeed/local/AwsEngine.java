package dev.bankfeed.local;

import dev.bankfeed.sandbox.aws.MotoProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS APIs a local run talks to: moto_server started as a child process (the default), an endpoint the user
 * already runs ({@code --aws-endpoint URL}: LocalStack, any DynamoDB-compatible server), or LocalStack started
 * through Testcontainers where Docker runs ({@code --aws localstack}). None is a dependency of the functions:
 * they only ever see an endpoint URL.
 */
final class AwsEngine implements AutoCloseable {

    static final String DEFAULT_REGION = "us-east-1";
    private static final AwsCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    /** An engine that cannot be had here, with the one line that tells the user what to do. */
    static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }

    private final String description;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final boolean ownsEndpoint;
    private final AutoCloseable stop;

    private AwsEngine(String description, URI endpoint, Region region, AwsCredentialsProvider credentials,
            boolean ownsEndpoint, AutoCloseable stop) {
        this.description = description;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.ownsEndpoint = ownsEndpoint;
        this.stop = stop;
    }

    /**
     * The engine the options ask for: {@code endpoint} when given, else {@code kind} ({@code moto} or
     * {@code localstack}).
     */
    static AwsEngine start(String kind, URI endpoint) throws UnavailableException, IOException,
            InterruptedException {
        if (endpoint != null) {
            return new AwsEngine("the AWS endpoint " + endpoint, endpoint, Region.of(DEFAULT_REGION),
                    DUMMY_CREDENTIALS, false, () -> { });
        }
        return switch (kind) {
            case "moto" -> moto();
            case "localstack" -> LocalStackEngine.start();
            default -> throw new IllegalArgumentException("unknown engine " + kind);
        };
    }

    private static AwsEngine moto() throws UnavailableException, IOException, InterruptedException {
        if (MotoProcess.executable().isEmpty()) {
            throw new UnavailableException(MotoProcess.INSTALL_HINT);
        }
        Path log = Files.createTempFile("bankfeed-moto-", ".log");
        MotoProcess moto = MotoProcess.start(log, Duration.ofSeconds(60));
        return new AwsEngine("moto_server (pid " + moto.process().pid() + ", started by the runner)", moto.endpoint(),
                Region.of(DEFAULT_REGION), DUMMY_CREDENTIALS, true, () -> {
                    moto.close();
                    Files.deleteIfExists(log);
                });
    }

    /** An engine on a LocalStack the runner started; {@code stop} stops its container. */
    static AwsEngine ofLocalStack(URI endpoint, Region region, AwsCredentialsProvider credentials,
            AutoCloseable stop) {
        return new AwsEngine("LocalStack (Testcontainers) on " + endpoint, endpoint, region, credentials, true, stop);
    }

    String description() {
        return description;
    }

    URI endpoint() {
        return endpoint;
    }

    Region region() {
        return region;
    }

    /** Whether the runner started this endpoint (and so may use fixed resource names on it). */
    boolean ownsEndpoint() {
        return ownsEndpoint;
    }

    /** A DynamoDB client of this engine's, with the caller's interceptors (capacity accounting). */
    DynamoDbClient dynamo(ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor i : interceptors) {
            override.addExecutionInterceptor(i);
        }
        return DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(override.build()).build();
    }

    SecretsManagerClient secrets() {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
