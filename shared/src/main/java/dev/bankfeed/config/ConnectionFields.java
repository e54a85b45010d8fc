package dev.bankfeed.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one connection object, read with the checks every provider shares. Errors name the connection
 * and the field and never quote a value.
 */
public final class ConnectionFields {

    private final JsonNode node;
    private final String who;

    ConnectionFields(JsonNode node, String who) {
        this.node = node;
        this.who = who;
    }

    /** An error about this connection: {@code detail} must not quote a value. */
    public ConnectionConfigException error(String detail) {
        return new ConnectionConfigException(who + ": " + detail);
    }

    /** A non-empty string without control characters, or null when absent and not required. */
    public String text(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw error("field '" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw error("field '" + field + "' must be a string");
        }
        if (v.asText().isBlank()) {
            throw error("field '" + field + "' must not be empty");
        }
        if (hasControl(v.asText())) {
            // Typically a pasted newline; it would break the HTTP header the value goes into.
            throw error("field '" + field + "' contains control characters");
        }
        return v.asText();
    }

    /**
     * A credential goes into an HTTP header or a Basic-auth pair: a pasted zero-width space, typographic quote
     * or accent would make the JDK refuse the header with a message quoting it, so it is refused here, where
     * the error can name the field without the value.
     */
    public String credential(String field, boolean required) {
        String v = text(field, required);
        if (v != null && !v.chars().allMatch(ch -> ch > ' ' && ch < 127)) {
            throw error("field '" + field + "' must hold printable ASCII characters only, without spaces (check"
                    + " for a pasted invisible character or typographic quote)");
        }
        return v;
    }

    /** A {@link #credential} that is a secret, or null when absent and not required. */
    public Secret secret(String field, boolean required) {
        return Secret.of(credential(field, required));
    }

    /** An optional array of non-empty strings; empty when absent. */
    public List<String> texts(String field) {
        List<String> out = new ArrayList<>();
        JsonNode list = node.get(field);
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw error("field '" + field + "' must be an array of strings");
        }
        for (JsonNode v : list) {
            if (!v.isTextual() || v.asText().isBlank() || hasControl(v.asText())) {
                throw error("field '" + field + "' must hold non-empty strings");
            }
            out.add(v.asText());
        }
        return out;
    }

    /** An optional boolean; false when absent. */
    public boolean flag(String field) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull() && !v.isBoolean()) {
            throw error("field '" + field + "' must be true or false");
        }
        return v != null && v.asBoolean(false);
    }

    /** The raw field, or null when absent: for checks no other provider shares. */
    JsonNode raw(String field) {
        return node.get(field);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
