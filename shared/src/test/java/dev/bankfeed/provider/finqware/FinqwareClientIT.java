package dev.bankfeed.provider.finqware;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.testing.WireMockProviderSupport;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinqwareClientIT extends WireMockProviderSupport {

    private static final String ACCOUNTS = "/v2/ais/accounts/list";
    private static final String TXNS = "/v2/ais/transactions/list";
    private static final String JOB_CREATE = "/v2/ais/jobs/create";
    private static final String JOB_GET = "/v2/ais/jobs/get";
    private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String TEST_MODE = "\"client_id\":\"client-1\",\"client_secret\":\"cs-1\","
            + "\"consent_id\":\"consent-1\"";
    private static final String ACCOUNTS_BODY = "{\"api_client_app\":\"app\",\"client_id\":\"client-1\","
            + "\"request_id\":\"r1\",\"consent_id\":\"consent-1\",\"accounts\":[{\"id\":\"acc-1\",\"currency\":\"RON\","
            + "\"balances\":[{\"type\":\"available\",\"amount\":\"10.00\"}]},{\"id\":\"acc-2\",\"balances\":[]}]}";

    private ProviderClient testMode(boolean refresh) {
        return client(finqware("cs-1", null, refresh));
    }

    private static String txns(boolean more, String... keysets) {
        StringBuilder items = new StringBuilder();
        for (String k : keysets) {
            items.append(items.length() == 0 ? "" : ",").append("{\"id\":\"id-").append(k)
                    .append("\",\"utx_id\":\"u-").append(k).append("\",\"amount\":\"4.27\",\"keyset\":\"").append(k)
                    .append("\"}");
        }
        return "{\"request_id\":\"r\",\"transactions\":[" + items + "],\"pagination\":{\"more?\":" + more + "}}";
    }

    @Test
    void accountPages_testMode_postsClientSecretInTheBodyWithARequestId() {
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));

        List<JsonNode> pages = testMode(false).accountPages(minutes());

        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).get("accounts")).hasSize(2);
        WM.verify(1, postRequestedFor(urlEqualTo(ACCOUNTS))
                .withRequestBody(equalToJson("{" + TEST_MODE + "}"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("x-request-id", matching(UUID_RE))
                .withHeader("Authorization", absent()));
    }

    @Test
    void accountPages_oauthMode_sendsBearerAndNoClientSecret() {
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));

        client(finqware(null, "oauth-tok", false)).accountPages(minutes());

        WM.verify(1, postRequestedFor(urlEqualTo(ACCOUNTS))
                .withRequestBody(equalToJson("{\"client_id\":\"client-1\",\"consent_id\":\"consent-1\"}"))
                .withHeader("Authorization", equalTo("Bearer oauth-tok")));
    }

    @Test
    void latestBalances_isTheAccountsListNarrowedToThatAccount() {
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));

        JsonNode body = testMode(false).latestBalances("acc-1", minutes());

        assertThat(body.get("accounts")).hasSize(1);
        assertThat(body.get("accounts").get(0).get("id").asText()).isEqualTo("acc-1");
        assertThat(body.get("consent_id").asText()).isEqualTo("consent-1");
    }

    @Test
    void latestBalances_unknownAccount_isPermanent() {
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));

        assertThat(classOf(() -> testMode(false).latestBalances("acc-9", minutes()))).isEqualTo(ErrorClass.PERMANENT);
    }

    @Test
    void accountPages_refreshData_createsAJobAndPollsUntilCompletedBeforeListing() {
        WM.stubFor(post(urlEqualTo(JOB_CREATE)).willReturn(okJson("{\"job_id\":\"job-1\",\"status\":\"job_started\"}")));
        WM.stubFor(post(urlEqualTo(JOB_GET)).inScenario("job").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"job_id\":\"job-1\",\"status\":\"transactions_fetching\"}"))
                .willSetStateTo("done"));
        WM.stubFor(post(urlEqualTo(JOB_GET)).inScenario("job").whenScenarioStateIs("done")
                .willReturn(okJson("{\"job_id\":\"job-1\",\"status\":\"job_completed\"}")));
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));
        ProviderClient client = testMode(true);

        client.accountPages(minutes());
        client.accountPages(minutes()); // within the refresh interval: no second job

        WM.verify(1, postRequestedFor(urlEqualTo(JOB_CREATE)).withRequestBody(equalToJson("{" + TEST_MODE + "}")));
        WM.verify(2, postRequestedFor(urlEqualTo(JOB_GET))
                .withRequestBody(equalToJson("{" + TEST_MODE + ",\"job_id\":\"job-1\"}")));
        WM.verify(2, postRequestedFor(urlEqualTo(ACCOUNTS)));
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void accountPages_refreshInCooldown_listsTheDataAlreadyThere() {
        WM.stubFor(post(urlEqualTo(JOB_CREATE)).willReturn(aResponse().withStatus(400).withBody(
                "{\"error_id\":\"e1\",\"request_id\":\"rq-1\",\"code\":\"cooldown_failed\","
                        + "\"message\":\"Data refresh cooldown period not yet elapsed\"}")));
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));

        List<JsonNode> pages = testMode(true).accountPages(minutes());

        assertThat(pages.get(0).get("accounts")).hasSize(2);
        WM.verify(0, postRequestedFor(urlEqualTo(JOB_GET)));
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void accountPages_jobNeverFinishes_pollsBoundedThenLists() {
        settings = settings.withJobPolling(Duration.ofSeconds(1), 3, Duration.ofMinutes(15));
        WM.stubFor(post(urlEqualTo(JOB_CREATE)).willReturn(okJson("{\"job_id\":\"job-1\",\"status\":\"job_started\"}")));
        WM.stubFor(post(urlEqualTo(JOB_GET)).willReturn(okJson("{\"job_id\":\"job-1\",\"status\":\"accounts_ready\"}")));
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));

        testMode(true).accountPages(minutes());

        WM.verify(3, postRequestedFor(urlEqualTo(JOB_GET)));
        WM.verify(1, postRequestedFor(urlEqualTo(ACCOUNTS)));
    }

    @Test
    void accountPages_deadlineTooCloseToPoll_listsWithoutWaiting() {
        WM.stubFor(post(urlEqualTo(JOB_CREATE)).willReturn(okJson("{\"job_id\":\"job-1\",\"status\":\"job_started\"}")));
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(okJson(ACCOUNTS_BODY)));

        testMode(true).accountPages(deadline(Duration.ofMillis(1500)));

        assertThat(sleeper.waits()).isEmpty();
        WM.verify(0, postRequestedFor(urlEqualTo(JOB_GET)));
    }

    @Test
    void transactions_keysetWalk_passesTheLastKeysetAsAfterUntilMoreIsFalse() throws Exception {
        WM.stubFor(post(urlEqualTo(TXNS)).withRequestBody(equalToJson("{" + TEST_MODE
                + ",\"filter\":{\"account_id\":\"acc-1\",\"booking_date_from\":\"2025-01-01\"},"
                + "\"pagination\":{\"limit\":2}}")).willReturn(okJson(txns(true, "k1", "k2"))));
        WM.stubFor(post(urlEqualTo(TXNS)).withRequestBody(equalToJson("{" + TEST_MODE
                + ",\"filter\":{\"account_id\":\"acc-1\",\"booking_date_from\":\"2025-01-01\"},"
                + "\"pagination\":{\"after\":\"k2\",\"limit\":2}}")).willReturn(okJson(txns(false, "k3"))));

        TransactionWalk walk = testMode(false).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 1, 1), null, 2), minutes());
        TransactionPage first = walk.next().orElseThrow();
        TransactionPage second = walk.next().orElseThrow();

        assertThat(BankJson.mapper().readTree(first.resumeState()))
                .isEqualTo(BankJson.mapper().readTree("{\"from\":\"2025-01-01\",\"after\":\"k2\"}"));
        assertThat(first.last()).isFalse();
        assertThat(second.last()).isTrue();
        assertThat(second.resumeState()).isNull();
        assertThat(walk.next()).isEmpty();
        WM.verify(2, postRequestedFor(urlEqualTo(TXNS)).withHeader("x-request-id", matching(UUID_RE)));
    }

    @Test
    void transactions_resumeState_continuesAfterTheSavedKeysetWithTheSavedFrom() {
        WM.stubFor(post(urlEqualTo(TXNS)).withRequestBody(equalToJson("{" + TEST_MODE
                + ",\"filter\":{\"account_id\":\"acc-1\",\"booking_date_from\":\"2024-12-01\"},"
                + "\"pagination\":{\"after\":\"k9\",\"limit\":2}}")).willReturn(okJson(txns(false, "k10"))));

        TransactionPage page = testMode(true).transactions("acc-1", new WalkRequest(LocalDate.of(2025, 1, 1),
                "{\"from\":\"2024-12-01\",\"after\":\"k9\"}", 2), minutes()).next().orElseThrow();

        assertThat(page.body().get("transactions").get(0).get("keyset").asText()).isEqualTo("k10");
        WM.verify(0, postRequestedFor(urlEqualTo(JOB_CREATE))); // a resumed keyset walk is not refreshed under
    }

    @Test
    void transactions_moreWithoutKeyset_isMalformed() {
        WM.stubFor(post(urlEqualTo(TXNS)).willReturn(okJson(
                "{\"transactions\":[{\"id\":\"x\"}],\"pagination\":{\"more?\":true}}")));

        assertThat(classOf(() -> testMode(false).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 1, 1), null, 2), minutes()).next()))
                .isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @Test
    void transactions_missingMoreFlag_isMalformed() {
        WM.stubFor(post(urlEqualTo(TXNS)).willReturn(okJson("{\"transactions\":[],\"pagination\":{}}")));

        assertThat(classOf(() -> testMode(false).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 1, 1), null, 2), minutes()).next()))
                .isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"400, consent_not_active, NEEDS_REAUTH", "404, consent_not_found, NEEDS_REAUTH",
            "401, unauthorized, NEEDS_REAUTH", "400, validation_error, PERMANENT", "404, not_found, PERMANENT",
            "400, cooldown_failed, RATE_LIMITED"})
    void accountPages_errorCodes_areClassifiedWithTheBodyRequestId(int status, String code, ErrorClass expected) {
        WM.stubFor(post(urlEqualTo(ACCOUNTS)).willReturn(aResponse().withStatus(status).withBody(
                "{\"error_id\":\"e1\",\"request_id\":\"fq-req-5\",\"code\":\"" + code + "\",\"message\":\"m\"}")));

        ProviderException e = failure(() -> testMode(false).accountPages(minutes()));

        assertThat(e.errorClass()).isEqualTo(expected);
        assertThat(e.providerCode()).isEqualTo(code);
        assertThat(e.requestId()).isEqualTo("fq-req-5");
        assertThat(e.endpoint()).isEqualTo("POST /v2/ais/accounts/list");
    }

    @Test
    void accountPages_consentNotActiveDuringRefresh_isNeedsReauth() {
        WM.stubFor(post(urlEqualTo(JOB_CREATE)).willReturn(aResponse().withStatus(400).withBody(
                "{\"error_id\":\"e1\",\"request_id\":\"rq\",\"code\":\"consent_not_active\",\"message\":\"m\"}")));

        assertThat(classOf(() -> testMode(true).accountPages(minutes()))).isEqualTo(ErrorClass.NEEDS_REAUTH);
    }
}
