package dev.bankfeed.store.dynamo;

import dev.bankfeed.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * DynamoDB on the test JVM's moto_server: a fresh Bankfeed table (from {@link BankfeedTable}) for every test,
 * named after its class, and dropped afterwards, so classes and tests stay independent and moto's
 * whole-table transaction copies stay small. Register with
 * {@code @RegisterExtension static final MotoDynamo DYNAMO = new MotoDynamo();}.
 */
final class MotoDynamo implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private DynamoDbClient client;
    private String table;

    @Override
    public void beforeAll(ExtensionContext context) {
        client = MotoServer.shared().dynamoClient();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        table = context.getRequiredTestClass().getSimpleName() + "-" + UUID.randomUUID();
        BankfeedTable.createIfMissing(client, table);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.deleteTable(b -> b.tableName(table));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
    }

    DynamoDbClient client() {
        return client;
    }

    String table() {
        return table;
    }

    /** Every item of the current table (tests hold a few hundred at most). */
    List<Map<String, AttributeValue>> items() {
        return scan(client, table);
    }

    /** Every item of {@code table}, following LastEvaluatedKey. */
    static List<Map<String, AttributeValue>> scan(DynamoDbClient client, String table) {
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
