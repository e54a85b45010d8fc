package dev.bankfeed.store.dynamo;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the items of one connection through the KEYS_ONLY byConnection index, then the items themselves
 * with a consistent BatchGetItem: status updates never pay an index write, and reads are cheap.
 */
final class ConnectionIndex {

    private final DynamoOps ops;

    ConnectionIndex(DynamoOps ops) {
        this.ops = ops;
    }

    /** The items of {@code connectionId} whose gsi1sk starts with {@code sortPrefix}. */
    List<Map<String, AttributeValue>> items(String connectionId, String sortPrefix) {
        List<Map<String, AttributeValue>> keys = ops.query(b -> b.indexName(BankfeedTable.BY_CONNECTION_INDEX)
                        .keyConditionExpression("#g = :g AND begins_with(#s, :prefix)")
                        .expressionAttributeNames(Map.of("#g", BankfeedTable.GSI1_PK, "#s", BankfeedTable.GSI1_SK))
                        .expressionAttributeValues(Map.of(":g", Attrs.s(Keys.connection(connectionId)),
                                ":prefix", Attrs.s(sortPrefix))))
                .stream()
                .map(k -> Attrs.key(Attrs.str(k, BankfeedTable.PK), Attrs.str(k, BankfeedTable.SK)))
                .distinct()
                .toList();
        // The index lags the table: an item may have moved to another connection since; keep only ours.
        String connectionKey = Keys.connection(connectionId);
        return ops.batchGet(keys, List.of()).stream()
                .filter(item -> connectionKey.equals(Attrs.str(item, BankfeedTable.GSI1_PK)))
                .toList();
    }
}
