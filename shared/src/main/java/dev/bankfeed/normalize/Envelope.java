package dev.bankfeed.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import java.util.Locale;
import dev.bankfeed.model.RecordKind;

/** Checks a provider body's envelope; a body that is not the documented envelope is malformed as a whole. */
public final class Envelope {

    private Envelope() {
    }

    /** The array {@code field} of the object {@code body}; throws MalformedBodyException when there is none. */
    public static JsonNode array(Provider provider, RecordKind kind, JsonNode body, String field) {
        JsonNode v = object(provider, kind, body).get(field);
        if (v == null || !v.isArray()) {
            throw malformed(provider, kind, "has no '" + field + "' array"
                    + (v == null ? "" : " (it is " + type(v) + ")"));
        }
        return v;
    }

    /** {@code body} itself when it is a JSON object; throws MalformedBodyException otherwise. */
    public static JsonNode object(Provider provider, RecordKind kind, JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw malformed(provider, kind, "is empty");
        }
        if (!body.isObject()) {
            throw malformed(provider, kind, "is not a JSON object (it is " + type(body) + ")");
        }
        return body;
    }

    /** A one-line MalformedBodyException about a {@code kind} body of {@code provider}. */
    public static MalformedBodyException malformed(Provider provider, RecordKind kind, String what) {
        return new MalformedBodyException(provider.id() + " " + kind.id() + " body " + what);
    }

    /** The JSON type of a node in lower case ("array", "string"), for reason texts. */
    public static String type(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
