package dev.bankfeed.provider.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.json.BankJson;
import java.io.UncheckedIOException;

/** Reads and writes the small JSON objects clients use as a walk's opaque resume state. */
public final class WalkState {

    private WalkState() {
    }

    public static ObjectNode create() {
        return BankJson.mapper().createObjectNode();
    }

    public static String write(ObjectNode state) {
        try {
            return BankJson.mapper().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The state object, which must hold every one of {@code required}.
     *
     * @throws IllegalArgumentException when it is not a state this client wrote (the text is not quoted)
     */
    public static JsonNode read(String state, String provider, String... required) {
        JsonNode node;
        try {
            node = BankJson.mapper().readTree(state);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("resumeState is not a " + provider + " walk state");
        }
        for (String field : required) {
            if (!node.hasNonNull(field)) {
                throw new IllegalArgumentException("resumeState is not a " + provider + " walk state (no '"
                        + field + "')");
            }
        }
        return node;
    }
}
