package dev.bankfeed.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import java.util.ArrayList;
import java.util.List;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.model.RecordKind;

/**
 * Normalizes the records of one provider page independently: each record becomes a canonical record or a
 * {@link Rejection} carrying the record's raw JSON, and one bad record never stops the page. Every
 * provider and kind goes through this one loop.
 *
 * @param <T> the canonical record type
 */
public final class RecordBatch<T> {

    /** The field name of a rejection that concerns the record as a whole. */
    public static final String RECORD = "record";

    /** Maps one provider record, given its reader and its raw JSON; throws RecordRejectedException to reject it. */
    @FunctionalInterface
    public interface RecordMapper<T> {
        T map(RecordReader record, String rawJson);
    }

    private final Provider provider;
    private final RecordKind kind;
    private final List<T> records = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>(0);

    private RecordBatch(Provider provider, RecordKind kind) {
        this.provider = provider;
        this.kind = kind;
    }

    /** An empty batch of {@code kind} records of {@code provider}. */
    public static <T> RecordBatch<T> of(Provider provider, RecordKind kind) {
        return new RecordBatch<>(provider, kind);
    }

    /** Normalizes every record of {@code array}: the common case of a page with one record list. */
    public static <T> NormalizationResult<T> normalize(Provider provider, RecordKind kind, JsonNode array,
            String idField, RecordMapper<T> mapper) {
        return RecordBatch.<T>of(provider, kind).each(array, idField, "", mapper).result();
    }

    /**
     * Adds every record of {@code array}. A record is named in rejections by its {@code idField} value,
     * else by {@code fallbackPrefix + "#" + index}.
     */
    public RecordBatch<T> each(JsonNode array, String idField, String fallbackPrefix, RecordMapper<T> mapper) {
        for (int i = 0; i < array.size(); i++) {
            add(array.get(i), idField, fallbackPrefix, i, mapper);
        }
        return this;
    }

    /** Adds a body that is itself a single record. */
    public RecordBatch<T> one(JsonNode record, String idField, RecordMapper<T> mapper) {
        add(record, idField, "", 0, mapper);
        return this;
    }

    /**
     * Adds a rejection found outside any record mapper: a container of records that is itself wrong
     * (for example an account whose nested {@code balances} is not an array).
     */
    public RecordBatch<T> reject(String recordId, String field, String reason, JsonNode raw) {
        rejections.add(new Rejection(provider, kind, recordId, field, reason, raw(raw)));
        return this;
    }

    public NormalizationResult<T> result() {
        return new NormalizationResult<>(records, rejections);
    }

    private void add(JsonNode item, String idField, String fallbackPrefix, int index, RecordMapper<T> mapper) {
        String raw = raw(item);
        String id = idField == null || !item.isObject() ? null : idOf(item.get(idField));
        String recordId = id != null ? id : fallbackPrefix + "#" + index;
        if (!item.isObject()) {
            rejections.add(new Rejection(provider, kind, recordId, RECORD, notAnObject(item), raw));
            return;
        }
        try {
            records.add(mapper.map(new RecordReader(provider, kind, recordId, item), raw));
        } catch (RecordRejectedException e) {
            rejections.add(e.rejection().withRecord(recordId, raw));
        }
    }

    /** The reason text for a record that is not a JSON object. */
    public static String notAnObject(JsonNode item) {
        return "must be a JSON object, not " + Envelope.type(item);
    }

    /** The text of a scalar id node, or null when it is absent, not a scalar or blank. */
    public static String idOf(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** The record as compact JSON: written once per record, for the canonical record or its rejection. */
    private static String raw(JsonNode item) {
        return RawJson.write(item);
    }
}
