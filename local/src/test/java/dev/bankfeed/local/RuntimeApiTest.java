package dev.bankfeed.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local Runtime API, spoken to as the runtime interface client speaks to it. */
class RuntimeApiTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:EchoFunction";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private RuntimeApi api;

    @BeforeEach
    void start() throws IOException {
        api = RuntimeApi.start(ARN, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void next_handsOutTheEventWithLambdasHeadersIncludingTheTraceId() throws Exception {
        RuntimeApi.Invocation invocation = api.submit("{\"a\":1}".getBytes(UTF_8), Duration.ofSeconds(3));

        HttpResponse<String> next = get(RuntimeApi.NEXT);

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"a\":1}");
        assertThat(next.headers().firstValue(RuntimeApi.REQUEST_ID)).contains(invocation.requestId);
        assertThat(next.headers().firstValue(RuntimeApi.DEADLINE_MS))
                .contains(Long.toString(NOW.toEpochMilli() + 3000));
        assertThat(next.headers().firstValue(RuntimeApi.FUNCTION_ARN)).contains(ARN);
        assertThat(next.headers().firstValue(RuntimeApi.TRACE_ID)).hasValueSatisfying(trace -> assertThat(trace)
                .matches("Root=1-" + Long.toHexString(NOW.getEpochSecond()) + "-[0-9a-f]{24};Parent=[0-9a-f]{16};"
                        + "Sampled=0"));
        assertThat(invocation.taken).isCompletedWithValue(NOW.toEpochMilli() + 3000);
        assertThat(invocation.result).isNotDone();
    }

    @Test
    void response_completesTheInvocationWithTheBodyAsPosted() throws Exception {
        RuntimeApi.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3));
        get(RuntimeApi.NEXT);

        HttpResponse<String> posted = post(RuntimeApi.INVOCATION + invocation.requestId + "/response", null,
                "\"done\"");

        assertThat(posted.statusCode()).isEqualTo(202);
        RuntimeApi.Result result = invocation.result.get(5, TimeUnit.SECONDS);
        assertThat(result.error()).isFalse();
        assertThat(result.bodyText()).isEqualTo("\"done\"");
    }

    @Test
    void error_completesTheInvocationWithTheRuntimesErrorTypeAndBody() throws Exception {
        RuntimeApi.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3));
        get(RuntimeApi.NEXT);
        String body = "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[]}";

        HttpResponse<String> posted = post(RuntimeApi.INVOCATION + invocation.requestId + "/error",
                "Runtime.UserException", body);

        assertThat(posted.statusCode()).isEqualTo(202);
        RuntimeApi.Result result = invocation.result.get(5, TimeUnit.SECONDS);
        assertThat(result.error()).isTrue();
        assertThat(result.errorType()).isEqualTo("Runtime.UserException");
        assertThat(result.bodyText()).isEqualTo(body);
    }

    @Test
    void initError_beforeTheRuntimeTookTheEvent_isThatInvocationsAnswer() throws Exception {
        RuntimeApi.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3));

        HttpResponse<String> posted = post(RuntimeApi.INIT_ERROR, "Runtime.BadFunctionCode",
                "{\"errorMessage\":\"Error loading class x\",\"errorType\":\"java.lang.Error\"}");

        assertThat(posted.statusCode()).isEqualTo(202);
        RuntimeApi.Result result = invocation.result.get(5, TimeUnit.SECONDS);
        assertThat(result.errorType()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(result.bodyText()).contains("Error loading class x");
    }

    @Test
    void response_forAnUnknownRequestId_isRefused() throws Exception {
        HttpResponse<String> posted = post(RuntimeApi.INVOCATION + "nope/response", null, "{}");

        assertThat(posted.statusCode()).isEqualTo(400);
    }

    @Test
    void platformError_hasLambdasShapeWithTheRequestId() throws Exception {
        RuntimeApi.Result timeout = RuntimeApi.Result.platformError("req-1", "Sandbox.Timedout",
                "Task timed out after 1.00 seconds");

        JsonNode body = BankJson.mapper().readTree(timeout.body());
        assertThat(body.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(body.path("errorMessage").asText()).isEqualTo("RequestId: req-1 Error: Task timed out after 1.00 "
                + "seconds");
    }

    @Test
    void awaitIdle_isTrueOnceTheRuntimeAsksForItsNextEvent() throws Exception {
        assertThat(api.awaitIdle(Duration.ofMillis(50))).isFalse();

        var pending = HTTP.sendAsync(request(RuntimeApi.NEXT).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(api.awaitIdle(Duration.ofSeconds(10))).isTrue();
        pending.cancel(true);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String errorType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            b.header(RuntimeApi.ERROR_TYPE, errorType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + api.address() + path)).timeout(Duration.ofSeconds(10));
    }
}
