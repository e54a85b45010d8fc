package dev.bankfeed.provider.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.testing.Providers;
import dev.bankfeed.testing.WireMockProviderSupport;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HttpExecutorIT extends WireMockProviderSupport {

    private static final String PATH = "/things";

    private HttpExecutor executor() {
        ErrorDialect dialect = body -> ErrorDialect.text(body, "code");
        return new HttpExecutor(Providers.ATLAR, http(), settings, dialect, Redactor.of());
    }

    private ProviderResponse call(Deadline deadline) {
        URI uri = UriBuilder.on(baseUrl()).path(PATH).query("token", "page-token-7").build();
        return executor().execute(ProviderRequest.get(PATH, uri), deadline);
    }

    private void stubSequence(String scenario, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
        String state = STARTED;
        for (int i = 0; i < responses.length; i++) {
            String nextState = "step-" + (i + 1);
            var stub = get(urlPathEqualTo(PATH)).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(responses[i]);
            if (i < responses.length - 1) {
                stub = stub.willSetStateTo(nextState);
            }
            WM.stubFor(stub);
            state = nextState;
        }
    }

    /** A JSON body of exactly {@code size} bytes that quotes an account number, which must not be echoed. */
    private static String bodyOf(int size) {
        String head = "{\"iban\":\"GB29NWBK60161331926819\",\"pad\":\"";
        return head + "x".repeat(size - head.length() - 2) + "\"}";
    }

    @ParameterizedTest(name = "chunked: {0}")
    @CsvSource({"false", "true"})
    void execute_bodyOverTheLimit_isMalformedWithAFixedMessageAndNotRetried(boolean chunked) {
        settings = settings.withMaxBodyBytes(1024);
        var response = okJson(bodyOf(1025));
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(chunked ? response.withChunkedDribbleDelay(4, 40) : response));

        ProviderException e = failure(() -> call(minutes()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("body is larger than the 1024-byte limit").doesNotContain("GB29");
        assertThat(e.getCause()).isNull();
        assertThat(sleeper.waits()).isEmpty();
        WM.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void execute_bodyExactlyAtTheLimit_isRead() {
        settings = settings.withMaxBodyBytes(1024);
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(bodyOf(1024))));

        assertThat(call(minutes()).body().get("pad").asText()).startsWith("xxx");
    }

    @Test
    void execute_errorBodyOverTheLimit_isMalformedToo() {
        settings = settings.withMaxBodyBytes(1024);
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503).withBody(bodyOf(4096))));

        assertThat(failure(() -> call(minutes())).errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
        WM.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void execute_429WithRetryAfterSeconds_sleepsExactlyThatLongThenSucceeds() {
        stubSequence("ra", aResponse().withStatus(429).withHeader("Retry-After", "3"), okJson("{\"ok\":true}"));

        ProviderResponse r = call(minutes());

        assertThat(r.body().get("ok").asBoolean()).isTrue();
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3));
        WM.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void execute_429WithRetryAfterHttpDate_sleepsUntilThatDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(START.plusSeconds(7).atOffset(ZoneOffset.UTC));
        stubSequence("date", aResponse().withStatus(429).withHeader("Retry-After", date), okJson("{}"));

        call(minutes());

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void execute_500Then503ThenSuccess_retriesWithFullJitterBackoff() {
        stubSequence("5xx", aResponse().withStatus(500), aResponse().withStatus(503), okJson("{\"n\":1}"));

        ProviderResponse r = call(minutes());

        assertThat(r.body().get("n").asInt()).isEqualTo(1);
        // random fixed at 0.5: half of 500 ms, then half of 1000 ms
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"RANDOM_DATA_THEN_CLOSE", "MALFORMED_RESPONSE_CHUNK"})
    void execute_ioErrorThenSuccess_retriesAfterOneBackoff(Fault fault) {
        stubSequence("io", aResponse().withFault(fault), okJson("{\"n\":2}"));

        assertThat(call(minutes()).body().get("n").asInt()).isEqualTo(2);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void execute_connectionResetThenSuccess_succeeds() {
        // The JDK client may itself resend a GET whose pooled connection was reset; either way the call succeeds.
        stubSequence("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson("{\"n\":2}"));

        assertThat(call(minutes()).body().get("n").asInt()).isEqualTo(2);
        WM.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void execute_responseSlowerThanRequestTimeout_isRetriedAsTransient() {
        settings = settings.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));
        stubSequence("slow", okJson("{}").withFixedDelay(1500), okJson("{\"n\":3}"));

        assertThat(call(minutes()).body().get("n").asInt()).isEqualTo(3);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void execute_persistent503_givesUpAfterMaxAttemptsAsTransient() {
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));

        ProviderException e = failure(() -> call(minutes()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(e.httpStatus()).isEqualTo(503);
        WM.verify(4, getRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sleeper.waits()).hasSize(3);
    }

    @Test
    void execute_deadlineShorterThanRetryAfter_failsRateLimitedAtOnceWithoutSleeping() {
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        ProviderException e = failure(() -> call(deadline(Duration.ofSeconds(10))));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(sleeper.waits()).isEmpty();
        WM.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void execute_retryAfterLongerThanPolicyAllows_failsRateLimitedWithoutSleeping() {
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600")));

        ProviderException e = failure(() -> call(deadline(Duration.ofHours(1))));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(sleeper.waits()).isEmpty();
        // Passed on, so that the run holds the connection's other units back as long as the bank asked.
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(600));
    }

    @Test
    void execute_backoffLongerThanTimeLeft_failsTransientWithoutSleeping() {
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(502)));

        ProviderException e = failure(() -> call(deadline(Duration.ofMillis(200))));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void execute_expiredDeadline_failsTransientWithoutSendingAnything() {
        ProviderException e = failure(() -> call(deadline(Duration.ZERO)));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        WM.verify(0, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void execute_200WithHtmlBody_isMalformedAndNotRetried() {
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("<html>oops</html>")));

        ProviderException e = failure(() -> call(minutes()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).doesNotContain("oops");
        WM.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void execute_200WithEmptyBody_isMalformed() {
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));

        assertThat(classOf(() -> call(minutes()))).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"400, PERMANENT", "401, NEEDS_REAUTH", "403, PERMANENT", "404, PERMANENT", "409, PERMANENT",
            "302, PERMANENT", "408, TRANSIENT", "429, RATE_LIMITED", "500, TRANSIENT", "502, TRANSIENT",
            "503, TRANSIENT", "504, TRANSIENT"})
    void execute_errorStatus_isClassified(int status, ErrorClass expected) {
        settings = settings.withRetry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofSeconds(1)));
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)));

        ProviderException e = failure(() -> call(minutes()));

        assertThat(e.errorClass()).isEqualTo(expected);
        assertThat(e.httpStatus()).isEqualTo(status);
    }

    @Test
    void execute_error_carriesEndpointTemplateRequestIdAndCodeButNoQuery() {
        WM.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("request-id", "req-123").withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"bad_thing\",\"message\":\"nope\\nforged line\"}")));

        ProviderException e = failure(() -> call(minutes()));

        assertThat(e.provider()).isEqualTo(Providers.ATLAR);
        assertThat(e.endpoint()).isEqualTo("GET /things");
        assertThat(e.requestId()).isEqualTo("req-123");
        assertThat(e.providerCode()).isEqualTo("bad_thing");
        assertThat(e.getMessage()).contains("nope forged line").doesNotContain("page-token-7").doesNotContain("\n");
    }
}
