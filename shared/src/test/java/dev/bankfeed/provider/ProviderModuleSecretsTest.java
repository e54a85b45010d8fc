package dev.bankfeed.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ConnectionJson;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.http.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered provider module masks every secret it declares. Each module has sample connections beside
 * it ({@code connection-samples.json} in its package, test resources): a module without samples fails here, as
 * does one whose samples hold a secret-looking field it does not declare.
 */
class ProviderModuleSecretsTest {

    /** Field names that hold a secret by every provider's naming so far. */
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(secret|token|key|password).*");

    static Stream<ProviderModule> modules() {
        return ProviderModules.all().stream();
    }

    @Test
    void registry_holdsEveryModuleOnce_inRegistrationOrder() {
        assertThat(ProviderModules.ids()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(ProviderModules.providers()).extracting(p -> ProviderModules.of(p).provider())
                .containsExactlyElementsOf(ProviderModules.providers());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyDeclaredSecret_isMaskedWhereverItAppears(ProviderModule module) throws IOException {
        String json = samples(module);
        List<Connection> connections = ConnectionJson.parseFile(json);
        assertThat(connections).as("sample connections of " + module.providerId()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.provider()).isEqualTo(module.provider()));

        for (Connection c : connections) {
            List<String> declared = c.credentials().secrets();
            assertThat(declared).as("secrets of " + c.id()).isNotEmpty().doesNotContainNull();
            Redactor redactor = Redactor.forConnection(c);
            for (String secret : declared) {
                for (String text : List.of(
                        "error: " + secret,
                        "GET https://bank.example/v1/accounts?access_token=" + secret + "&page=2",
                        "Authorization: Bearer " + secret,
                        "Authorization: Basic " + secret,
                        "{\"message\":\"bad credentials\",\"detail\":\"" + secret + "\"}")) {
                    assertThat(redactor.redact(text)).as(c.id() + " in: " + text.replace(secret, "<secret>"))
                            .doesNotContain(secret).contains("****");
                }
                assertThat(c.toString()).doesNotContain(secret);
                assertThat(c.credentials().toString()).doesNotContain(secret);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everySecretLookingSampleField_isDeclared(ProviderModule module) throws IOException {
        JsonNode root = BankJson.mapper().readTree(samples(module));
        List<Connection> connections = ConnectionJson.parseFile(samples(module));
        for (int i = 0; i < connections.size(); i++) {
            List<String> secretFields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> f : root.get("connections").get(i).properties()) {
                if (SECRET_FIELD.matcher(f.getKey()).matches() && f.getValue().isTextual()) {
                    secretFields.add(f.getValue().asText());
                }
            }
            assertThat(secretFields).as("secret-looking fields of " + connections.get(i).id()).isNotEmpty();
            assertThat(connections.get(i).credentials().secrets()).containsAll(secretFields);
        }
    }

    private static String samples(ProviderModule module) throws IOException {
        try (InputStream in = module.getClass().getResourceAsStream("connection-samples.json")) {
            assertThat(in).as("connection-samples.json beside " + module.getClass().getName()).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
