package dev.bankfeed.testing;

import dev.bankfeed.lambda.ReadApi;
import dev.bankfeed.store.Page;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.dynamo.BankfeedTable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * For tests of the change feed's stamp of transactions from before the feed: an account's partition turned into
 * what a release without the feed left, and a consumer's view of the feed.
 */
public final class OlderReleaseFeed {

    private OlderReleaseFeed() {
    }

    /** The account's partition as a release before the change feed left it: no numbers, no records, no commit. */
    public static void asAnOlderReleaseLeftIt(DynamoDbClient dynamo, String table, String account) {
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", BankfeedTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ACCT#" + account))))
                .items().forEach(item -> {
                    Map<String, AttributeValue> key = Map.of(BankfeedTable.PK, item.get(BankfeedTable.PK),
                            BankfeedTable.SK, item.get(BankfeedTable.SK));
                    String sk = item.get(BankfeedTable.SK).s();
                    if (sk.startsWith("FEED#")) {
                        dynamo.deleteItem(b -> b.tableName(table).key(key));
                    } else if (sk.startsWith("TXN#")) {
                        dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression("REMOVE chgseq"));
                    } else if (sk.equals("CURSOR")) {
                        dynamo.updateItem(b -> b.tableName(table).key(key)
                                .updateExpression("REMOVE changeSeq, feedStamped"));
                    }
                });
    }

    /** How many feed records the account's partition holds. */
    public static long feedRecords(DynamoDbClient dynamo, String table, String account) {
        return dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :feed)")
                .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK, "#sk", BankfeedTable.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ACCT#" + account),
                        ":feed", AttributeValue.fromS("FEED#")))).count();
    }

    /** A consumer's view of the feed followed until it is up to date: last state and times handed out, by id. */
    public record Drain(Map<String, String> last, Map<String, Integer> times, String cursor) {

        /** Follows the account's feed from {@code cursor} (null: its start), {@code limit} per call. */
        public static Drain from(TransactionStore store, String account, String cursor, int limit) {
            Map<String, String> last = new TreeMap<>();
            Map<String, Integer> times = new HashMap<>();
            Page<StoredTransaction> page;
            do {
                page = store.changes(account, cursor, limit);
                cursor = page.next();
                for (StoredTransaction s : page.items()) {
                    String id = s.transaction().providerTransactionId();
                    last.put(id, ReadApi.transactionJson(s).toString());
                    times.merge(id, 1, Integer::sum);
                }
            } while (page.more());
            return new Drain(last, times, cursor);
        }
    }
}
