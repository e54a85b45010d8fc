package dev.bankfeed.store.dynamo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Every DynamoDB call of the stores goes through here: the table name, consumed-capacity metering, batch
 * chunking, and retries of unprocessed batch items and throttling with bounded backoff. Whatever the SDK still
 * fails with leaves as {@link DynamoStoreException} (a {@code StoreUnavailableException}, its cause the SDK's
 * exception), so no caller above the stores needs to know the AWS SDK to see a transient store failure.
 */
final class DynamoOps {

    static final int BATCH_GET_MAX = 100;
    static final int BATCH_WRITE_MAX = 25;
    /** Cancellation reasons that pass: another transaction held an item, or the table or an index throttled. */
    private static final Set<String> RETRIED_CANCELLATIONS = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded");

    private final DynamoDbClient client;
    private final String table;
    private final CapacityMeter meter;
    private final Backoff backoff;

    DynamoOps(DynamoDbClient client, String table, CapacityMeter meter, Backoff backoff) {
        this.client = client;
        this.table = table;
        this.meter = meter;
        this.backoff = backoff;
    }

    String table() {
        return table;
    }

    Backoff backoff() {
        return backoff;
    }

    /** A strongly consistent read of one item; null when absent. */
    Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var r = sdk("GetItem", () -> client.getItem(b -> b.tableName(table).key(key).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
        meter.recordRead(r.consumedCapacity());
        return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
    }

    /** Puts an item; false when its condition failed (which is not an error here). */
    boolean put(Consumer<PutItemRequest.Builder> spec) {
        return conditionalWrite("PutItem", () -> client.putItem(PutItemRequest.builder().applyMutation(spec)
                .tableName(table).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()).consumedCapacity());
    }

    /** Updates an item; false when its condition failed. */
    boolean update(Consumer<UpdateItemRequest.Builder> spec) {
        return conditionalWrite("UpdateItem", () -> client.updateItem(UpdateItemRequest.builder().applyMutation(spec)
                .tableName(table).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()).consumedCapacity());
    }

    /** Deletes an item; false when its condition failed. */
    boolean delete(Consumer<DeleteItemRequest.Builder> spec) {
        return conditionalWrite("DeleteItem", () -> client.deleteItem(DeleteItemRequest.builder().applyMutation(spec)
                .tableName(table).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()).consumedCapacity());
    }

    private boolean conditionalWrite(String what, Supplier<ConsumedCapacity> call) {
        try {
            meter.recordWrite(call.get());
            return true;
        } catch (ConditionalCheckFailedException e) {
            meter.recordConditionalFailure();
            return false;
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    /** Every item of a query, following LastEvaluatedKey. */
    List<Map<String, AttributeValue>> query(Consumer<QueryRequest.Builder> spec) {
        return query(spec, Integer.MAX_VALUE);
    }

    /** At most {@code limit} items of a query (no filter expression), following LastEvaluatedKey. */
    List<Map<String, AttributeValue>> query(Consumer<QueryRequest.Builder> spec, int limit) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Integer pageLimit = limit == Integer.MAX_VALUE ? null : limit - out.size();
            QueryResponse r = runQuery(spec, start, pageLimit, null);
            out.addAll(r.items());
            start = next(r);
        } while (start != null && out.size() < limit);
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Every item of a query, handed to {@code sink} a page at a time: memory stays one page however many match. */
    void forEach(Consumer<QueryRequest.Builder> spec, Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = runQuery(spec, start, null, null);
            r.items().forEach(sink);
            start = next(r);
        } while (start != null);
    }

    /** The number of items a query (with its filter) matches, over all pages. */
    long count(Consumer<QueryRequest.Builder> spec) {
        long n = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = runQuery(spec, start, null, Select.COUNT);
            n += r.count();
            start = next(r);
        } while (start != null);
        return n;
    }

    /** One call of a query: at most {@code limit} items read, from {@code start} (null: the beginning). */
    QueryResponse queryOnce(Consumer<QueryRequest.Builder> spec, Map<String, AttributeValue> start, int limit) {
        return runQuery(spec, start, limit, null);
    }

    /** Where the next page of a query starts, or null after its last page. */
    static Map<String, AttributeValue> next(QueryResponse r) {
        return r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    }

    private QueryResponse runQuery(Consumer<QueryRequest.Builder> spec, Map<String, AttributeValue> start,
            Integer limit, Select select) {
        QueryRequest.Builder b = QueryRequest.builder();
        spec.accept(b);
        b.tableName(table).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).exclusiveStartKey(start);
        if (limit != null) {
            b.limit(limit);
        }
        if (select != null) {
            b.select(select);
        }
        QueryResponse r = sdk("Query", () -> client.query(b.build()));
        meter.recordRead(r.consumedCapacity());
        return r;
    }

    /**
     * Strongly consistent reads of many items, {@value #BATCH_GET_MAX} keys per call, unprocessed keys
     * retried with backoff. Keys must be distinct. Only {@code projection} attributes come back (all when empty).
     */
    List<Map<String, AttributeValue>> batchGet(Collection<Map<String, AttributeValue>> keys,
            Collection<String> projection) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        List<Map<String, AttributeValue>> all = new ArrayList<>(keys);
        Map<String, String> names = new LinkedHashMap<>();
        for (String attribute : projection) {
            names.put("#p" + names.size(), attribute);
        }
        String projectionExpression = names.isEmpty() ? null : String.join(",", names.keySet());
        for (int from = 0; from < all.size(); from += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> pending = all.subList(from, Math.min(all.size(), from + BATCH_GET_MAX));
            int attempt = 1;
            while (!pending.isEmpty()) {
                KeysAndAttributes.Builder ka = KeysAndAttributes.builder().keys(pending).consistentRead(true);
                if (projectionExpression != null) {
                    ka.projectionExpression(projectionExpression).expressionAttributeNames(names);
                }
                BatchGetItemRequest request = BatchGetItemRequest.builder().requestItems(Map.of(table, ka.build()))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                BatchGetItemResponse r = throttled(() -> client.batchGetItem(request), "BatchGetItem");
                r.consumedCapacity().forEach(meter::recordRead);
                out.addAll(r.responses().getOrDefault(table, List.of()));
                KeysAndAttributes left = r.unprocessedKeys().get(table);
                pending = left == null ? List.of() : left.keys();
                if (!pending.isEmpty()) {
                    backoff.beforeAttempt(++attempt, "BatchGetItem of " + pending.size() + " keys");
                }
            }
        }
        return out;
    }

    /**
     * Writes many items, {@value #BATCH_WRITE_MAX} per call, unprocessed items retried with backoff; durable
     * when it returns. No two requests may address the same key.
     */
    void batchWrite(List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += BATCH_WRITE_MAX) {
            List<WriteRequest> pending = writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE_MAX));
            int attempt = 1;
            while (!pending.isEmpty()) {
                BatchWriteItemRequest request = BatchWriteItemRequest.builder().requestItems(Map.of(table, pending))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                BatchWriteItemResponse r = throttled(() -> client.batchWriteItem(request), "BatchWriteItem");
                r.consumedCapacity().forEach(meter::recordWrite);
                pending = r.unprocessedItems().getOrDefault(table, List.of());
                if (!pending.isEmpty()) {
                    backoff.beforeAttempt(++attempt, "BatchWriteItem of " + pending.size() + " items");
                }
            }
        }
    }

    /**
     * Runs one transaction, all or nothing; false when one of its conditions failed. A transaction cancelled by
     * a conflict with another transaction or by throttling is retried with backoff, with the items built afresh
     * (they may hold the current time): the SDK does not retry a cancellation, whatever its reasons.
     */
    boolean transactWrite(Supplier<List<TransactWriteItem>> items, String what) {
        int attempt = 1;
        while (true) {
            TransactWriteItemsRequest request = TransactWriteItemsRequest.builder().transactItems(items.get())
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            try {
                client.transactWriteItems(request).consumedCapacity().forEach(meter::recordWrite);
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                    meter.recordConditionalFailure();
                    return false;
                }
                String passing = reasons.stream().map(CancellationReason::code)
                        .filter(RETRIED_CANCELLATIONS::contains).findFirst().orElse(null);
                if (passing == null) {
                    throw new DynamoStoreException(what + " failed", e);
                }
                backoff.beforeAttempt(++attempt, what + " (cancelled: " + passing + ")");
            } catch (SdkException e) {
                throw failed(what, e);
            }
        }
    }

    /** Retries a call the SDK gave up on because of throttling, with our own bounded backoff. */
    private <T> T throttled(Supplier<T> call, String what) {
        int attempt = 1;
        while (true) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (!(e instanceof AwsServiceException s && s.isThrottlingException())) {
                    throw failed(what, e);
                }
                backoff.beforeAttempt(++attempt, what + " (throttled)");
            }
        }
    }

    /** One call the SDK has already retried as far as it does: what it still fails with is the store's failure. */
    private static <T> T sdk(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    private static DynamoStoreException failed(String what, SdkException e) {
        return new DynamoStoreException(what + " failed: " + e.getMessage(), e);
    }
}
