package dev.bankfeed.local;

import dev.bankfeed.sandbox.aws.MotoProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

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

    /**
     * The endpoint, region and credentials a function's environment gives the SDK ({@code AWS_ENDPOINT_URL},
     * {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}), for calls the runner makes
     * in-process on its behalf; without an endpoint, AWS itself. Nothing to stop.
     */
    static AwsEngine ofEnvironment(Map<String, String> env) {
        String url = env.get("AWS_ENDPOINT_URL");
        URI endpoint = url == null || url.isBlank() ? null : URI.create(url.trim());
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        AwsCredentialsProvider credentials = key != null && secret != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))
                : DefaultCredentialsProvider.create();
        return new AwsEngine(endpoint == null ? "AWS" : "the AWS endpoint " + endpoint, endpoint,
                Region.of(env.getOrDefault("AWS_REGION", DEFAULT_REGION)), credentials, false, () -> { });
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

    /**
     * Whether the endpoint is on this machine: the only place the runner creates resources on its own, so that a
     * missing queue on a real account is an error, never a surprise queue.
     */
    boolean isLoopback() {
        if (endpoint == null || endpoint.getHost() == null) {
            return false;
        }
        String host = endpoint.getHost();
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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
        return configure(DynamoDbClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override.build()).build();
    }

    SecretsManagerClient secrets() {
        return configure(SecretsManagerClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    SqsClient sqs() {
        return configure(SqsClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.region(region).credentialsProvider(credentials);
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
