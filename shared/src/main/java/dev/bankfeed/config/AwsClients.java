package dev.bankfeed.config;

import dev.bankfeed.tracing.Tracing;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The container's AWS clients, one per service, built on first use with the URL-connection HTTP client (the
 * Apache and Netty clients are kept off the class path). Region, credentials and endpoint come from the SDK's
 * default chains: {@code AWS_REGION}, the Lambda role's environment credentials, and the standard
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}
 * variables, which the SDK honours itself (so nothing here overrides an endpoint). Every call is bounded:
 * {@code SDK_CALL_TIMEOUT_MS} (default {@link #DEFAULT_API_CALL_TIMEOUT}) for a call with all its retries,
 * {@code SDK_ATTEMPT_TIMEOUT_MS} (default {@link #DEFAULT_API_CALL_ATTEMPT_TIMEOUT}) for each attempt. With tracing
 * on ({@link Tracing}), every call is an X-Ray subsegment.
 */
public final class AwsClients {

    /**
     * A call with the SDK's own retries: DynamoDB answers in milliseconds, so 20 s is a stuck connection, and a
     * run must keep time to save its state before the Lambda deadline.
     */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(20);

    /** One attempt: short enough that a stalled connection leaves room for a retry within the call timeout. */
    public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    static final String CALL_TIMEOUT_VAR = "SDK_CALL_TIMEOUT_MS";
    static final String ATTEMPT_TIMEOUT_VAR = "SDK_ATTEMPT_TIMEOUT_MS";

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbHolder.CLIENT;
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerHolder.CLIENT;
    }

    /** {@code builder} with our HTTP client and the call and attempt timeouts {@code env} asks for. */
    static <B extends AwsSyncClientBuilder<B, ?> & SdkClientBuilder<B, ?>> B configure(B builder,
            Map<String, String> env) {
        return builder.httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(overrides(env));
    }

    /** The call and attempt timeouts from {@code env}, with the defaults above. */
    static ClientOverrideConfiguration overrides(Map<String, String> env) {
        Duration call = millis(env, CALL_TIMEOUT_VAR, DEFAULT_API_CALL_TIMEOUT);
        Duration attempt = millis(env, ATTEMPT_TIMEOUT_VAR, DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
        if (attempt.compareTo(call) > 0) {
            throw new IllegalArgumentException("environment variable " + ATTEMPT_TIMEOUT_VAR
                    + " must not be longer than " + CALL_TIMEOUT_VAR);
        }
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder().apiCallTimeout(call)
                .apiCallAttemptTimeout(attempt);
        // In Lambda with tracing on, each call becomes an X-Ray subsegment of the unit that made it.
        Tracing.awsSdkInterceptor().ifPresent(b::addExecutionInterceptor);
        return b.build();
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("environment variable " + name + " must be a positive number of"
                + " milliseconds");
    }

    // Holder classes: built once, lazily, thread-safely, by class initialisation.
    private static final class DynamoDbHolder {
        static final DynamoDbClient CLIENT = configure(DynamoDbClient.builder(), System.getenv()).build();
    }

    private static final class SecretsManagerHolder {
        static final SecretsManagerClient CLIENT = configure(SecretsManagerClient.builder(), System.getenv()).build();
    }
}
