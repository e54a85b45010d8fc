package dev.bankfeed.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.testing.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Checks that the SDK version we ship honours the standard endpoint variables for the clients {@link AwsClients}
 * builds (it sets no endpoint itself). Environment variables cannot be set inside a running JVM, so each case
 * runs {@link AwsClientsProbe} in a child JVM pointed at a moto_server holding a secret and a table we created.
 */
class AwsClientsEndpointIT {

    private static final String REGION = "eu-west-1";
    private static MotoServer moto;
    private static String secretName;
    private static String tableName;

    @BeforeAll
    static void startMotoWithOneSecretAndOneTable() throws Exception {
        MotoServer.assumeAvailable();
        moto = MotoServer.start();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        secretName = "probe-" + UUID.randomUUID();
        tableName = "probe-" + UUID.randomUUID();
        try (SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
                .region(Region.of(REGION)).credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
                DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(moto.endpoint())
                        .region(Region.of(REGION)).credentialsProvider(creds)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            sm.createSecret(b -> b.name(secretName).secretString("{}"));
            ddb.createTable(b -> b.tableName(tableName).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        }
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void awsClients_serviceSpecificEndpointVariables_areHonouredOverTheGlobalOne() throws Exception {
        String out = probe(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9", // nothing listens there: using it would fail
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_DYNAMODB", moto.endpoint().toString()));

        assertThat(out).contains(secretName).contains(tableName).contains("same=true");
    }

    @Test
    void awsClients_timeoutVariables_reachBothClients() throws Exception {
        String out = probe(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "SDK_CALL_TIMEOUT_MS", "12000", "SDK_ATTEMPT_TIMEOUT_MS", "3000"));

        assertThat(out).contains("timeouts=PT12S/PT3S PT12S/PT3S");
    }

    @Test
    void awsClients_globalEndpointVariable_isHonoured() throws Exception {
        String out = probe(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString()));

        assertThat(out).contains(secretName).contains(tableName);
    }

    private static String probe(Map<String, String> endpoints) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AwsClientsProbe.class.getName());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(endpoints);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("probe output:%n%s", text).isZero();
        return text;
    }
}
