package dev.bankfeed.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * docs/openapi.yaml as a test oracle: the schema of a route's answer for a status and content type, checked with
 * a JSON Schema 2020-12 validator (OpenAPI 3.1's dialect), so a handler answer that the document does not
 * describe fails the test.
 */
final class OpenApiContract {

    private static final String BASE = "https://bankfeed.invalid/openapi.json";

    private final JsonNode document;
    private final SchemaRegistry registry;

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                b -> b.schemas(uri -> uri.startsWith(BASE) ? document.toString() : null));
    }

    /** The repository's docs/openapi.yaml (tests run in the module directory, one below the root). */
    static OpenApiContract load() {
        Path file = Path.of("..", "docs", "openapi.yaml");
        try {
            return new OpenApiContract(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /** What is wrong with {@code body} as the answer of GET {@code path} with {@code status}; empty when valid. */
    List<String> problems(String path, int status, String contentType, JsonNode body) {
        JsonNode response = document.path("paths").path(path).path("get").path("responses")
                .path(Integer.toString(status));
        String pointer = "/paths/" + escape(path) + "/get/responses/" + status;
        if (response.has("$ref")) {
            String ref = response.get("$ref").asText();
            pointer = ref.substring(1);
            response = document.at(pointer);
        }
        if (response.path("content").path(contentType).isMissingNode()) {
            return List.of("the document has no " + contentType + " answer " + status + " for GET " + path);
        }
        pointer += "/content/" + escape(contentType) + "/schema";
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
        return schema.validate(body, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true))).stream()
                .map(Error::toString).toList();
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
