package dev.bankfeed.store.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * Embedded DynamoDB Local: one instance per test class, a fresh Bankfeed table (from {@link BankfeedTable})
 * per test. Register with {@code @RegisterExtension static final LocalDynamo DYNAMO = new LocalDynamo();}.
 */
final class LocalDynamo implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private AmazonDynamoDBLocal local;
    private DynamoDbClient client;
    private String table;
    private int tables;

    @Override
    public void beforeAll(ExtensionContext context) {
        local = DynamoDBEmbedded.create(true); // true: no telemetry
        client = local.dynamoDbClient();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        table = "bankfeed-test-" + (++tables);
        BankfeedTable.createIfMissing(client, table);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        local.shutdown();
    }

    DynamoDbClient client() {
        return client;
    }

    String table() {
        return table;
    }

    /** Every item of the current table (tests hold a few hundred at most). */
    List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = client.scan(b -> b.tableName(table).exclusiveStartKey(from));
            out.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** The items of the current table whose sort key starts with {@code prefix}. */
    List<Map<String, AttributeValue>> itemsWithSortPrefix(String prefix) {
        return items().stream().filter(i -> i.get(BankfeedTable.SK).s().startsWith(prefix)).toList();
    }
}
