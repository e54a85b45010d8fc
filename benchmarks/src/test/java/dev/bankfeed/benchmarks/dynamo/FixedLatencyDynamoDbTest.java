package dev.bankfeed.benchmarks.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.store.dynamo.BankfeedTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

class FixedLatencyDynamoDbTest {

    private static final String TABLE = "t";

    private FixedLatencyDynamoDb db;

    @BeforeEach
    void setUp() {
        db = new FixedLatencyDynamoDb(Duration.ZERO);
        BankfeedTable.createIfMissing(db, TABLE);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private void put(String pk, String sk, String... more) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(pk, sk));
        for (int i = 0; i + 1 < more.length; i += 2) {
            item.put(more[i], s(more[i + 1]));
        }
        db.putItem(b -> b.tableName(TABLE).item(item));
    }

    @Test
    void everyCall_answersAfterTheRoundTrip() {
        FixedLatencyDynamoDb slow = new FixedLatencyDynamoDb(Duration.ofMillis(5));
        BankfeedTable.createIfMissing(slow, TABLE);
        slow.resetCalls();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            slow.getItem(b -> b.tableName(TABLE).key(key("a", "b")));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isGreaterThanOrEqualTo(100);
        assertThat(slow.calls()).containsExactly(Map.entry("GetItem", 20L));
    }

    @Test
    void conditionalWrite_failing_throwsLikeDynamoDbAndWritesNothing() {
        put("a", "1", "owner", "x");

        assertThatThrownBy(() -> db.updateItem(b -> b.tableName(TABLE).key(key("a", "1"))
                .updateExpression("SET #o = :o").conditionExpression("#o = :other")
                .expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":o", s("y"), ":other", s("z")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(db.getItem(b -> b.tableName(TABLE).key(key("a", "1"))).item().get("owner")).isEqualTo(s("x"));
    }

    @Test
    void update_setIfAbsentAddRemove_readTheItemAsItWasBefore() {
        put("a", "1", "gone", "x", "first", "kept");

        db.updateItem(b -> b.tableName(TABLE).key(key("a", "1"))
                .updateExpression("SET #f = if_not_exists(#f, :v), #g = if_not_exists(#g, :v) REMOVE #gone ADD #n :one")
                .expressionAttributeNames(Map.of("#f", "first", "#g", "fresh", "#gone", "gone", "#n", "n"))
                .expressionAttributeValues(Map.of(":v", s("new"), ":one", AttributeValue.fromN("1"))));
        db.updateItem(b -> b.tableName(TABLE).key(key("a", "1")).updateExpression("ADD #n :two")
                .expressionAttributeNames(Map.of("#n", "n")).expressionAttributeValues(Map.of(":two",
                        AttributeValue.fromN("2"))));

        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(TABLE).key(key("a", "1"))).item();
        assertThat(item).containsEntry("first", s("kept")).containsEntry("fresh", s("new"))
                .containsEntry("n", AttributeValue.fromN("3")).doesNotContainKey("gone");
    }

    @Test
    void update_ofAKeyAttributeOrOverlappingPaths_isAValidationError() {
        assertThatThrownBy(() -> db.updateItem(b -> b.tableName(TABLE).key(key("a", "1"))
                .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("b")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("part of the key");
        assertThatThrownBy(() -> db.updateItem(b -> b.tableName(TABLE).key(key("a", "1"))
                .updateExpression("SET x = :v REMOVE x").expressionAttributeValues(Map.of(":v", s("b")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("overlap");
    }

    @Test
    void transaction_oneConditionFailing_writesNothingAndReasonsFollowTheItems() {
        put("a", "1", "v", "old");

        assertThatThrownBy(() -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(key("a", "2")).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(TABLE).key(key("a", "1"))
                        .updateExpression("SET v = :n").conditionExpression("attribute_not_exists(pk)")
                        .expressionAttributeValues(Map.of(":n", s("new"))).build()).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                        e.cancellationReasons().stream().map(CancellationReason::code).toList())
                        .containsExactly("None", "ConditionalCheckFailed"));
        assertThat(db.getItem(b -> b.tableName(TABLE).key(key("a", "2"))).hasItem()).isFalse();
        assertThat(db.getItem(b -> b.tableName(TABLE).key(key("a", "1"))).item().get("v")).isEqualTo(s("old"));
    }

    @Test
    void query_limitAndExclusiveStartKey_pageThroughInKeyOrderBothWays() {
        for (String sk : List.of("TXN#3", "TXN#1", "BAL#1", "TXN#2", "TXN#4")) {
            put("a", sk);
        }
        put("b", "TXN#0");

        assertThat(sortKeys(true)).containsExactly("TXN#1", "TXN#2", "TXN#3", "TXN#4");
        assertThat(sortKeys(false)).containsExactly("TXN#4", "TXN#3", "TXN#2", "TXN#1");
    }

    private List<String> sortKeys(boolean forward) {
        List<String> out = new java.util.ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = db.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :p AND begins_with(sk, :t)")
                    .expressionAttributeValues(Map.of(":p", s("a"), ":t", s("TXN#"))).limit(3)
                    .scanIndexForward(forward).exclusiveStartKey(from));
            r.items().forEach(i -> out.add(i.get("sk").s()));
            start = r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Test
    void query_countWithFilter_countsMatchesOfTheKeyRange() {
        put("a", "TXN#1");
        put("a", "TXN#2", "vanishedAt", "2026-01-01");
        put("a", "TXN#3");

        QueryResponse r = db.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :p AND begins_with(sk, :t)")
                .filterExpression("attribute_not_exists(vanishedAt)").select(Select.COUNT)
                .expressionAttributeValues(Map.of(":p", s("a"), ":t", s("TXN#"))));

        assertThat(r.count()).isEqualTo(2);
        assertThat(r.scannedCount()).isEqualTo(3);
        assertThat(r.hasItems()).isFalse();
    }

    @Test
    void indexes_areSparse_projectTheirShape_andFollowEveryWrite() {
        put("ACCT#1", "META", "gsi1pk", "CONN#c", "gsi1sk", "ACCT#1", "name", "Main");
        put("ACCT#1", "TXN#p", "pendpk", "acct-1", "pendsk", "2026-03-01#p", "amount", "9");
        put("ACCT#1", "TXN#b", "amount", "7");

        List<Map<String, AttributeValue>> byConnection = db.query(b -> b.tableName(TABLE)
                .indexName(BankfeedTable.BY_CONNECTION_INDEX).keyConditionExpression("gsi1pk = :c")
                .expressionAttributeValues(Map.of(":c", s("CONN#c")))).items();
        assertThat(byConnection).containsExactly(Map.of("pk", s("ACCT#1"), "sk", s("META"), "gsi1pk", s("CONN#c"),
                "gsi1sk", s("ACCT#1")));
        assertThat(openPending()).singleElement().satisfies(i -> assertThat(i).containsEntry("amount", s("9")));

        db.updateItem(b -> b.tableName(TABLE).key(key("ACCT#1", "TXN#p")).updateExpression("REMOVE pendpk, pendsk"));

        assertThat(openPending()).isEmpty();
        assertThatThrownBy(() -> db.query(b -> b.tableName(TABLE).indexName(BankfeedTable.OPEN_PENDING_INDEX)
                .consistentRead(true).keyConditionExpression("pendpk = :a")
                .expressionAttributeValues(Map.of(":a", s("acct-1"))))).isInstanceOf(DynamoDbException.class);
    }

    private List<Map<String, AttributeValue>> openPending() {
        return db.query(b -> b.tableName(TABLE).indexName(BankfeedTable.OPEN_PENDING_INDEX)
                .keyConditionExpression("pendpk = :a AND pendsk >= :from")
                .expressionAttributeValues(Map.of(":a", s("acct-1"), ":from", s("2026-02-01")))).items();
    }

    @Test
    void batchWrite_duplicateKeys_isRefusedWhole() {
        var put = software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .putRequest(p -> p.item(key("a", "1"))).build();

        assertThatThrownBy(() -> db.batchWriteItem(b -> b.requestItems(Map.of(TABLE, List.of(put, put)))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("duplicates");
        assertThat(db.getItem(b -> b.tableName(TABLE).key(key("a", "1"))).hasItem()).isFalse();
    }
}
