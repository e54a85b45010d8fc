package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS resources a local run made: connection secrets, the work queues and the table. On an endpoint the user runs (not one
 * the runner started), they are removed again when the run ends, so a demo leaves nothing behind.
 */
final class DemoResources implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final SecretsManagerClient secrets;
    private final SqsClient sqs;
    private final List<String> queueUrls = new ArrayList<>();
    private final boolean removeOnClose;
    private final List<String> secretNames = new ArrayList<>();
    private String table;

    DemoResources(DynamoDbClient dynamo, SecretsManagerClient secrets, SqsClient sqs, boolean removeOnClose) {
        this.dynamo = dynamo;
        this.secrets = secrets;
        this.sqs = sqs;
        this.removeOnClose = removeOnClose;
    }

    /** Records the table the run created. */
    void table(String name) {
        this.table = name;
    }

    /** Records a queue the run created (null: none). */
    void queue(String url) {
        if (url != null) {
            queueUrls.add(url);
        }
    }

    /** Stores each connection of a connections file as its own secret, as a deployment does. */
    int storeConnections(String connectionsJson, String prefix) throws IOException {
        List<String> names = storeConnections(secrets, connectionsJson, prefix);
        secretNames.addAll(names);
        return names.size();
    }

    /**
     * Stores each connection object of {@code connectionsJson} ({@code {"connections": [...]}}) as the secret
     * {@code prefix + id}, the layout SecretsManagerConnectionSource reads; returns the secret names.
     */
    static List<String> storeConnections(SecretsManagerClient secrets, String connectionsJson, String prefix)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode connection : BankJson.mapper().readTree(connectionsJson).path("connections")) {
            String name = prefix + connection.path("id").asText();
            secrets.createSecret(b -> b.name(name).secretString(connection.toString()));
            names.add(name);
        }
        return names;
    }

    @Override
    public void close() {
        if (!removeOnClose) {
            return;
        }
        for (String name : secretNames) {
            secrets.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
        }
        for (String url : queueUrls) {
            sqs.deleteQueue(b -> b.queueUrl(url));
        }
        if (table != null) {
            dynamo.deleteTable(b -> b.tableName(table));
        }
    }
}
