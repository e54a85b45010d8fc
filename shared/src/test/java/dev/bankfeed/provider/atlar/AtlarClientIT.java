package dev.bankfeed.provider.atlar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.testing.WireMockProviderSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AtlarClientIT extends WireMockProviderSupport {

    private static final String TOKEN = "/iam/v2beta/oauth2/token";
    private static final String ACCOUNTS = "/financial-data/v2/accounts";
    private static final String TXNS = "/financial-data/v2/transactions";
    private static final String PENDING = "/financial-data/v2/pending-transactions";
    private static final String BASIC = "Basic "
            + Base64.getEncoder().encodeToString("ak-1:sec-1".getBytes(StandardCharsets.UTF_8));

    private ProviderClient client;

    @BeforeEach
    void setUp() {
        client = client(atlar("ak-1", "sec-1"));
    }

    private static String token(String value, int expiresIn) {
        return "{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}";
    }

    private void stubToken(String value) {
        WM.stubFor(post(urlEqualTo(TOKEN)).willReturn(okJson(token(value, 300))));
    }

    private static String page(String nextToken, String... itemJson) {
        return "{\"items\":[" + String.join(",", itemJson) + "],\"nextToken\":\"" + nextToken + "\",\"limit\":100}";
    }

    private static String txn(String id, String date) {
        return "{\"id\":\"" + id + "\",\"date\":\"" + date + "\",\"amount\":{\"currency\":\"EUR\",\"value\":-1250,"
                + "\"stringValue\":\"-12.50\"}}";
    }

    @Test
    void accountPages_tokenCall_hasTheExactOAuthShape() {
        stubToken("tok-1");
        WM.stubFor(get(urlPathEqualTo(ACCOUNTS)).willReturn(okJson(page(""))));

        client.accountPages(minutes());

        WM.verify(1, postRequestedFor(urlEqualTo(TOKEN))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials")));
    }

    @Test
    void accountPages_shortNonFinalPagesThenEmptyNextToken_walksEveryPage() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(ACCOUNTS + "?limit=100")).willReturn(okJson(page("t2", "{\"id\":\"a1\"}"))));
        WM.stubFor(get(urlEqualTo(ACCOUNTS + "?limit=100&token=t2")).willReturn(okJson(page("t3"))));
        WM.stubFor(get(urlEqualTo(ACCOUNTS + "?limit=100&token=t3"))
                .willReturn(okJson(page("", "{\"id\":\"a2\"}", "{\"id\":\"a3\"}"))));

        List<JsonNode> pages = client.accountPages(minutes());

        assertThat(pages).hasSize(3);
        assertThat(pages.get(2).get("items")).hasSize(2);
        WM.verify(3, getRequestedFor(urlPathEqualTo(ACCOUNTS))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .withHeader("Accept", equalTo("application/json")));
        WM.verify(1, postRequestedFor(urlEqualTo(TOKEN)));
    }

    @Test
    void accountPages_bodyWithoutNextToken_isMalformed() {
        stubToken("tok-1");
        WM.stubFor(get(urlPathEqualTo(ACCOUNTS)).willReturn(okJson("{\"items\":[]}")));

        assertThat(classOf(() -> client.accountPages(minutes()))).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @Test
    void accountPages_nextTokenRepeatingItsOwnPage_isMalformedNotAnEndlessLoop() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(ACCOUNTS + "?limit=100")).willReturn(okJson(page("t2"))));
        WM.stubFor(get(urlEqualTo(ACCOUNTS + "?limit=100&token=t2")).willReturn(okJson(page("t2"))));

        assertThat(classOf(() -> client.accountPages(minutes()))).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @Test
    void token_cachedUntil60SecondsBeforeExpiry_thenRenewed() {
        WM.stubFor(post(urlEqualTo(TOKEN)).inScenario("tok").whenScenarioStateIs(STARTED)
                .willReturn(okJson(token("tok-1", 300))).willSetStateTo("second"));
        WM.stubFor(post(urlEqualTo(TOKEN)).inScenario("tok").whenScenarioStateIs("second")
                .willReturn(okJson(token("tok-2", 300))));
        WM.stubFor(get(urlPathEqualTo(ACCOUNTS)).willReturn(okJson(page(""))));

        client.accountPages(minutes());
        clock.advance(Duration.ofSeconds(239));
        client.accountPages(minutes());
        WM.verify(1, postRequestedFor(urlEqualTo(TOKEN)));

        clock.advance(Duration.ofSeconds(2)); // 241 s: less than 60 s of the 300 s left
        client.accountPages(minutes());

        WM.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
        WM.verify(2, getRequestedFor(urlPathEqualTo(ACCOUNTS)).withHeader("Authorization", equalTo("Bearer tok-1")));
        WM.verify(1, getRequestedFor(urlPathEqualTo(ACCOUNTS)).withHeader("Authorization", equalTo("Bearer tok-2")));
    }

    @Test
    void get_401WithCachedToken_renewsOnceAndRetries() {
        WM.stubFor(post(urlEqualTo(TOKEN)).inScenario("tok").whenScenarioStateIs(STARTED)
                .willReturn(okJson(token("tok-1", 300))).willSetStateTo("second"));
        WM.stubFor(post(urlEqualTo(TOKEN)).inScenario("tok").whenScenarioStateIs("second")
                .willReturn(okJson(token("tok-2", 300))));
        WM.stubFor(get(urlPathEqualTo(ACCOUNTS)).withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withStatus(401)
                        .withBody("{\"status\":401,\"message\":\"token expired\"}")));
        WM.stubFor(get(urlPathEqualTo(ACCOUNTS)).withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(okJson(page("", "{\"id\":\"a1\"}"))));

        List<JsonNode> pages = client.accountPages(minutes());

        assertThat(pages.get(0).get("items")).hasSize(1);
        WM.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
        WM.verify(2, getRequestedFor(urlPathEqualTo(ACCOUNTS)));
    }

    @Test
    void get_second401WithFreshToken_isNeedsReauth() {
        stubToken("tok-1");
        WM.stubFor(get(urlPathEqualTo(ACCOUNTS)).willReturn(aResponse().withStatus(401).withHeader("request-id", "r-9")
                .withBody("{\"status\":401,\"message\":\"No bearer token found in authorization header\"}")));

        ProviderException e = failure(() -> client.accountPages(minutes()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.endpoint()).isEqualTo("GET /financial-data/v2/accounts");
        assertThat(e.requestId()).isEqualTo("r-9");
        WM.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
        WM.verify(2, getRequestedFor(urlPathEqualTo(ACCOUNTS)));
    }

    @Test
    void token_refusedCredentials_isNeedsReauth() {
        WM.stubFor(post(urlEqualTo(TOKEN)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\"}")));

        ProviderException e = failure(() -> client.accountPages(minutes()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
        assertThat(e.endpoint()).isEqualTo("POST /iam/v2beta/oauth2/token");
    }

    @Test
    void token_responseWithoutAccessToken_isMalformed() {
        WM.stubFor(post(urlEqualTo(TOKEN)).willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":300}")));

        assertThat(classOf(() -> client.accountPages(minutes()))).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @Test
    void latestBalances_severalPages_areMergedIntoOneBody() {
        stubToken("tok-1");
        String path = ACCOUNTS + "/acc%201/balances";
        WM.stubFor(get(urlEqualTo(path + "?mostRecent=true&limit=100"))
                .willReturn(okJson(page("b2", "{\"id\":\"x1\",\"type\":\"BOOKED\"}"))));
        WM.stubFor(get(urlEqualTo(path + "?mostRecent=true&limit=100&token=b2"))
                .willReturn(okJson(page("", "{\"id\":\"x2\",\"type\":\"AVAILABLE\"}"))));

        JsonNode body = client.latestBalances("acc 1", minutes());

        assertThat(body.get("items")).extracting(n -> n.get("id").asText()).containsExactly("x1", "x2");
        assertThat(body.get("nextToken").asText()).isEmpty();
    }

    @Test
    void transactions_pageReachingBeforeFrom_endsTheBookedListEvenWithANextToken_thenReadsThePendingList() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(TXNS + "?accountId=acc-1&limit=2"))
                .willReturn(okJson(page("n2", txn("t1", "2025-03-03"), txn("t2", "2025-03-01")))));
        WM.stubFor(get(urlEqualTo(TXNS + "?accountId=acc-1&limit=2&token=n2"))
                .willReturn(okJson(page("n3", txn("t3", "2025-02-28"), txn("t4", "2025-02-27")))));
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2")).willReturn(okJson(page(""))));

        TransactionWalk walk = client.transactions("acc-1", new WalkRequest(LocalDate.of(2025, 3, 1), null, 2),
                minutes());
        TransactionPage first = walk.next().orElseThrow();
        TransactionPage second = walk.next().orElseThrow();
        TransactionPage third = walk.next().orElseThrow();

        assertThat(first.last()).isFalse();
        assertThat(first.resumeState()).isEqualTo("{\"token\":\"n2\"}");
        assertThat(first.pageIndex()).isZero();
        assertThat(second.last()).isFalse();
        assertThat(second.resumeState()).isEqualTo("{\"pendingToken\":\"\"}");
        assertThat(second.body().has("bankfeedListedAs")).isFalse();
        assertThat(third.last()).isTrue();
        assertThat(third.resumeState()).isNull();
        assertThat(third.pageIndex()).isEqualTo(2);
        assertThat(third.body().get("bankfeedListedAs").asText()).isEqualTo("PENDING");
        assertThat(walk.next()).isEmpty();
        WM.verify(2, getRequestedFor(urlPathEqualTo(TXNS)));
        WM.verify(1, getRequestedFor(urlPathEqualTo(PENDING)).withQueryParam("token", absent())
                .withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void transactions_shortAndEmptyNonFinalPages_continueUntilEmptyNextToken() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(TXNS + "?accountId=acc-1&limit=500"))
                .willReturn(okJson(page("n2", txn("t1", "2025-03-03")))));
        WM.stubFor(get(urlEqualTo(TXNS + "?accountId=acc-1&limit=500&token=n2")).willReturn(okJson(page("n3"))));
        WM.stubFor(get(urlEqualTo(TXNS + "?accountId=acc-1&limit=500&token=n3"))
                .willReturn(okJson(page("", txn("t2", "2025-03-02")))));
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=500")).willReturn(okJson(page(""))));

        List<TransactionPage> pages = drain(client.transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 1, 1), null, 5000), minutes()));

        assertThat(pages).hasSize(4);
        assertThat(pages).extracting(TransactionPage::last).containsExactly(false, false, false, true);
    }

    @Test
    void transactions_pendingList_pagedByItsOwnTokens_toAnEmptyNextToken_whateverItsDates() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(TXNS + "?accountId=acc-1&limit=2")).willReturn(okJson(page(""))));
        // Short, empty and old pages do not end the pending list: its order is not documented.
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2"))
                .willReturn(okJson(page("p2", txn("p1", "2020-01-01")))));
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2&token=p2")).willReturn(okJson(page("p3"))));
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2&token=p3"))
                .willReturn(okJson(page("", txn("p4", "2025-03-09"), txn("p5", "2025-03-08")))));

        List<TransactionPage> pages = drain(client.transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes()));

        assertThat(pages).extracting(TransactionPage::resumeState).containsExactly("{\"pendingToken\":\"\"}",
                "{\"pendingToken\":\"p2\"}", "{\"pendingToken\":\"p3\"}", null);
        assertThat(pages).extracting(TransactionPage::last).containsExactly(false, false, false, true);
        assertThat(pages.subList(1, 4)).allSatisfy(p ->
                assertThat(p.body().get("bankfeedListedAs").asText()).isEqualTo("PENDING"));
        // The items are handed on exactly as Atlar sent them (their raw JSON is stored).
        assertThat(pages.get(3).body().get("items").get(0).toString()).isEqualTo(txn("p4", "2025-03-09"));
        assertThat(pages.get(3).body().get("nextToken").asText()).isEmpty();
    }

    @Test
    void transactions_resumeState_continuesFromTheSavedToken_thenThePendingList() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(TXNS + "?accountId=acc-1&limit=2&token=n2"))
                .willReturn(okJson(page("", txn("t3", "2025-03-02")))));
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2")).willReturn(okJson(page(""))));

        TransactionWalk walk = client.transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), "{\"token\":\"n2\"}", 2), minutes());

        TransactionPage page = walk.next().orElseThrow();
        assertThat(page.body().get("items").get(0).get("id").asText()).isEqualTo("t3");
        assertThat(page.last()).isFalse();
        assertThat(walk.next().orElseThrow().last()).isTrue();
        WM.verify(1, getRequestedFor(urlPathEqualTo(TXNS)));
        WM.verify(1, getRequestedFor(urlPathEqualTo(PENDING)));
    }

    @Test
    void transactions_resumeStateInThePendingList_readsOnlyThePendingList() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2&token=p2"))
                .willReturn(okJson(page("", txn("p3", "2025-03-02")))));
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2"))
                .willReturn(okJson(page("", txn("p1", "2025-03-03")))));

        List<TransactionPage> resumed = drain(client.transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), "{\"pendingToken\":\"p2\"}", 2), minutes()));
        List<TransactionPage> atItsStart = drain(client.transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), "{\"pendingToken\":\"\"}", 2), minutes()));

        assertThat(resumed).hasSize(1);
        assertThat(resumed.get(0).body().get("items").get(0).get("id").asText()).isEqualTo("p3");
        assertThat(resumed.get(0).last()).isTrue();
        assertThat(atItsStart).hasSize(1);
        assertThat(atItsStart.get(0).body().get("items").get(0).get("id").asText()).isEqualTo("p1");
        WM.verify(0, getRequestedFor(urlPathEqualTo(TXNS)));
    }

    @Test
    void transactions_pendingTokenTheProviderRefuses_isAPermanent400_forTheJobToRestartTheWalk() {
        stubToken("tok-1");
        WM.stubFor(get(urlEqualTo(PENDING + "?accountId=acc-1&limit=2&token=stale")).willReturn(aResponse()
                .withStatus(400).withBody("{\"status\":400,\"message\":\"invalid pagination token\"}")));

        TransactionWalk walk = client.transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), "{\"pendingToken\":\"stale\"}", 2), minutes());

        assertThatThrownBy(walk::next).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.PERMANENT);
            assertThat(e.httpStatus()).isEqualTo(400);
        });
    }

    @Test
    void transactions_foreignResumeState_isRejected() {
        for (String foreign : List.of("{\"page\":3}", "{\"token\":\"\"}", "not json", "[]")) {
            assertThatThrownBy(() -> client.transactions("acc-1",
                    new WalkRequest(LocalDate.of(2025, 3, 1), foreign, 2), minutes()))
                    .as(foreign).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<TransactionPage> drain(TransactionWalk walk) {
        List<TransactionPage> pages = new ArrayList<>();
        for (var p = walk.next(); p.isPresent(); p = walk.next()) {
            pages.add(p.get());
        }
        return pages;
    }

    @Test
    void accountPages_firstPage_sendsNoTokenParameter() {
        stubToken("tok-1");
        WM.stubFor(get(urlPathEqualTo(ACCOUNTS)).willReturn(okJson(page(""))));

        client.accountPages(minutes());

        WM.verify(getRequestedFor(urlPathEqualTo(ACCOUNTS)).withQueryParam("token", absent())
                .withQueryParam("limit", equalTo("100")));
    }
}
