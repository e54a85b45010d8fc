package dev.bankfeed.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Currencies;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.MoneyException;
import dev.bankfeed.model.Provider;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.RecordKind;

/**
 * Typed access to the fields of one provider record (or of an object nested in it). Absent and JSON
 * {@code null} are the same; every wrong value becomes a {@link RecordRejectedException} that names the
 * provider, the kind, the record and the field by its dotted path ({@code amount.value},
 * {@code identifiers[1].number}). Reasons quote values only where they are not sensitive (codes, amounts,
 * dates), never account numbers.
 */
public final class RecordReader {

    private static final int MAX_QUOTED = 40;

    private final Provider provider;
    private final RecordKind kind;
    private final String recordId;
    private final JsonNode node;
    private final String path;

    /** A reader of the record {@code node} (a JSON object) known as {@code recordId} in rejections. */
    public RecordReader(Provider provider, RecordKind kind, String recordId, JsonNode node) {
        this(provider, kind, recordId, node, "");
    }

    private RecordReader(Provider provider, RecordKind kind, String recordId, JsonNode node, String path) {
        this.provider = provider;
        this.kind = kind;
        this.recordId = recordId;
        this.node = node;
        this.path = path;
    }

    /** A date-time with its offset's local date, or a plain date (then {@code instant} is null). */
    public record Moment(LocalDate date, Instant instant) {
    }

    public String recordId() {
        return recordId;
    }

    /** The dotted path of {@code field} inside the record. */
    public String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** A rejection of {@code field} of this record, to be thrown by the caller. */
    public RecordRejectedException reject(String field, String reason) {
        return RecordRejectedException.of(provider, kind, recordId, path(field), reason);
    }

    /** True when the field is present and not JSON null. */
    public boolean has(String field) {
        return value(field) != null;
    }

    /** A scalar field as text, or null when absent. A number is read as its JSON text. */
    public String text(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isContainerNode()) {
            throw reject(field, "must be a text value, not " + Envelope.type(v));
        }
        return v.asText();
    }

    /**
     * A field kept as opaque text: a scalar as its text, an object or array as its compact JSON (a
     * provider's pagination key may be either). Null when absent.
     */
    public String opaque(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** A scalar field as non-blank text. */
    public String requireText(String field) {
        String s = text(field);
        if (s == null || s.isBlank()) {
            throw reject(field, s == null ? "missing" : "empty");
        }
        return s;
    }

    /** The field's own value when present, else {@code fallback}; rejects when both are missing. */
    public String requireTextOr(String field, String fallback, String whereFallbackComesFrom) {
        String s = text(field);
        if (s != null && !s.isBlank()) {
            return s;
        }
        if (fallback == null || fallback.isBlank()) {
            throw reject(field, "missing, and no " + whereFallbackComesFrom);
        }
        return fallback;
    }

    /** A nested object's reader, or null when absent. */
    public RecordReader object(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw reject(field, "must be an object, not " + Envelope.type(v));
        }
        return new RecordReader(provider, kind, recordId, v, path(field));
    }

    /** A nested object's reader; rejects when absent. */
    public RecordReader requireObject(String field) {
        RecordReader r = object(field);
        if (r == null) {
            throw reject(field, "missing");
        }
        return r;
    }

    /** The readers of an array of objects; empty when absent. */
    public List<RecordReader> objects(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw reject(field, "must be an array, not " + Envelope.type(v));
        }
        List<RecordReader> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String itemPath = path(field) + "[" + i + "]";
            if (!item.isObject()) {
                throw RecordRejectedException.of(provider, kind, recordId, itemPath,
                        "must be an object, not " + Envelope.type(item));
            }
            out.add(new RecordReader(provider, kind, recordId, item, itemPath));
        }
        return out;
    }

    /** A JSON boolean, or null when absent. A string "true" is not a boolean. */
    public Boolean bool(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw reject(field, "must be true or false, not " + Envelope.type(v));
        }
        return v.booleanValue();
    }

    /**
     * The constant of {@code type} whose name equals the field's text, ignoring case.
     * Rejects a missing or unknown value: these fields decide a sign or a status.
     */
    public <E extends Enum<E>> E requireEnum(String field, Class<E> type) {
        String s = requireText(field);
        E[] constants = type.getEnumConstants();
        for (E e : constants) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (E e : constants) {
            expected.append(expected.length() == 0 ? "" : ", ").append(e.name());
        }
        throw reject(field, "unknown value " + quote(s) + " (expected " + expected + ")");
    }

    /** An ISO date {@code yyyy-MM-dd}, or null when absent. */
    public LocalDate date(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        LocalDate d = IsoTimes.date(s);
        if (d == null) {
            throw reject(field, quote(s) + " is not an ISO date (yyyy-MM-dd)");
        }
        return d;
    }

    /** An ISO date-time with an offset as an instant (nanoseconds kept), or null when absent. */
    public Instant instant(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        OffsetDateTime t = IsoTimes.dateTime(s);
        if (t == null) {
            throw reject(field, quote(s) + " is not an ISO date-time with offset");
        }
        return t.toInstant();
    }

    /** An ISO date-time with an offset, or a plain ISO date; null when absent. */
    public Moment moment(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        if (s.length() == 10) {
            LocalDate d = IsoTimes.date(s);
            if (d != null) {
                return new Moment(d, null);
            }
        } else {
            OffsetDateTime t = IsoTimes.dateTime(s);
            if (t != null) {
                return new Moment(t.toLocalDate(), t.toInstant());
            }
        }
        throw reject(field, quote(s) + " is not an ISO date or date-time with offset");
    }

    /** A required ISO 4217 code that has a minor unit (so that amounts in it can be exact). */
    public String currency(String field) {
        String code = requireText(field);
        if (Currencies.exponent(code).isEmpty()) {
            throw reject(field, Currencies.isKnown(code)
                    ? "ISO 4217 currency " + quote(code) + " has no minor unit"
                    : "unknown ISO 4217 currency " + quote(code));
        }
        return code;
    }

    /** An optional currency code, which must be a known ISO 4217 code when present. */
    public String knownCurrency(String field) {
        String code = text(field);
        if (code != null && !Currencies.isKnown(code)) {
            throw reject(field, "unknown ISO 4217 currency " + quote(code));
        }
        return code;
    }

    /**
     * A required amount in major units, given as a JSON number or a decimal string, exact in
     * {@code currency}: too many decimals, overflow or text that is not a number are rejected, never rounded.
     * {@code currency} must have been read with {@link #currency(String)}.
     */
    public Money major(String field, String currency) {
        JsonNode v = value(field);
        if (v == null) {
            throw reject(field, "missing");
        }
        try {
            if (v.isTextual()) {
                return Money.parse(v.textValue(), currency);
            }
            if (v.isNumber()) {
                return Money.ofMajor(decimal(v), currency);
            }
        } catch (MoneyException e) {
            throw reject(field, e.getMessage());
        }
        throw reject(field, "must be a decimal number or string, not " + Envelope.type(v));
    }

    /**
     * A required amount in minor units: an integral JSON number within the {@code long} range.
     * {@code currency} must have been read with {@link #currency(String)}.
     */
    public Money minor(String field, String currency) {
        JsonNode v = value(field);
        if (v == null) {
            throw reject(field, "missing");
        }
        if (v.isInt() || v.isLong()) {
            return Money.ofMinor(v.longValue(), currency);
        }
        if (!v.isNumber()) {
            throw reject(field, "must be an integral JSON number of minor units, not " + Envelope.type(v));
        }
        BigDecimal d = decimal(v);
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw reject(field, d + " is not a whole number of minor units");
        }
        long minor;
        try {
            minor = d.longValueExact();
        } catch (ArithmeticException e) {
            throw reject(field, d + " " + currency + " minor units is beyond the range of a long");
        }
        return Money.ofMinor(minor, currency);
    }

    /** Quotes a provider value for a reason text, cut short so that a huge value cannot flood a log line. */
    public static String quote(String s) {
        return "'" + (s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "..." : s) + "'";
    }

    private JsonNode value(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /**
     * The exact decimal of a number node. {@link BankJson} reads every fraction as BigDecimal from the text;
     * a double node (a tree built by another mapper) is read from its shortest text, never from its binary value.
     */
    private static BigDecimal decimal(JsonNode v) {
        if (v.isBigDecimal() || v.isIntegralNumber()) {
            return v.decimalValue();
        }
        return new BigDecimal(v.asText());
    }
}
