package dev.bankfeed.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.ErrorClass;

/** A successful (2xx) provider response whose body parsed as JSON, with what an error about it must carry. */
public record ProviderResponse(Provider provider, String endpoint, int status, String requestId, JsonNode body) {

    /** A MALFORMED_RESPONSE failure for this response: the body is JSON but not the documented envelope. */
    public ProviderException malformed(String why) {
        return new ProviderException(provider, ErrorClass.MALFORMED_RESPONSE, endpoint, status, requestId, null,
                why, null);
    }

    /** The body's {@code field} when it is an array, else a MALFORMED_RESPONSE failure. */
    public JsonNode requireArray(String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isArray()) {
            throw malformed("body has no '" + field + "' array");
        }
        return n;
    }

    /** The body itself when it is a JSON object, else a MALFORMED_RESPONSE failure. */
    public JsonNode requireObject() {
        if (!body.isObject()) {
            throw malformed("body is not a JSON object");
        }
        return body;
    }
}
