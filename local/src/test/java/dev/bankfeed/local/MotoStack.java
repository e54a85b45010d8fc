package dev.bankfeed.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ProviderSandbox;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.store.dynamo.BankfeedTable;
import dev.bankfeed.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What a deployed stack gives the functions, on loopback: moto_server as DynamoDB (the Bankfeed table) and
 * Secrets Manager (one secret per connection of a provider sandbox, as template.yaml's SecretsPrefix expects),
 * and the {@code -n} env-vars files that point `invoke`, `start-api` and `work` at them.
 */
final class MotoStack implements AutoCloseable {

    static final String TABLE = "bankfeed-it";
    static final String SECRETS_PREFIX = "bankfeed/connections/";
    /** The env-vars files' region and dummy credentials are moto's test clients' own. */
    private static final String REGION = MotoServer.REGION;

    final MotoServer moto;
    final ProviderSandbox sandbox;
    final DynamoDbClient dynamo;
    /** Units run inline: WORK_QUEUE_URL is set, empty. */
    final Path envFile;
    /** No WORK_QUEUE_URL: the runner makes the template's queues on moto and triggers dispatch to them. */
    final Path queuedEnvFile;

    private MotoStack(MotoServer moto, ProviderSandbox sandbox, DynamoDbClient dynamo, Path envFile,
            Path queuedEnvFile) {
        this.moto = moto;
        this.sandbox = sandbox;
        this.dynamo = dynamo;
        this.envFile = envFile;
        this.queuedEnvFile = queuedEnvFile;
    }

    /** Starts moto and a sandbox of {@code config}; writes the env-vars file into {@code dir}. */
    static MotoStack start(SandboxConfig config, Path dir) throws IOException, InterruptedException {
        MotoServer moto = MotoServer.start();
        ProviderSandbox sandbox = null;
        DynamoDbClient dynamo = null;
        try {
            sandbox = ProviderSandbox.start(config);
            dynamo = moto.dynamoClient();
            BankfeedTable.createIfMissing(dynamo, TABLE);
            try (SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
                    .region(Region.of(REGION)).credentialsProvider(MotoServer.CREDENTIALS)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                DemoResources.storeConnections(secrets, sandbox.connectionsJson(), SECRETS_PREFIX);
            }
            ObjectNode env = BankJson.mapper().createObjectNode();
            env.putObject("Parameters")
                    .put("TABLE_NAME", TABLE)
                    .put("SECRETS_PREFIX", SECRETS_PREFIX)
                    .put("AWS_ENDPOINT_URL", moto.endpoint().toString())
                    .put("AWS_ACCESS_KEY_ID", "test")
                    .put("AWS_SECRET_ACCESS_KEY", "test")
                    .put("AWS_REGION", REGION);
            Path queuedEnvFile = Files.writeString(dir.resolve("env-queued.json"), env.toPrettyString());
            // An empty queue URL keeps units in the invocation, whose answer then is the whole result.
            ((ObjectNode) env.path("Parameters")).put("WORK_QUEUE_URL", "");
            Path envFile = Files.writeString(dir.resolve("env.json"), env.toPrettyString());
            return new MotoStack(moto, sandbox, dynamo, envFile, queuedEnvFile);
        } catch (IOException | RuntimeException e) {
            if (dynamo != null) {
                dynamo.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
            moto.close();
            throw e;
        }
    }

    static String canonicalId(ExpectedAccount account) {
        return Account.canonicalId(Provider.of(account.provider()), account.accountId());
    }

    /** How many items of {@code account}'s partition in moto's table have a sort key starting with {@code prefix}. */
    long countItems(String accountCanonicalId, String skPrefix) {
        QueryRequest query = QueryRequest.builder().tableName(TABLE)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS("ACCT#" + accountCanonicalId),
                        ":prefix", AttributeValue.fromS(skPrefix)))
                .select(Select.COUNT)
                .build();
        return dynamo.queryPaginator(query).stream().mapToLong(r -> r.count()).sum();
    }

    @Override
    public void close() {
        dynamo.close();
        sandbox.close();
        moto.close();
    }
}
