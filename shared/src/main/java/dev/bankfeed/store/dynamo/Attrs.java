package dev.bankfeed.store.dynamo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers to build and read DynamoDB attribute maps; absent attributes stand for null fields. */
final class Attrs {

    /** The item kind (ACCOUNT, TXN, CHG, BALANCE, ...), on every item: a reader's filter, never a key. */
    static final String KIND = "kind";
    /** The content hash: SHA-256 of the record's stored fields; equal hashes mean an unchanged record. */
    static final String HASH = "h";
    /** The provider's own JSON record, kept for audit and replay. */
    static final String RAW = "raw";

    /** Fixed-width UTC instants (nanoseconds always written) so that string order is time order. */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    private Attrs() {
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    /** Puts {@code v.toString()} as a string attribute unless {@code v} is null. */
    static void put(Map<String, AttributeValue> m, String name, Object v) {
        if (v != null) {
            m.put(name, s(v.toString()));
        }
    }

    static void putN(Map<String, AttributeValue> m, String name, Long v) {
        if (v != null) {
            m.put(name, n(v));
        }
    }

    static void putBool(Map<String, AttributeValue> m, String name, Boolean v) {
        if (v != null) {
            m.put(name, bool(v));
        }
    }

    static String str(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    static Long num(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? null : Long.valueOf(v.n());
    }

    static Boolean boolOrNull(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.bool();
    }

    static LocalDate date(Map<String, AttributeValue> m, String name) {
        String v = str(m, name);
        return v == null ? null : LocalDate.parse(v);
    }

    static Instant instant(Map<String, AttributeValue> m, String name) {
        String v = str(m, name);
        return v == null ? null : Instant.parse(v);
    }

    static <E extends Enum<E>> E enumOrNull(Map<String, AttributeValue> m, String name, Class<E> type) {
        String v = str(m, name);
        return v == null ? null : Enum.valueOf(type, v);
    }

    /** An instant as a fixed-width string whose lexical order is chronological (sort keys, comparisons). */
    static String sortable(Instant at) {
        return SORTABLE.format(at);
    }

    /** The item's key attributes. */
    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(BankfeedTable.PK, s(pk), BankfeedTable.SK, s(sk));
    }

    /** The key of an item read from the table, as a value usable in a map lookup. */
    static String keyString(Map<String, AttributeValue> item) {
        return str(item, BankfeedTable.PK) + '\u0000' + str(item, BankfeedTable.SK);
    }

    /**
     * SHA-256 (base64) of an attribute map, independent of map order: two records with the same stored
     * content have the same hash, and any change of a stored field changes it.
     */
    static String contentHash(Map<String, AttributeValue> content) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        feed(digest, AttributeValue.fromM(content));
        return Base64.getEncoder().withoutPadding().encodeToString(digest.digest());
    }

    private static void feed(MessageDigest d, AttributeValue v) {
        // Type tag plus length-prefixed text: no two different values serialize alike.
        switch (v.type()) {
            case S -> text(d, 'S', v.s());
            case N -> text(d, 'N', v.n());
            case BOOL -> text(d, 'B', v.bool().toString());
            case NUL -> text(d, '0', "");
            case L -> {
                List<AttributeValue> list = v.l();
                text(d, 'L', Integer.toString(list.size()));
                list.forEach(e -> feed(d, e));
            }
            case M -> {
                Map<String, AttributeValue> sorted = new TreeMap<>(v.m());
                text(d, 'M', Integer.toString(sorted.size()));
                sorted.forEach((k, e) -> {
                    text(d, 'K', k);
                    feed(d, e);
                });
            }
            default -> throw new IllegalArgumentException("unhashable attribute type " + v.type());
        }
    }

    private static void text(MessageDigest d, char tag, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        d.update((byte) tag);
        d.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(bytes);
    }
}
