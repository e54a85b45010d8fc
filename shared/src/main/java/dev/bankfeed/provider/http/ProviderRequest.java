package dev.bankfeed.provider.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One provider call as sent: method, the endpoint template it is reported under (for example
 * {@code GET /financial-data/v2/transactions}: no ids, no query), the full URI, headers and an optional body.
 * {@link #toString()} shows the endpoint only, because headers and bodies carry credentials.
 */
public final class ProviderRequest {

    private final String method;
    private final String endpoint;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;

    private ProviderRequest(String method, String endpoint, URI uri, Map<String, String> headers, byte[] body) {
        this.method = method;
        this.endpoint = endpoint;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
    }

    /** A GET reported as {@code "GET " + pathTemplate}. */
    public static ProviderRequest get(String pathTemplate, URI uri) {
        return new ProviderRequest("GET", "GET " + pathTemplate, Objects.requireNonNull(uri), new LinkedHashMap<>(),
                null);
    }

    /** A POST of a JSON body reported as {@code "POST " + pathTemplate}. */
    public static ProviderRequest postJson(String pathTemplate, URI uri, byte[] json) {
        return new ProviderRequest("POST", "POST " + pathTemplate, Objects.requireNonNull(uri), new LinkedHashMap<>(),
                json.clone()).header("Content-Type", "application/json");
    }

    /** A POST of an {@code application/x-www-form-urlencoded} body. */
    public static ProviderRequest postForm(String pathTemplate, URI uri, String form) {
        return new ProviderRequest("POST", "POST " + pathTemplate, Objects.requireNonNull(uri), new LinkedHashMap<>(),
                form.getBytes(StandardCharsets.UTF_8)).header("Content-Type", "application/x-www-form-urlencoded");
    }

    /** This request with one more header (replacing a header of the same name). */
    public ProviderRequest header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ProviderRequest(method, endpoint, uri, copy, body);
    }

    public String method() {
        return method;
    }

    public String endpoint() {
        return endpoint;
    }

    public URI uri() {
        return uri;
    }

    Map<String, String> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    @Override
    public String toString() {
        return endpoint;
    }
}
