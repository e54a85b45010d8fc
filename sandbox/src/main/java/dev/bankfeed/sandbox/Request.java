package dev.bankfeed.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One incoming request, read fully (bodies here are small JSON or form documents). */
public final class Request {

    public final String method;
    public final String path;
    public final Map<String, String> query;
    public final byte[] body;
    public final String requestId;
    private final HttpExchange exchange;

    private Request(HttpExchange exchange, byte[] body, String requestId) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        this.path = exchange.getRequestURI().getRawPath();
        this.query = parseForm(exchange.getRequestURI().getRawQuery());
        this.body = body;
        this.requestId = requestId;
    }

    public static Request read(HttpExchange exchange, String requestId) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new Request(exchange, in.readAllBytes(), requestId);
        }
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    /** The credential after {@code Bearer }, or null. */
    public String bearer() {
        String auth = header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    /** The {user, password} of HTTP Basic auth, or null. */
    public String[] basic() {
        String auth = header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The body as an {@code application/x-www-form-urlencoded} form. */
    public Map<String, String> form() {
        return parseForm(new String(body, StandardCharsets.UTF_8));
    }

    /** First value wins, like most servers. */
    public static Map<String, String> parseForm(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            map.putIfAbsent(k, v);
        }
        return map;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
