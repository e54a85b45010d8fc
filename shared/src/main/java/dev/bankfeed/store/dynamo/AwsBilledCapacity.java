package dev.bankfeed.store.dynamo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The capacity AWS would bill (on-demand) for the DynamoDB calls of the client it is registered on, worked out
 * from the requests and answers by DynamoDB's published rules: an item's size is the sum of its attribute
 * names and values; a write costs {@code ceil(size / 1 KB)} units per item (twice inside a transaction) plus
 * the index entries it writes; a strongly consistent read {@code ceil(size / 4 KB)} per item, and 1 for a key
 * that is not there. It exists because local emulators report capacity their own way (moto: about one unit per
 * call, no indexes), and the cost per transaction is a figure users judge us on. Known limits, all towards a
 * lower bound: an UpdateItem is billed on the larger of the item before and after it, and only the after-part
 * it sets is seen here; a filtered or COUNT Query is billed on the items it read, estimated from its
 * ScannedCount at the size of the items it returned (or 1 KB when it returned none).
 */
public final class AwsBilledCapacity implements ExecutionInterceptor {

    private static final int WRITE_UNIT = 1024;
    private static final int READ_UNIT = 4096;
    /** DynamoDB's per-entry overhead in a global secondary index. */
    private static final int INDEX_ENTRY_OVERHEAD = 100;

    private final DoubleAdder writeUnits = new DoubleAdder();
    private final DoubleAdder readUnits = new DoubleAdder();

    /** Write units billed so far. */
    public double writeUnits() {
        return writeUnits.sum();
    }

    /** Read units billed so far (strongly consistent reads, as every read of the stores is). */
    public double readUnits() {
        return readUnits.sum();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof PutItemRequest r) {
            writeUnits.add(put(r.item()));
        } else if (request instanceof UpdateItemRequest r) {
            writeUnits.add(update(r.key(), r.expressionAttributeValues()));
        } else if (request instanceof DeleteItemRequest) {
            writeUnits.add(1);
        } else if (request instanceof BatchWriteItemRequest r && response instanceof BatchWriteItemResponse a) {
            writeUnits.add(batchWrite(r, a));
        } else if (request instanceof TransactWriteItemsRequest r) {
            writeUnits.add(2 * r.transactItems().stream().mapToDouble(AwsBilledCapacity::transactItem).sum());
        } else if (request instanceof GetItemRequest && response instanceof GetItemResponse a) {
            readUnits.add(a.hasItem() && !a.item().isEmpty() ? readUnits(itemSize(a.item())) : 1);
        } else if (request instanceof BatchGetItemRequest r && response instanceof BatchGetItemResponse a) {
            readUnits.add(batchGet(r, a));
        } else if (request instanceof QueryRequest && response instanceof QueryResponse a) {
            readUnits.add(query(a));
        }
    }

    private static double put(Map<String, AttributeValue> item) {
        long size = itemSize(item);
        double units = writeUnits(size);
        // The sparse indexes of BankfeedTable: openPending projects ALL, byConnection KEYS_ONLY.
        if (item.containsKey("pendpk")) {
            units += writeUnits(size + INDEX_ENTRY_OVERHEAD);
        }
        if (item.containsKey("gsi1pk")) {
            units += 1;
        }
        return units;
    }

    private static double update(Map<String, AttributeValue> key, Map<String, AttributeValue> values) {
        long size = itemSize(key) + (values == null ? 0 : values.values().stream()
                .mapToLong(AwsBilledCapacity::valueSize).sum());
        return writeUnits(size);
    }

    private static double transactItem(TransactWriteItem i) {
        if (i.put() != null) {
            return put(i.put().item());
        }
        if (i.update() != null) {
            return update(i.update().key(), i.update().expressionAttributeValues());
        }
        return 1; // a delete or a condition check
    }

    private static double batchWrite(BatchWriteItemRequest r, BatchWriteItemResponse a) {
        double units = 0;
        for (Map.Entry<String, List<WriteRequest>> table : r.requestItems().entrySet()) {
            List<WriteRequest> unprocessed = a.hasUnprocessedItems()
                    ? a.unprocessedItems().getOrDefault(table.getKey(), List.of()) : List.of();
            for (WriteRequest w : table.getValue()) {
                if (unprocessed.contains(w)) {
                    continue;
                }
                units += w.putRequest() != null ? put(w.putRequest().item()) : 1;
            }
        }
        return units;
    }

    private static double batchGet(BatchGetItemRequest r, BatchGetItemResponse a) {
        double units = 0;
        int found = 0;
        for (List<Map<String, AttributeValue>> items : a.responses().values()) {
            for (Map<String, AttributeValue> item : items) {
                units += readUnits(itemSize(item));
                found++;
            }
        }
        int requested = r.requestItems().values().stream().mapToInt(k -> k.keys().size()).sum();
        int unprocessed = a.hasUnprocessedKeys() ? a.unprocessedKeys().values().stream()
                .mapToInt(k -> k.keys().size()).sum() : 0;
        // A strongly consistent read of a key that is not there is billed like a small item.
        return units + Math.max(0, requested - unprocessed - found);
    }

    private static double query(QueryResponse a) {
        long returnedSize = a.hasItems() ? a.items().stream().mapToLong(AwsBilledCapacity::itemSize).sum() : 0;
        int returned = a.hasItems() ? a.items().size() : 0;
        int scanned = a.scannedCount() == null ? returned : a.scannedCount();
        long perItem = returned > 0 ? returnedSize / returned : WRITE_UNIT;
        long readSize = returnedSize + (long) Math.max(0, scanned - returned) * perItem;
        return Math.max(1, readUnits(readSize)); // a Query reads at least one unit, and sums sizes before rounding
    }

    private static double writeUnits(long size) {
        return Math.max(1, (size + WRITE_UNIT - 1) / WRITE_UNIT);
    }

    private static double readUnits(long size) {
        return Math.max(1, (size + READ_UNIT - 1) / READ_UNIT);
    }

    /** An item's size as DynamoDB counts it: attribute names plus values, in bytes. */
    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    static long valueSize(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return numberSize(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasM()) {
            // 3 bytes for the map, 1 per element, plus the names and values.
            return 3 + v.m().size() + itemSize(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().size() + v.l().stream().mapToLong(AwsBilledCapacity::valueSize).sum();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(AwsBilledCapacity::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(AwsBilledCapacity::numberSize).sum();
        }
        return 0;
    }

    /** One byte per two significant digits, plus one. */
    static long numberSize(String number) {
        String digits = new BigDecimal(number).stripTrailingZeros().unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
