package dev.bankfeed.store.dynamo;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The query of one partition's items whose sort key begins with a prefix (an account's transactions, balances,
 * rejections), its key condition spelled once. A caller's filter or projection adds its own names and values here:
 * the request takes one map of each, so setting them again afterwards would drop the key condition's.
 */
final class PrefixQuery {

    private PrefixQuery() {
    }

    /** The items of partition {@code pk} whose sort key begins with {@code prefix}. */
    static Consumer<QueryRequest.Builder> of(String pk, String prefix) {
        return of(pk, prefix, Map.of(), Map.of());
    }

    /** Same, with the {@code names} and {@code values} the caller's expressions use (not #pk, #sk, :pk, :prefix). */
    static Consumer<QueryRequest.Builder> of(String pk, String prefix, Map<String, String> names,
            Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#pk", BankfeedTable.PK);
        allNames.put("#sk", BankfeedTable.SK);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":pk", Attrs.s(pk));
        allValues.put(":prefix", Attrs.s(prefix));
        return b -> b.keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(allNames).expressionAttributeValues(allValues);
    }
}
