package dev.bankfeed.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.ErrorClass;

/**
 * How one provider writes its error bodies and which of its 4xx answers mean something other than
 * "permanent". The body passed in is null when the error response was not JSON.
 */
public interface ErrorDialect {

    /** The provider's machine-readable error code, or null. */
    String code(JsonNode body);

    /** A request id carried in the error body (Finqware's {@code request_id}), or null. */
    default String requestId(JsonNode body) {
        return null;
    }

    /** The human-readable message of the error body, or null. */
    default String message(JsonNode body) {
        return text(body, "message");
    }

    /**
     * The class of an error that is not 408, 429 or 5xx, or null for the default (401 NEEDS_REAUTH,
     * anything else PERMANENT).
     */
    default ErrorClass classify(int status, String code, JsonNode body) {
        return null;
    }

    /** {@code body.field} when it is a JSON string, else null. */
    static String text(JsonNode body, String field) {
        if (body == null) {
            return null;
        }
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
