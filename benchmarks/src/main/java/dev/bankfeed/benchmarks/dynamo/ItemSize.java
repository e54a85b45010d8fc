package dev.bankfeed.benchmarks.dynamo;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size by DynamoDB's published rules (names plus values; numbers about one byte per two digits; 3 bytes
 * per list or map plus 1 per element), close enough to cut Query pages at 1 MB where DynamoDB would.
 */
final class ItemSize {

    private ItemSize() {
    }

    static long of(Map<String, AttributeValue> item) {
        long n = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            n += utf8(e.getKey()) + of(e.getValue());
        }
        return n;
    }

    private static long of(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return v.n().length() / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.hasM()) {
            return 3 + v.m().size() + of(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().size() + v.l().stream().mapToLong(ItemSize::of).sum();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(ItemSize::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(s -> s.length() / 2 + 1).sum();
        }
        return 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
