package dev.bankfeed.benchmarks.dynamo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One table's items in memory, with its global secondary indexes kept in step on every write (DynamoDB updates
 * them asynchronously; here they are never stale, which only makes the stand-in kinder than the service).
 * String keys only, as Bankfeed's table has. Not thread-safe: {@link FixedLatencyDynamoDb} serializes access.
 */
final class MemTable {

    static final Comparator<String> KEY_ORDER = Expressions::compareStrings;

    /** A GSI: its key attributes, projection, and entries ordered by (index sort key, table key). */
    static final class Index {
        final String name;
        final String hashKey;
        final String rangeKey;
        final ProjectionType projection;
        final List<String> included;
        final Map<String, TreeMap<List<String>, Map<String, AttributeValue>>> partitions = new HashMap<>();

        Index(GlobalSecondaryIndex gsi) {
            this.name = gsi.indexName();
            this.hashKey = key(gsi.keySchema(), KeyType.HASH);
            this.rangeKey = key(gsi.keySchema(), KeyType.RANGE);
            this.projection = gsi.projection().projectionType();
            this.included = gsi.projection().nonKeyAttributes();
        }
    }

    final String name;
    final CreateTableRequest definition;
    final String hashKey;
    final String rangeKey;
    final Map<String, Index> indexes = new LinkedHashMap<>();
    final Map<String, TreeMap<String, Map<String, AttributeValue>>> partitions = new HashMap<>();
    boolean ttlEnabled;
    String ttlAttribute;

    MemTable(CreateTableRequest definition) {
        this.name = definition.tableName();
        this.definition = definition;
        this.hashKey = key(definition.keySchema(), KeyType.HASH);
        this.rangeKey = key(definition.keySchema(), KeyType.RANGE);
        for (AttributeDefinition a : definition.attributeDefinitions()) {
            if (a.attributeType() != ScalarAttributeType.S) {
                throw Errors.unsupported("key attribute " + a.attributeName() + " of type " + a.attributeType());
            }
        }
        for (GlobalSecondaryIndex gsi : definition.globalSecondaryIndexes()) {
            indexes.put(gsi.indexName(), new Index(gsi));
        }
    }

    /** The table key of {@code key} as (hash, range), checked against the schema as DynamoDB checks it. */
    List<String> keyOf(Map<String, AttributeValue> key, boolean exact) {
        int expected = rangeKey == null ? 1 : 2;
        if (exact && key.size() != expected) {
            throw Errors.validation("The provided key element does not match the schema");
        }
        String h = stringKey(key, hashKey);
        String r = rangeKey == null ? "" : stringKey(key, rangeKey);
        return List.of(h, r);
    }

    Map<String, AttributeValue> get(List<String> key) {
        TreeMap<String, Map<String, AttributeValue>> p = partitions.get(key.get(0));
        return p == null ? null : p.get(key.get(1));
    }

    /** Stores {@code item} (null: deletes the item at {@code key}), keeping every index in step. */
    void write(List<String> key, Map<String, AttributeValue> item) {
        if (item != null) {
            validate(item);
        }
        Map<String, AttributeValue> old = get(key);
        if (old != null) {
            indexes.values().forEach(ix -> unindex(ix, key, old));
        }
        if (item == null) {
            TreeMap<String, Map<String, AttributeValue>> p = partitions.get(key.get(0));
            if (p != null) {
                p.remove(key.get(1));
                if (p.isEmpty()) {
                    partitions.remove(key.get(0));
                }
            }
            return;
        }
        Map<String, AttributeValue> stored = Map.copyOf(item);
        for (Index ix : indexes.values()) {
            AttributeValue h = stored.get(ix.hashKey);
            AttributeValue r = ix.rangeKey == null ? AttributeValue.fromS("") : stored.get(ix.rangeKey);
            if (h != null && r != null) {
                ix.partitions.computeIfAbsent(h.s(), k -> new TreeMap<>(MemTable::compareKeys))
                        .put(List.of(r.s(), key.get(0), key.get(1)), stored);
            }
        }
        partitions.computeIfAbsent(key.get(0), k -> new TreeMap<>(KEY_ORDER)).put(key.get(1), stored);
    }

    /** Refuses an item DynamoDB would refuse: a missing or empty key, an index key that is not a string. */
    void validate(Map<String, AttributeValue> item) {
        keyOf(item, false);
        for (Index ix : indexes.values()) {
            AttributeValue h = item.get(ix.hashKey);
            AttributeValue r = ix.rangeKey == null ? AttributeValue.fromS("x") : item.get(ix.rangeKey);
            if ((h != null && (h.s() == null || h.s().isEmpty())) || (r != null && (r.s() == null || r.s().isEmpty()))) {
                throw Errors.validation("One or more parameter values were invalid: Type mismatch or empty "
                        + "value for Index Key of index " + ix.name);
            }
        }
    }

    private static void unindex(Index ix, List<String> key, Map<String, AttributeValue> old) {
        AttributeValue h = old.get(ix.hashKey);
        AttributeValue r = ix.rangeKey == null ? AttributeValue.fromS("") : old.get(ix.rangeKey);
        if (h == null || r == null) {
            return;
        }
        TreeMap<List<String>, Map<String, AttributeValue>> p = ix.partitions.get(h.s());
        if (p != null) {
            p.remove(List.of(r.s(), key.get(0), key.get(1)));
            if (p.isEmpty()) {
                ix.partitions.remove(h.s());
            }
        }
    }

    /** A partition's items in key order: of the table (keyed by range key) or of an index. */
    NavigableMap<?, Map<String, AttributeValue>> partition(Index ix, String hash) {
        NavigableMap<?, Map<String, AttributeValue>> p = ix == null ? partitions.get(hash) : ix.partitions.get(hash);
        return p == null ? new TreeMap<String, Map<String, AttributeValue>>() : p;
    }

    /** Every item, in partition then range-key order. */
    List<Map<String, AttributeValue>> all() {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        new TreeMap<>(partitions).values().forEach(p -> out.addAll(p.values()));
        return out;
    }

    /** The attributes of {@code item} an index read returns: the projection plus every key. */
    Map<String, AttributeValue> project(Index ix, Map<String, AttributeValue> item) {
        if (ix == null || ix.projection == ProjectionType.ALL) {
            return item;
        }
        Map<String, AttributeValue> out = new HashMap<>();
        List<String> keep = new ArrayList<>(List.of(hashKey, ix.hashKey));
        if (rangeKey != null) {
            keep.add(rangeKey);
        }
        if (ix.rangeKey != null) {
            keep.add(ix.rangeKey);
        }
        if (ix.projection == ProjectionType.INCLUDE) {
            keep.addAll(ix.included);
        }
        for (String k : keep) {
            AttributeValue v = item.get(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** The key attributes of {@code item} that LastEvaluatedKey carries for a read of {@code ix} (null: table). */
    Map<String, AttributeValue> lastKey(Index ix, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put(hashKey, item.get(hashKey));
        if (rangeKey != null) {
            k.put(rangeKey, item.get(rangeKey));
        }
        if (ix != null) {
            k.put(ix.hashKey, item.get(ix.hashKey));
            if (ix.rangeKey != null) {
                k.put(ix.rangeKey, item.get(ix.rangeKey));
            }
        }
        return k;
    }

    /** The position of a LastEvaluatedKey in {@link #partition}'s order. */
    Object position(Index ix, Map<String, AttributeValue> start) {
        List<String> table = keyOf(start, false);
        if (ix == null) {
            return table.get(1);
        }
        String r = ix.rangeKey == null ? "" : stringKey(start, ix.rangeKey);
        return List.of(r, table.get(0), table.get(1));
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = KEY_ORDER.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String stringKey(Map<String, AttributeValue> key, String attribute) {
        AttributeValue v = key.get(attribute);
        if (v == null || v.s() == null) {
            throw Errors.validation("The provided key element does not match the schema");
        }
        if (v.s().isEmpty()) {
            throw Errors.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty string value. Key: " + attribute);
        }
        return v.s();
    }

    private static String key(List<KeySchemaElement> schema, KeyType type) {
        return schema.stream().filter(k -> k.keyType() == type).map(KeySchemaElement::attributeName).findFirst()
                .orElse(null);
    }
}
