package dev.bankfeed.config;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The container's AWS clients, one per service, built on first use with the URL-connection HTTP client (the
 * Apache and Netty clients are kept off the class path). Region, credentials and endpoint come from the SDK's
 * default chains: {@code AWS_REGION}, the Lambda role's environment credentials, and the standard
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}
 * variables, which the SDK honours itself (so nothing here overrides an endpoint).
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbHolder.CLIENT;
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerHolder.CLIENT;
    }

    // Holder classes: built once, lazily, thread-safely, by class initialisation.
    private static final class DynamoDbHolder {
        static final DynamoDbClient CLIENT = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static final class SecretsManagerHolder {
        static final SecretsManagerClient CLIENT = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
