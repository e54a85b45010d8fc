package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bankfeed.functions.ListAccountsHandler;
import dev.bankfeed.functions.SnapshotBalancesHandler;
import dev.bankfeed.functions.SyncTransactionsHandler;
import dev.bankfeed.lambda.ReadApi;
import dev.bankfeed.lambda.ReadApiHandler;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.store.dynamo.BankfeedTable;
import dev.bankfeed.testing.RepoFiles;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The repository's template.yaml as {@link SamTemplate} reads it for invoke, start-api and demo: the functions,
 * their handler classes, routes and environment, and a table that must never drift from the one the code
 * creates ({@link BankfeedTable}).
 */
class SamTemplateTest {

    /** The job functions: a schedule, a work queue and a POST route each. */
    private static final Map<String, Class<?>> JOB_HANDLERS = Map.of(
            "ListAccountsFunction", ListAccountsHandler.class,
            "SnapshotBalancesFunction", SnapshotBalancesHandler.class,
            "SyncTransactionsFunction", SyncTransactionsHandler.class);
    private static final Map<String, Class<?>> HANDLERS = Map.of(
            "ListAccountsFunction", ListAccountsHandler.class,
            "SnapshotBalancesFunction", SnapshotBalancesHandler.class,
            "SyncTransactionsFunction", SyncTransactionsHandler.class,
            "ReadApiFunction", ReadApiHandler.class);

    private static SamTemplate template;

    @BeforeAll
    static void readTemplate() throws IOException {
        template = SamTemplate.read(RepoFiles.template());
    }

    @Test
    void template_functions_areTheThreeJobsAndTheReadApi_withTheirHandlerClassesAndMethod() {
        assertThat(template.functions()).containsOnlyKeys(HANDLERS.keySet());
        HANDLERS.forEach((id, handler) -> {
            SamTemplate.Function f = template.function(id).orElseThrow();
            assertThat(f.logicalId()).isEqualTo(id);
            assertThat(f.handlerClass()).isEqualTo(handler.getName());
            assertThat(f.handlerMethod()).isEqualTo("handleRequest");
        });
    }

    @Test
    void template_handlerClasses_areRequestStreamHandlersWithANoArgAndABankfeedConstructor() {
        for (SamTemplate.Function f : template.functions().values()) {
            assertThatCode(() -> {
                // By name, as the Lambda runtime and the local runner load it.
                Class<?> handler = Class.forName(f.handlerClass());
                assertThat(RequestStreamHandler.class).isAssignableFrom(handler);
                assertThat(Modifier.isPublic(handler.getModifiers())).isTrue();
                assertThat(Modifier.isPublic(handler.getConstructor().getModifiers())).isTrue();
                assertThat(Modifier.isPublic(handler.getConstructor(Bankfeed.class).getModifiers())).isTrue();
            }).as(f.logicalId()).doesNotThrowAnyException();
        }
    }

    @Test
    void template_routes_areOnePostPerFunction_andOneGetOfRunRecords() {
        assertThat(template.routes()).containsExactlyInAnyOrder(
                new SamTemplate.Route("POST", "/accounts/sync", "ListAccountsFunction"),
                new SamTemplate.Route("POST", "/balances/snapshot", "SnapshotBalancesFunction"),
                new SamTemplate.Route("POST", "/transactions/sync", "SyncTransactionsFunction"),
                new SamTemplate.Route("GET", "/runs/{runId}", "SyncTransactionsFunction"),
                new SamTemplate.Route("GET", "/connections/{connectionId}/accounts", "ReadApiFunction"),
                new SamTemplate.Route("GET", "/accounts/{accountId}/balances", "ReadApiFunction"),
                new SamTemplate.Route("GET", "/accounts/{accountId}/balances/history", "ReadApiFunction"),
                new SamTemplate.Route("GET", "/accounts/{accountId}/transactions", "ReadApiFunction"),
                new SamTemplate.Route("GET", "/accounts/{accountId}/transactions/changes", "ReadApiFunction"));
        // Every route the read API answers is mounted on its function, and no other.
        assertThat(template.routes().stream().filter(r -> r.functionLogicalId().equals("ReadApiFunction"))
                .map(r -> r.method() + " " + r.path())).containsExactlyInAnyOrderElementsOf(ReadApi.ROUTES);
    }

    @Test
    void template_environment_leavesResourceRefsOut_andResolvesParameterRefsToTheirDefaults() {
        for (SamTemplate.Function f : template.functions().values()) {
            assertThat(f.environment()).as(f.logicalId())
                    // !Ref StateTable names a resource: only a deployment (or -n) knows its name.
                    .doesNotContainKey("TABLE_NAME")
                    .containsEntry("LOOKBACK_DAYS", "3")
                    .containsEntry("BACKFILL_DAYS", "90")
                    .containsEntry("SECRETS_PREFIX", "bankfeed/connections/")
                    .containsEntry("POWERTOOLS_SERVICE_NAME", "bankfeed");
            assertThat(f.memoryMb()).isEqualTo(f.logicalId().equals("ReadApiFunction") ? 512 : 1024);
        }
        assertThat(template.function("SyncTransactionsFunction").orElseThrow().timeoutSeconds()).isEqualTo(900);
        assertThat(template.function("ListAccountsFunction").orElseThrow().timeoutSeconds()).isEqualTo(300);
    }

    @Test
    void template_stateTable_isTheTableTheCodeCreates() {
        CreateTableRequest fromTemplate = template.createTableRequest("StateTable", "bankfeed");
        CreateTableRequest fromCode = BankfeedTable.createTableRequest("bankfeed");

        assertThat(fromTemplate.tableName()).isEqualTo(fromCode.tableName());
        assertThat(attributes(fromTemplate)).isEqualTo(attributes(fromCode));
        assertThat(keys(fromTemplate.keySchema())).isEqualTo(keys(fromCode.keySchema()));
        assertThat(indexes(fromTemplate)).isEqualTo(indexes(fromCode)).isNotEmpty();
        assertThat(fromTemplate.billingMode()).isEqualTo(fromCode.billingMode());
        assertThat(fromTemplate.streamSpecification()).isEqualTo(fromCode.streamSpecification());
        assertThat(template.ttlAttribute("StateTable")).contains(BankfeedTable.TTL_ATTRIBUTE);
    }

    @Test
    void httpEventFiles_routeKeysAreTheTemplateRoutesOfTheirFunctions() {
        Set<String> routes = template.routes().stream().map(r -> r.method() + " " + r.path() + " " + r.functionLogicalId())
                .collect(Collectors.toSet());
        for (String name : RepoFiles.eventNames()) {
            if (name.contains("-http")) {
                JsonNode event = RepoFiles.eventJson(name);
                assertThat(routes).as(name).contains(event.path("routeKey").asText() + " " + functionOf(name));
            }
        }
    }

    @Test
    void scheduleEventFiles_haveTheFieldsOfTheSchedulerInputTheTemplateSends() throws IOException {
        // A plain YAML reading is enough here: the Input is a literal string.
        JsonNode resources = new YAMLMapper().readTree(RepoFiles.template().toFile()).path("Resources");
        for (String function : JOB_HANDLERS.keySet()) {
            String input = resources.path(function).path("Properties").path("Events").path("Schedule")
                    .path("Properties").path("Input").asText();
            JsonNode sent = BankJson.mapper().readTree(input);
            JsonNode file = RepoFiles.eventJson(eventPrefix(function) + "-schedule.json");

            assertThat(fieldNames(file)).as(function).containsExactlyInAnyOrderElementsOf(fieldNames(sent));
            assertThat(file.path("source").asText()).isEqualTo(sent.path("source").asText());
        }
    }

    private static Set<List<String>> attributes(CreateTableRequest r) {
        return r.attributeDefinitions().stream()
                .map(a -> List.of(a.attributeName(), a.attributeTypeAsString()))
                .collect(Collectors.toSet());
    }

    private static List<String> keys(List<KeySchemaElement> keySchema) {
        return keySchema.stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList();
    }

    private static Map<String, List<String>> indexes(CreateTableRequest r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (GlobalSecondaryIndex g : r.globalSecondaryIndexes()) {
            List<String> shape = new ArrayList<>(keys(g.keySchema()));
            shape.add("projection " + g.projection().projectionTypeAsString());
            shape.add("non-key " + g.projection().nonKeyAttributes());
            out.put(g.indexName(), shape);
        }
        return out;
    }

    /** "ListAccountsFunction" -> "list-accounts", the prefix of its events/ files. */
    private static String eventPrefix(String function) {
        return function.replace("Function", "").replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String functionOf(String eventFile) {
        return HANDLERS.keySet().stream().filter(f -> eventFile.startsWith(eventPrefix(f) + "-")).findFirst()
                .orElseThrow(() -> new AssertionError("events/" + eventFile + " names no function"));
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
