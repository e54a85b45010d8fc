package dev.bankfeed.provider.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds a request URI on a connection's base URL, percent-encoding ids in paths and values in queries. */
public final class UriBuilder {

    private final StringBuilder path;
    private final StringBuilder query = new StringBuilder();

    private UriBuilder(URI base) {
        String b = base.toString();
        this.path = new StringBuilder(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    }

    public static UriBuilder on(URI baseUrl) {
        return new UriBuilder(baseUrl);
    }

    /** Appends literal path text (our own constants, never input). */
    public UriBuilder path(String literal) {
        path.append(literal);
        return this;
    }

    /** Appends one encoded path segment (an id from config or a provider). */
    public UriBuilder segment(String value) {
        path.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        return this;
    }

    /** Adds {@code name=value}; a null value is left out. */
    public UriBuilder query(String name, Object value) {
        if (value != null) {
            query.append(query.length() == 0 ? '?' : '&')
                    .append(name).append('=')
                    .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
        return this;
    }

    public URI build() {
        return URI.create(path.toString() + query);
    }
}
