package dev.bankfeed.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.json.BankJson;
import java.io.IOException;

/** API Gateway HTTP API (payload 2.0) answers: a JSON body, or an RFC 9457 problem naming the field at fault. */
final class HttpAnswers {

    private static final ObjectMapper MAPPER = BankJson.mapper();

    private HttpAnswers() {
    }

    static ObjectNode problem(int status, String title, String field, String detail) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        if (field != null) {
            p.put("field", field);
        }
        p.put("detail", field != null ? "'" + field + "' " + detail : detail);
        return response(status, "application/problem+json", p);
    }

    static ObjectNode response(int status, String contentType, JsonNode body) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("statusCode", status);
        r.putObject("headers").put("content-type", contentType);
        try {
            r.put("body", MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        r.put("isBase64Encoded", false);
        return r;
    }
}
