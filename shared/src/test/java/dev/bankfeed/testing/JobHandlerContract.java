package dev.bankfeed.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.sandbox.ExpectedAccount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every function's handler must do with the events/ files, run in-process over the provider sandbox and
 * moto_server ({@link BankfeedHarness}): a schedule answers the job result, an HTTP request an API
 * Gateway response wrapping it, a duplicate delivery is a no-op, and invalid HTTP input is a 4xx problem naming
 * the field. Each function module extends this once (as {@code <Handler>IT}) and adds what only it does.
 */
public abstract class JobHandlerContract {

    /** The date the events/ files carry (2026-11-22): the harness's today, so that their windows are valid. */
    protected static final LocalDate EVENTS_DATE = LocalDate.of(2026, 11, 22);

    protected BankfeedHarness harness;
    private final String eventPrefix;
    private final JobKind kind;
    private final Function<Bankfeed, RequestStreamHandler> handlerFactory;
    private RequestStreamHandler handler;

    /**
     * @param eventPrefix the function's events/ prefix, e.g. "list-accounts" for events/list-accounts-*.json
     * @param kind the job the handler must run
     * @param handlerFactory the handler's injectable constructor
     */
    protected JobHandlerContract(String eventPrefix, JobKind kind,
            Function<Bankfeed, RequestStreamHandler> handlerFactory) {
        this.eventPrefix = eventPrefix;
        this.kind = kind;
        this.handlerFactory = handlerFactory;
    }

    /**
     * Checks, in the store, what a first run over the whole sandbox must have written for one sandbox account.
     *
     * @param outcome the account's entry in the job result
     */
    protected abstract void assertFirstRunStored(ExpectedAccount account, String accountId, JsonNode outcome);

    @BeforeEach
    void startHarness() {
        harness = BankfeedHarness.start(BankfeedHarness.sandboxConfig().today(EVENTS_DATE).accountsPerConnection(2)
                .transactionsPerAccount(60).build());
        handler = handlerFactory.apply(harness.bankfeed);
    }

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void handler_scheduleEvent_runsTheJobOverEveryAccountAndAnswersTheJobResult() {
        JsonNode result = invoke(RepoFiles.eventBytes(eventPrefix + "-schedule.json"));

        assertCompletedOverEveryAccount(result);
        assertFirstRunStoredForEveryAccount(result);
    }

    @Test
    void handler_httpEvent_answers200WithTheJobResultAsJsonBody() {
        JsonNode answer = invoke(RepoFiles.eventBytes(eventPrefix + "-http.json"));

        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        assertThat(answer.path("headers").path("content-type").asText()).isEqualTo("application/json");
        assertThat(answer.path("isBase64Encoded").asBoolean(true)).isFalse();
        JsonNode result = body(answer);
        assertCompletedOverEveryAccount(result);
        assertFirstRunStoredForEveryAccount(result);
    }

    @Test
    void handler_sameScheduleEventTwice_secondAnswerIsDuplicateEventAndTouchesNothing() {
        byte[] event = RepoFiles.eventBytes(eventPrefix + "-schedule.json");
        JsonNode first = invoke(event);
        long providerRequests = harness.sandbox.requestCount();
        var writesBefore = harness.stores.meter().reading();

        JsonNode second = invoke(event);

        assertThat(first.path("status").asText()).isEqualTo(JobResult.Status.COMPLETED.name());
        assertThat(second.path("status").asText()).isEqualTo(JobResult.Status.DUPLICATE_EVENT.name());
        assertThat(second.path("job").asText()).isEqualTo(kind.id());
        assertThat(second.path("accounts")).isEmpty();
        assertThat(harness.sandbox.requestCount()).isEqualTo(providerRequests);
        assertThat(harness.stores.meter().reading().minus(writesBefore).writeUnits()).isZero();
    }

    @Test
    void handler_eventBridgeScheduledEvent_isAcceptedOnceAndItsRedeliveryIsDuplicate() {
        byte[] event = RepoFiles.eventBytes("eventbridge-scheduled-event.json");

        JsonNode first = invoke(event);
        JsonNode again = invoke(event);

        assertCompletedOverEveryAccount(first);
        assertThat(again.path("status").asText()).isEqualTo(JobResult.Status.DUPLICATE_EVENT.name());
    }

    @Test
    void handler_httpRequestForOneConnection_runsOnlyThatConnection() {
        JsonNode answer = invoke(httpEvent(Map.of("connection", "atoa-1")));

        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        JsonNode result = body(answer);
        assertThat(result.path("status").asText()).isEqualTo(JobResult.Status.COMPLETED.name());
        assertThat(accountIds(result)).containsExactlyInAnyOrderElementsOf(expectedAccountIds("atoa-1"));
    }

    @Test
    void handler_httpRequestForUnknownConnection_answers400ProblemNamingConnection() {
        JsonNode answer = invoke(httpEvent(Map.of("connection", "nordea-9")));

        JsonNode problem = assertProblem(answer, 400, "connection");
        assertThat(problem.path("detail").asText()).contains("nordea-9");
        assertThat(harness.sandbox.requestCount()).isZero();
    }

    @Test
    void handler_httpRequestForUnknownAccount_answers400ProblemNamingAccount() {
        JsonNode answer = invoke(httpEvent(Map.of("connection", "atoa-1", "account", "acc_nobody")));

        JsonNode problem = assertProblem(answer, 400, "account");
        assertThat(problem.path("detail").asText()).contains("acc_nobody");
    }

    @Test
    void handler_scheduleEventForUnknownConnection_failsOnEveryDelivery_soItsRetryCannotPassAsDuplicate() {
        ObjectNode event = RepoFiles.eventJson(eventPrefix + "-schedule.json");
        event.put("connection", "nordea-9");
        byte[] bytes = event.toString().getBytes(StandardCharsets.UTF_8);

        // Lambda retries a failed async invoke, then sends it to the dead-letter queue: both tries must fail.
        for (int delivery = 1; delivery <= 2; delivery++) {
            assertThatThrownBy(() -> invoke(bytes)).as("delivery %d", delivery)
                    .hasMessageContaining("nordea-9");
        }
        assertThat(harness.sandbox.requestCount()).isZero();
    }

    @Test
    void handler_httpRequestWithUnknownQueryParameter_answers400ProblemNamingIt() {
        JsonNode answer = invoke(httpEvent(Map.of("since", "2026-11-01")));

        assertProblem(answer, 400, "since");
        assertThat(harness.sandbox.requestCount()).isZero();
    }

    @Test
    void handler_httpGet_answers405ProblemAndRunsNothing() {
        ObjectNode event = httpEvent(Map.of());
        ((ObjectNode) event.path("requestContext").path("http")).put("method", "GET");
        event.put("routeKey", "GET " + event.path("rawPath").asText());

        JsonNode answer = invoke(event);

        assertProblem(answer, 405, "method");
        assertThat(harness.sandbox.requestCount()).isZero();
    }

    @Test
    void handler_httpRequestWhenTheTableIsUnreachable_answers500ProblemNamingOnlyTheRequestId() {
        harness.dropTable();

        JsonNode answer = invoke(RepoFiles.eventBytes(eventPrefix + "-http.json"));

        assertThat(answer.path("statusCode").asInt()).isEqualTo(500);
        assertThat(answer.path("headers").path("content-type").asText()).isEqualTo("application/problem+json");
        JsonNode problem = body(answer);
        assertThat(problem.path("status").asInt()).isEqualTo(500);
        assertThat(problem.path("detail").asText()).startsWith("see the function's logs for request ");
        assertThat(answer.path("body").asText()).doesNotContain("Exception", "dynamo", "\tat ", ".java:");
    }

    /** Invokes the handler as Lambda does: the event's bytes in, the answer's bytes out (parsed here). */
    protected JsonNode invoke(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, TestContext.of(eventPrefix));
            return BankJson.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected JsonNode invoke(JsonNode event) {
        try {
            return invoke(BankJson.mapper().writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** events/{@code <prefix>}-http.json with its query string replaced by {@code query}, both forms. */
    protected ObjectNode httpEvent(Map<String, String> query) {
        return withQuery(RepoFiles.eventJson(eventPrefix + "-http.json"), query);
    }

    /** Sets an HTTP API event's query as API Gateway does: rawQueryString and queryStringParameters. */
    protected static ObjectNode withQuery(ObjectNode event, Map<String, String> query) {
        event.put("rawQueryString", query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
        if (query.isEmpty()) {
            event.remove("queryStringParameters");
        } else {
            ObjectNode params = event.putObject("queryStringParameters");
            query.forEach(params::put);
        }
        return event;
    }

    /** The job result an HTTP answer carries as its body. */
    protected static JsonNode body(JsonNode answer) {
        try {
            return BankJson.mapper().readTree(answer.path("body").asText());
        } catch (IOException e) {
            throw new AssertionError("the body is not JSON: " + answer.path("body").asText(), e);
        }
    }

    /**
     * Checks an HTTP answer is an RFC 9457 problem with {@code status}, naming {@code field}, without any
     * trace of the code behind it; returns the problem.
     */
    protected static JsonNode assertProblem(JsonNode answer, int status, String field) {
        assertThat(answer.path("statusCode").asInt()).as("statusCode of %s", answer).isEqualTo(status);
        assertThat(answer.path("headers").path("content-type").asText()).isEqualTo("application/problem+json");
        JsonNode problem = body(answer);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("field").asText()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).contains("'" + field + "'");
        assertThat(answer.path("body").asText()).doesNotContain("Exception", "dev.bankfeed", "\tat ", ".java:");
        return problem;
    }

    /** The canonical ids of the sandbox's accounts, of one connection or (null) of all. */
    protected List<String> expectedAccountIds(String connectionId) {
        List<String> ids = new ArrayList<>();
        for (ExpectedAccount a : harness.sandbox.expected().accounts()) {
            if (connectionId == null || connectionId.equals(a.connectionId())) {
                ids.add(canonicalId(a));
            }
        }
        return ids;
    }

    protected static String canonicalId(ExpectedAccount a) {
        return Account.canonicalId(Provider.of(a.provider()), a.accountId());
    }

    /** The per-account outcomes of a job result, by account canonical id. */
    protected static Map<String, JsonNode> outcomes(JsonNode result) {
        Map<String, JsonNode> byAccount = new LinkedHashMap<>();
        result.path("accounts").forEach(o -> byAccount.put(o.path("accountId").asText(), o));
        return byAccount;
    }

    private static List<String> accountIds(JsonNode result) {
        return List.copyOf(outcomes(result).keySet());
    }

    private void assertCompletedOverEveryAccount(JsonNode result) {
        assertThat(result.path("job").asText()).isEqualTo(kind.id());
        assertThat(result.path("status").asText()).as("status of %s", result)
                .isEqualTo(JobResult.Status.COMPLETED.name());
        assertThat(result.path("runId").asText()).isNotBlank();
        assertThat(accountIds(result)).containsExactlyInAnyOrderElementsOf(expectedAccountIds(null));
        assertThat(result.path("accounts")).allSatisfy(o -> assertThat(o.path("status").asText()).isEqualTo("OK"));
    }

    private void assertFirstRunStoredForEveryAccount(JsonNode result) {
        Map<String, JsonNode> outcomes = outcomes(result);
        for (ExpectedAccount account : harness.sandbox.expected().accounts()) {
            String id = canonicalId(account);
            assertFirstRunStored(account, id, outcomes.get(id));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
