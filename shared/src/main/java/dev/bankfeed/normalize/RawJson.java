package dev.bankfeed.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import dev.bankfeed.json.BankJson;

/**
 * A provider record as compact JSON, character for character what {@code BankJson.mapper().writer()} writes
 * (stored raw payloads and their content hashes must not change with the writer). Jackson's generator took
 * more than a third of a transaction's parse-and-normalize time (BENCHMARKS.md); this writer copies plain
 * strings whole into a reused buffer, and leaves every string that needs escaping and every node kind that
 * BankJson never parses to Jackson.
 */
final class RawJson {

    private static final ObjectWriter JACKSON = BankJson.mapper().writer();
    private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();
    private static final int INITIAL_BUFFER = 2048;
    /** A buffer grown beyond this by a huge record is dropped after it, so that it does not stay allocated. */
    private static final int KEPT_BUFFER = 1 << 16;
    private static final ThreadLocal<RawJson> BUFFERS = ThreadLocal.withInitial(RawJson::new);

    private char[] buf = new char[INITIAL_BUFFER];
    private int pos;

    private RawJson() {
    }

    static String write(JsonNode node) {
        RawJson w = BUFFERS.get();
        w.pos = 0;
        w.append(node);
        String s = new String(w.buf, 0, w.pos);
        if (w.buf.length > KEPT_BUFFER) {
            w.buf = new char[INITIAL_BUFFER];
        }
        return s;
    }

    private void room(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    private void put(char c) {
        room(1);
        buf[pos++] = c;
    }

    private void put(String s) {
        int n = s.length();
        room(n);
        s.getChars(0, n, buf, pos);
        pos += n;
    }

    private void append(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                put('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    if (!first) {
                        put(',');
                    }
                    first = false;
                    string(e.getKey());
                    put(':');
                    append(e.getValue());
                }
                put('}');
            }
            case ARRAY -> {
                put('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        put(',');
                    }
                    append(node.get(i));
                }
                put(']');
            }
            case STRING -> string(node.textValue());
            case BOOLEAN -> put(node.booleanValue() ? "true" : "false");
            case NULL -> put("null");
            case NUMBER -> number(node);
            default -> put(jackson(node));
        }
    }

    /** int, long and BigDecimal (the kinds BankJson parses numbers into) are written as Jackson writes them. */
    private void number(JsonNode node) {
        if (node.isInt() || node.isLong()) {
            put(Long.toString(node.longValue()));
        } else if (node.isBigDecimal()) {
            put(node.decimalValue().toString());
        } else {
            put(jackson(node));
        }
    }

    /** Copies the string, then checks the copy: escaping is rare, so it is redone by Jackson when needed. */
    private void string(String s) {
        int n = s.length();
        room(n + 2);
        buf[pos] = '"';
        int from = pos + 1;
        s.getChars(0, n, buf, from);
        char[] b = buf;
        for (int i = from, end = from + n; i < end; i++) {
            char c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') {
                char[] escaped = ESCAPES.quoteAsString(s);
                pos = from;
                room(escaped.length + 1);
                System.arraycopy(escaped, 0, buf, pos, escaped.length);
                pos += escaped.length;
                buf[pos++] = '"';
                return;
            }
        }
        pos = from + n;
        buf[pos++] = '"';
    }

    private static String jackson(JsonNode node) {
        try {
            return JACKSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
