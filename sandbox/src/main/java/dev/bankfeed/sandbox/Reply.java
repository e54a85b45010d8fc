package dev.bankfeed.sandbox;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response about to be sent. */
public record Reply(int status, byte[] body, Map<String, String> headers) {

    public static Reply json(int status, byte[] body) {
        return new Reply(status, body, new LinkedHashMap<>());
    }

    public static Reply ok(byte[] body) {
        return json(200, body);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, body, h);
    }

    /** The same response as valid JSON of a shape no client expects: {@code {"payload": <the body>}}. */
    public Reply reshaped() {
        byte[] open = "{\"payload\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] inner = body.length == 0 ? "null".getBytes(java.nio.charset.StandardCharsets.UTF_8) : body;
        byte[] out = Arrays.copyOf(open, open.length + inner.length + 1);
        System.arraycopy(inner, 0, out, open.length, inner.length);
        out[out.length - 1] = '}';
        return new Reply(status, out, headers);
    }

    /** The same response cut in the middle of its JSON: a 200 whose body does not parse. */
    public Reply truncated() {
        int keep = Math.max(1, body.length / 2);
        return new Reply(status, Arrays.copyOf(body, Math.min(keep, body.length)), headers);
    }
}
