package dev.bankfeed.benchmarks.dynamo;

import dev.bankfeed.store.dynamo.AwsBilledCapacity;
import dev.bankfeed.benchmarks.dynamo.Expressions.Condition;
import dev.bankfeed.benchmarks.dynamo.MemTable.Index;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * <b>A benchmark stand-in for DynamoDB's service time, not an emulator for users.</b> An in-memory
 * {@link DynamoDbClient} that answers every call after a fixed round-trip delay (default 5 ms), so that a
 * throughput measurement measures Bankfeed's own concurrency against a DynamoDB-like latency instead of the CPU
 * of a local emulator (moto_server is single-threaded Python and scans the whole table for an index Query).
 *
 * <p>It models only what Bankfeed's stores use: GetItem, PutItem, UpdateItem, DeleteItem, Query (table and
 * global secondary indexes, KeyConditionExpression, FilterExpression, Select COUNT, Limit, ExclusiveStartKey,
 * 1 MB pages by an estimated item size), Scan (whole table, for tests), BatchGetItem, BatchWriteItem,
 * TransactWriteItems (all or nothing, conditions, cancellation reasons), CreateTable, DescribeTable, DeleteTable
 * and the TTL calls; the expression forms are those of {@link Expressions}. Anything else throws
 * UnsupportedOperationException. Refusals are the SDK's own exceptions (ConditionalCheckFailedException,
 * TransactionCanceledException, ValidationException). Not modelled: capacity (no ConsumedCapacity is returned),
 * throttling, TTL expiry, index lag (indexes are always current), eventual consistency.
 *
 * <p>Thread-safe: one lock serializes the in-memory work of all calls (microseconds each); the delay is slept
 * outside it, half before the work and half after, as a request's and an answer's trip over the network.
 * DynamoDB's service time is modelled by that delay, never by contention on this lock.
 */
public final class FixedLatencyDynamoDb implements DynamoDbClient {

    public static final Duration DEFAULT_ROUND_TRIP = Duration.ofMillis(5);
    /** DynamoDB stops a Query page at 1 MB of items read. */
    private static final int PAGE_BYTES = 1024 * 1024;
    private static final int BATCH_GET_MAX = 100;
    private static final int BATCH_WRITE_MAX = 25;
    private static final int TRANSACT_MAX = 100;

    private final long roundTripNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, MemTable> tables = new HashMap<>();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    public FixedLatencyDynamoDb() {
        this(DEFAULT_ROUND_TRIP);
    }

    public FixedLatencyDynamoDb(Duration roundTrip) {
        if (roundTrip.isNegative()) {
            throw new IllegalArgumentException("round trip must not be negative");
        }
        this.roundTripNanos = roundTrip.toNanos();
    }

    /** Calls answered so far, by operation name (GetItem, Query, ...). */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** All calls answered so far. */
    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void resetCalls() {
        calls.clear();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    // ---- tables ----

    @Override
    public CreateTableResponse createTable(CreateTableRequest r) {
        return call("CreateTable", () -> {
            if (tables.containsKey(r.tableName())) {
                throw ResourceInUseException.builder().message("Table already exists: " + r.tableName()).build();
            }
            MemTable t = new MemTable(r);
            tables.put(r.tableName(), t);
            return CreateTableResponse.builder().tableDescription(describe(t)).build();
        });
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest r) {
        return call("DescribeTable", () -> DescribeTableResponse.builder().table(describe(table(r.tableName())))
                .build());
    }

    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest r) {
        return call("DeleteTable", () -> {
            MemTable t = table(r.tableName());
            tables.remove(r.tableName());
            return DeleteTableResponse.builder().tableDescription(describe(t)).build();
        });
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest r) {
        return call("DescribeTimeToLive", () -> {
            MemTable t = table(r.tableName());
            return DescribeTimeToLiveResponse.builder().timeToLiveDescription(TimeToLiveDescription.builder()
                    .timeToLiveStatus(t.ttlEnabled ? TimeToLiveStatus.ENABLED : TimeToLiveStatus.DISABLED)
                    .attributeName(t.ttlAttribute).build()).build();
        });
    }

    @Override
    public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest r) {
        return call("UpdateTimeToLive", () -> {
            MemTable t = table(r.tableName());
            t.ttlEnabled = Boolean.TRUE.equals(r.timeToLiveSpecification().enabled());
            t.ttlAttribute = r.timeToLiveSpecification().attributeName();
            return UpdateTimeToLiveResponse.builder().timeToLiveSpecification(r.timeToLiveSpecification()).build();
        });
    }

    // ---- single items ----

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
        return call("GetItem", () -> {
            MemTable t = table(r.tableName());
            Map<String, AttributeValue> item = t.get(t.keyOf(r.key(), true));
            GetItemResponse.Builder b = GetItemResponse.builder();
            if (item != null) {
                b.item(projection(item, r.projectionExpression(), r.expressionAttributeNames()));
            }
            return b.build();
        });
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        noReturnValues(r.returnValues());
        return call("PutItem", () -> {
            MemTable t = table(r.tableName());
            List<String> key = t.keyOf(r.item(), false);
            check(t.get(key), r.conditionExpression(), r.expressionAttributeNames(), r.expressionAttributeValues());
            t.write(key, r.item());
            return PutItemResponse.builder().build();
        });
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        noReturnValues(r.returnValues());
        return call("UpdateItem", () -> {
            MemTable t = table(r.tableName());
            List<String> key = t.keyOf(r.key(), true);
            Map<String, AttributeValue> old = t.get(key);
            check(old, r.conditionExpression(), r.expressionAttributeNames(), r.expressionAttributeValues());
            t.write(key, updated(t, r.key(), old, r.updateExpression(), r.expressionAttributeNames(),
                    r.expressionAttributeValues()));
            return UpdateItemResponse.builder().build();
        });
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest r) {
        noReturnValues(r.returnValues());
        return call("DeleteItem", () -> {
            MemTable t = table(r.tableName());
            List<String> key = t.keyOf(r.key(), true);
            check(t.get(key), r.conditionExpression(), r.expressionAttributeNames(), r.expressionAttributeValues());
            t.write(key, null);
            return DeleteItemResponse.builder().build();
        });
    }

    // ---- reads of many items ----

    @Override
    public QueryResponse query(QueryRequest r) {
        if (r.hasAttributesToGet() || r.hasKeyConditions() || r.hasQueryFilter()) {
            throw Errors.unsupported("the legacy Query parameters");
        }
        return call("Query", () -> {
            MemTable t = table(r.tableName());
            Index ix = null;
            if (r.indexName() != null) {
                ix = t.indexes.get(r.indexName());
                if (ix == null) {
                    throw Errors.validation("The table does not have the specified index: " + r.indexName());
                }
                if (Boolean.TRUE.equals(r.consistentRead())) {
                    throw Errors.validation("Consistent reads are not supported on global secondary indexes");
                }
            }
            Condition keyCondition = Expressions.condition(r.keyConditionExpression(), r.expressionAttributeNames(),
                    r.expressionAttributeValues());
            String hashAttribute = ix == null ? t.hashKey : ix.hashKey;
            AttributeValue hash = Expressions.equalityOn(keyCondition, hashAttribute);
            if (hash == null || hash.s() == null) {
                throw Errors.validation("Query condition missed key schema element: " + hashAttribute);
            }
            Condition filter = r.filterExpression() == null ? null : Expressions.condition(r.filterExpression(),
                    r.expressionAttributeNames(), r.expressionAttributeValues());
            NavigableMap<Object, Map<String, AttributeValue>> partition = cast(t.partition(ix, hash.s()));
            if (r.hasExclusiveStartKey() && !r.exclusiveStartKey().isEmpty()) {
                Object from = t.position(ix, r.exclusiveStartKey());
                partition = Boolean.FALSE.equals(r.scanIndexForward()) ? partition.headMap(from, false)
                        : partition.tailMap(from, false);
            }
            Iterable<Map<String, AttributeValue>> ordered = Boolean.FALSE.equals(r.scanIndexForward())
                    ? partition.descendingMap().values() : partition.values();
            boolean count = r.select() == Select.COUNT;
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            int scanned = 0;
            int matched = 0;
            long bytes = 0;
            Map<String, AttributeValue> last = null;
            for (Map<String, AttributeValue> item : ordered) {
                if (!keyCondition.test(item)) {
                    continue;
                }
                scanned++;
                bytes += AwsBilledCapacity.itemSize(item);
                if (filter == null || filter.test(item)) {
                    matched++;
                    if (!count) {
                        items.add(projection(t.project(ix, item), r.projectionExpression(),
                                r.expressionAttributeNames()));
                    }
                }
                if ((r.limit() != null && scanned >= r.limit()) || bytes >= PAGE_BYTES) {
                    last = t.lastKey(ix, item);
                    break;
                }
            }
            QueryResponse.Builder b = QueryResponse.builder().count(matched).scannedCount(scanned);
            if (!count) {
                b.items(items);
            }
            if (last != null) {
                b.lastEvaluatedKey(last);
            }
            return b.build();
        });
    }

    /** The whole table in one answer, for tests that compare tables; no paging, no filter. */
    @Override
    public ScanResponse scan(ScanRequest r) {
        if (r.limit() != null || r.filterExpression() != null || r.indexName() != null || r.segment() != null) {
            throw Errors.unsupported("Scan with Limit, filter, index or segments");
        }
        return call("Scan", () -> {
            List<Map<String, AttributeValue>> all = table(r.tableName()).all();
            return ScanResponse.builder().items(all).count(all.size()).scannedCount(all.size()).build();
        });
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
        return call("BatchGetItem", () -> {
            int keys = r.requestItems().values().stream().mapToInt(k -> k.keys().size()).sum();
            if (keys > BATCH_GET_MAX) {
                throw Errors.validation("Too many items requested for the BatchGetItem call");
            }
            Map<String, List<Map<String, AttributeValue>>> responses = new LinkedHashMap<>();
            for (Map.Entry<String, KeysAndAttributes> e : r.requestItems().entrySet()) {
                MemTable t = table(e.getKey());
                KeysAndAttributes ka = e.getValue();
                Set<List<String>> seen = new HashSet<>();
                List<Map<String, AttributeValue>> found = new ArrayList<>();
                for (Map<String, AttributeValue> k : ka.keys()) {
                    List<String> key = t.keyOf(k, true);
                    if (!seen.add(key)) {
                        throw Errors.validation("Provided list of item keys contains duplicates");
                    }
                    Map<String, AttributeValue> item = t.get(key);
                    if (item != null) {
                        found.add(projection(item, ka.projectionExpression(), ka.expressionAttributeNames()));
                    }
                }
                responses.put(e.getKey(), found);
            }
            return BatchGetItemResponse.builder().responses(responses).unprocessedKeys(Map.of()).build();
        });
    }

    // ---- writes of many items ----

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
        return call("BatchWriteItem", () -> {
            int n = r.requestItems().values().stream().mapToInt(List::size).sum();
            if (n > BATCH_WRITE_MAX) {
                throw Errors.validation("Too many items requested for the BatchWriteItem call");
            }
            // Validate everything first: DynamoDB refuses a malformed batch whole.
            Map<MemTable, Map<List<String>, Map<String, AttributeValue>>> planned = new LinkedHashMap<>();
            for (Map.Entry<String, List<WriteRequest>> e : r.requestItems().entrySet()) {
                MemTable t = table(e.getKey());
                Map<List<String>, Map<String, AttributeValue>> writes = new LinkedHashMap<>();
                for (WriteRequest w : e.getValue()) {
                    List<String> key;
                    Map<String, AttributeValue> item;
                    if (w.putRequest() != null) {
                        item = w.putRequest().item();
                        t.validate(item);
                        key = t.keyOf(item, false);
                    } else {
                        key = t.keyOf(w.deleteRequest().key(), true);
                        item = null;
                    }
                    if (writes.containsKey(key)) {
                        throw Errors.validation("Provided list of item keys contains duplicates");
                    }
                    writes.put(key, item);
                }
                planned.put(t, writes);
            }
            planned.forEach((t, writes) -> writes.forEach(t::write));
            return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
        });
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
        return call("TransactWriteItems", () -> {
            List<TransactWriteItem> items = r.transactItems();
            if (items.size() > TRANSACT_MAX) {
                throw Errors.validation("Member must have length less than or equal to " + TRANSACT_MAX);
            }
            List<MemTable> targets = new ArrayList<>();
            List<List<String>> keys = new ArrayList<>();
            List<Map<String, AttributeValue>> results = new ArrayList<>();
            List<CancellationReason> reasons = new ArrayList<>();
            boolean failed = false;
            Set<String> seen = new HashSet<>();
            for (TransactWriteItem i : items) {
                MemTable t;
                List<String> key;
                Map<String, AttributeValue> after;
                String condition;
                Map<String, String> names;
                Map<String, AttributeValue> values;
                if (i.put() != null) {
                    t = table(i.put().tableName());
                    t.validate(i.put().item());
                    key = t.keyOf(i.put().item(), false);
                    after = i.put().item();
                    condition = i.put().conditionExpression();
                    names = i.put().expressionAttributeNames();
                    values = i.put().expressionAttributeValues();
                } else if (i.update() != null) {
                    t = table(i.update().tableName());
                    key = t.keyOf(i.update().key(), true);
                    after = updated(t, i.update().key(), t.get(key), i.update().updateExpression(),
                            i.update().expressionAttributeNames(), i.update().expressionAttributeValues());
                    t.validate(after);
                    condition = i.update().conditionExpression();
                    names = i.update().expressionAttributeNames();
                    values = i.update().expressionAttributeValues();
                } else if (i.delete() != null) {
                    t = table(i.delete().tableName());
                    key = t.keyOf(i.delete().key(), true);
                    after = null;
                    condition = i.delete().conditionExpression();
                    names = i.delete().expressionAttributeNames();
                    values = i.delete().expressionAttributeValues();
                } else {
                    t = table(i.conditionCheck().tableName());
                    key = t.keyOf(i.conditionCheck().key(), true);
                    after = t.get(key);
                    condition = i.conditionCheck().conditionExpression();
                    names = i.conditionCheck().expressionAttributeNames();
                    values = i.conditionCheck().expressionAttributeValues();
                }
                if (!seen.add(t.name + '\u0000' + key)) {
                    throw Errors.validation("Transaction request cannot include multiple operations on one item");
                }
                boolean ok = condition == null || holds(t.get(key), condition, names, values);
                failed |= !ok;
                reasons.add(ok ? CancellationReason.builder().code("None").build()
                        : CancellationReason.builder().code("ConditionalCheckFailed")
                                .message("The conditional request failed").build());
                targets.add(t);
                keys.add(key);
                results.add(i.conditionCheck() != null ? t.get(key) : after);
            }
            if (failed) {
                throw TransactionCanceledException.builder()
                        .message("Transaction cancelled, please refer cancellation reasons for specific reasons "
                                + reasons.stream().map(CancellationReason::code).toList())
                        .cancellationReasons(reasons).build();
            }
            for (int k = 0; k < targets.size(); k++) {
                if (items.get(k).conditionCheck() == null) {
                    targets.get(k).write(keys.get(k), results.get(k));
                }
            }
            return TransactWriteItemsResponse.builder().build();
        });
    }

    // ---- helpers ----

    /** Runs {@code work} under the lock between the two halves of the round trip; counts the call. */
    private <T> T call(String operation, Supplier<T> work) {
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
        pause(roundTripNanos / 2);
        T answer;
        lock.lock();
        try {
            answer = work.get();
        } finally {
            lock.unlock();
        }
        pause(roundTripNanos - roundTripNanos / 2);
        return answer;
    }

    private static void pause(long nanos) {
        // parkNanos may return early (spuriously or on unpark): park again until the time is really up.
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private MemTable table(String name) {
        MemTable t = tables.get(name);
        if (t == null) {
            throw ResourceNotFoundException.builder().message("Requested resource not found: Table: " + name
                    + " not found").build();
        }
        return t;
    }

    private static Map<String, AttributeValue> updated(MemTable t, Map<String, AttributeValue> key,
            Map<String, AttributeValue> old, String expression, Map<String, String> names,
            Map<String, AttributeValue> values) {
        Expressions.Update u = Expressions.update(expression, names, values);
        for (String p : u.paths()) {
            if (p.equals(t.hashKey) || p.equals(t.rangeKey)) {
                throw Errors.validation("One or more parameter values were invalid: Cannot update attribute " + p
                        + ". This attribute is part of the key");
            }
        }
        // An update of an absent item creates it from its key, as on DynamoDB.
        return u.apply(old != null ? old : key);
    }

    private static void check(Map<String, AttributeValue> current, String condition, Map<String, String> names,
            Map<String, AttributeValue> values) {
        if (condition != null && !holds(current, condition, names, values)) {
            throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        }
    }

    private static boolean holds(Map<String, AttributeValue> current, String condition, Map<String, String> names,
            Map<String, AttributeValue> values) {
        return Expressions.condition(condition, names, values).test(current == null ? Map.of() : current);
    }

    /** The top-level attributes a ProjectionExpression names (all when there is none). */
    private static Map<String, AttributeValue> projection(Map<String, AttributeValue> item, String expression,
            Map<String, String> names) {
        if (expression == null) {
            return item;
        }
        Map<String, AttributeValue> out = new HashMap<>();
        for (String part : expression.split(",")) {
            String p = part.trim();
            String name = p.startsWith("#") ? names.get(p) : p;
            if (name == null) {
                throw Errors.validation("An expression attribute name used in the document path is not defined; "
                        + "attribute name: " + p);
            }
            AttributeValue v = item.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    private static void noReturnValues(ReturnValue rv) {
        if (rv != null && rv != ReturnValue.NONE) {
            throw Errors.unsupported("ReturnValues " + rv);
        }
    }

    private static TableDescription describe(MemTable t) {
        List<GlobalSecondaryIndexDescription> gsis = t.definition.globalSecondaryIndexes().stream()
                .map(g -> GlobalSecondaryIndexDescription.builder().indexName(g.indexName()).keySchema(g.keySchema())
                        .projection(g.projection()).indexStatus(IndexStatus.ACTIVE).build())
                .toList();
        TableDescription.Builder b = TableDescription.builder().tableName(t.name).tableStatus(TableStatus.ACTIVE)
                .keySchema(t.definition.keySchema()).attributeDefinitions(t.definition.attributeDefinitions());
        if (!gsis.isEmpty()) {
            b.globalSecondaryIndexes(gsis);
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static NavigableMap<Object, Map<String, AttributeValue>> cast(NavigableMap<?, Map<String, AttributeValue>> m) {
        return (NavigableMap<Object, Map<String, AttributeValue>>) m;
    }
}
