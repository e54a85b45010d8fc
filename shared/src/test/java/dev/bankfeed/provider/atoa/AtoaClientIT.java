package dev.bankfeed.provider.atoa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AtoaClientIT extends WireMockProviderSupport {

    private static final String KEY = "sk_test_atoa";
    // The window fixed at the walk's start: from = WalkRequest.from at London midnight (GMT in March), before = the test clock's now.
    private static final String WINDOW = "from=2025-03-01T00%3A00%3A00Z&before=2025-03-04T10%3A15%3A30Z";

    private ProviderClient client(List<String> accountIds) {
        return client(atoa(KEY, "auth-1", accountIds));
    }

    private static String txPath(String account) {
        return "/api/bank/accounts/" + account + "/transactions";
    }

    private static String txPage(int totalCount, String... ids) {
        return txPage(totalCount, ",\"page\":0,\"itemsPerPage\":2", List.of(ids));
    }

    /** A page body; {@code paging} is the text after totalCount ("" when the server reports nothing more). */
    private static String txPage(int totalCount, String paging, List<String> ids) {
        StringBuilder data = new StringBuilder();
        for (String id : ids) {
            data.append(data.length() == 0 ? "" : ",").append("{\"id\":\"").append(id)
                    .append("\",\"type\":\"DEBIT\",\"amount\":89.99,\"currency\":\"GBP\"}");
        }
        return "{\"data\":[" + data + "],\"totalCount\":" + totalCount + paging + "}";
    }

    private static String pageUrl(String account, int page) {
        return pageUrl(account, page, 2);
    }

    private static String pageUrl(String account, int page, int itemsPerPage) {
        return txPath(account) + "?" + WINDOW + "&page=" + page + "&itemsPerPage=" + itemsPerPage;
    }

    /** Rows {@code t<from>} to {@code t<to - 1>} of the window. */
    private static List<String> rows(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "t" + i).toList();
    }

    /** Every row id of a walk, in order. */
    private static List<String> walkAll(TransactionWalk walk) {
        List<String> ids = new ArrayList<>();
        for (Optional<TransactionPage> p = walk.next(); p.isPresent(); p = walk.next()) {
            p.get().body().get("data").forEach(row -> ids.add(row.get("id").asText()));
        }
        return ids;
    }

    @Test
    void accountPages_itemsWithoutIds_areResolvedThroughAccountDetails() {
        WM.stubFor(get(urlEqualTo("/api/bank/auth-1/accounts")).willReturn(okJson(
                "[{\"bankName\":\"mock\",\"accountNumber\":\"12345678\",\"sortCode\":\"040004\"}]")));
        WM.stubFor(get(urlEqualTo("/api/bank/accounts/acc-1")).willReturn(okJson(
                "{\"accountId\":\"acc-1\",\"bankName\":\"mock\",\"accountNumber\":\"12345678\",\"sortCode\":\"040004\"}")));
        WM.stubFor(get(urlEqualTo("/api/bank/accounts/acc-2")).willReturn(okJson(
                "{\"accountId\":\"acc-2\",\"bankName\":\"mock\",\"accountNumber\":\"87654321\",\"sortCode\":\"040004\"}")));

        List<JsonNode> pages = client(List.of("acc-1", "acc-2")).accountPages(minutes());

        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).isArray()).isTrue();
        assertThat(pages.get(0)).extracting(n -> n.get("accountId").asText()).containsExactly("acc-1", "acc-2");
        WM.verify(getRequestedFor(urlEqualTo("/api/bank/auth-1/accounts"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void accountPages_listedIdsAreKept_andOnlyMissingConfiguredIdsFetched() {
        WM.stubFor(get(urlEqualTo("/api/bank/auth-1/accounts")).willReturn(okJson(
                "[{\"accountId\":\"acc-1\",\"bankName\":\"mock\"}]")));
        WM.stubFor(get(urlEqualTo("/api/bank/accounts/acc-2")).willReturn(okJson(
                "{\"accountId\":\"acc-2\",\"bankName\":\"mock\"}")));

        List<JsonNode> pages = client(List.of("acc-1", "acc-2")).accountPages(minutes());

        assertThat(pages.get(0)).extracting(n -> n.get("accountId").asText()).containsExactly("acc-1", "acc-2");
        WM.verify(0, getRequestedFor(urlEqualTo("/api/bank/accounts/acc-1")));
    }

    @Test
    void accountPages_listNotAnArray_isMalformed() {
        WM.stubFor(get(urlEqualTo("/api/bank/auth-1/accounts")).willReturn(okJson("{\"accounts\":[]}")));

        assertThat(classOf(() -> client(List.of()).accountPages(minutes())))
                .isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @Test
    void latestBalances_getsTheBalanceOfThatAccount() {
        WM.stubFor(get(urlEqualTo("/api/bank/accounts/acc-1/balance"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson("{\"balance\":100.45,\"currency\":\"GBP\"}")));

        JsonNode body = client(List.of()).latestBalances("acc-1", minutes());

        assertThat(body.get("balance").decimalValue()).isEqualByComparingTo("100.45");
        assertThat(body.get("balance").isBigDecimal()).isTrue();
    }

    @Test
    void latestBalances_404ConsentNotFound_isNeedsReauthWithCodeAndRequestId() {
        WM.stubFor(get(urlEqualTo("/api/bank/accounts/acc-1/balance")).willReturn(aResponse().withStatus(404)
                .withHeader("x-request-id", "atoa-req-7")
                .withBody("{\"message\":\"Consent not found\",\"errorCode\":\"CONSENT_NOT_FOUND\"}")));

        ProviderException e = failure(() -> client(List.of()).latestBalances("acc-1", minutes()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
        assertThat(e.providerCode()).isEqualTo("CONSENT_NOT_FOUND");
        assertThat(e.requestId()).isEqualTo("atoa-req-7");
        assertThat(e.endpoint()).isEqualTo("GET /api/bank/accounts/{accountId}/balance");
    }

    @Test
    void latestBalances_other404_isPermanent() {
        WM.stubFor(get(urlEqualTo("/api/bank/accounts/acc-1/balance")).willReturn(aResponse().withStatus(404)
                .withBody("{\"message\":\"Not Found\"}")));

        assertThat(classOf(() -> client(List.of()).latestBalances("acc-1", minutes())))
                .isEqualTo(ErrorClass.PERMANENT);
    }

    @Test
    void transactions_fixedWindowOffsetPages_endWhenTotalCountIsCovered() throws Exception {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).willReturn(okJson(txPage(3, "t1", "t2"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 1))).willReturn(okJson(txPage(3, "t3"))));

        TransactionWalk walk = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes());
        TransactionPage first = walk.next().orElseThrow();
        clock.advance(Duration.ofMinutes(1)); // the window must not move with the clock
        TransactionPage second = walk.next().orElseThrow();

        assertThat(first.last()).isFalse();
        assertThat(BankJson.mapper().readTree(first.resumeState())).isEqualTo(BankJson.mapper().readTree(
                "{\"from\":\"2025-03-01T00:00:00Z\",\"before\":\"2025-03-04T10:15:30Z\",\"page\":1,\"totalCount\":3,"
                        + "\"itemsPerPage\":2,\"offset\":2,\"lastId\":\"t2\"}"));
        assertThat(second.last()).isTrue();
        assertThat(second.resumeState()).isNull();
        assertThat(walk.next()).isEmpty();
        WM.verify(2, getRequestedFor(urlPathEqualTo(txPath("acc-1")))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    /** Atoa books by London date: 1 July starts at 00:00 BST, which is 23:00Z the day before; in winter it is 00:00Z. */
    @ParameterizedTest(name = "{0} starts at {1}")
    @CsvSource({"2024-07-01,2024-06-30T23:00:00Z", "2025-01-15,2025-01-15T00:00:00Z",
            "2024-10-27,2024-10-26T23:00:00Z", "2025-03-30,2025-03-30T00:00:00Z"})
    void transactions_fromDate_startsTheWindowAtThatDatesLondonMidnight(LocalDate from, String expected) {
        WM.stubFor(get(urlPathEqualTo(txPath("acc-1"))).willReturn(okJson(txPage(0))));

        client(List.of()).transactions("acc-1", new WalkRequest(from, null, 2), minutes()).next().orElseThrow();

        WM.verify(1, getRequestedFor(urlPathEqualTo(txPath("acc-1"))).withQueryParam("from", equalTo(expected)));
    }

    @Test
    void transactions_emptyPage_endsTheWalk() {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).willReturn(okJson(txPage(9))));

        TransactionPage page = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes()).next().orElseThrow();

        assertThat(page.last()).isTrue();
    }

    @Test
    void transactions_resumeState_reusesTheSavedWindowAndPage() {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 1))).willReturn(okJson(txPage(3, "t3"))));
        clock.advance(Duration.ofDays(2));

        TransactionWalk walk = client(List.of()).transactions("acc-1", new WalkRequest(LocalDate.of(2025, 3, 3),
                "{\"from\":\"2025-03-01T00:00:00Z\",\"before\":\"2025-03-04T10:15:30Z\",\"page\":1,\"totalCount\":3}",
                2), minutes());
        TransactionPage page = walk.next().orElseThrow();

        assertThat(page.body().get("data").get(0).get("id").asText()).isEqualTo("t3");
        assertThat(page.last()).isTrue();
        assertThat(page.restarted()).isFalse();
    }

    /**
     * Atoa's page-size maximum is undocumented: a server that serves 100 rows when 200 are asked for, whatever
     * it echoes as itemsPerPage. The walk then asks for 100, so its pages are numbered as they are served.
     */
    @ParameterizedTest(name = "itemsPerPage echoed: {0}")
    @ValueSource(strings = {"", ",\"itemsPerPage\":100", ",\"itemsPerPage\":200"})
    void transactions_serverServesFewerRowsPerPageThanAsked_walksEveryRowAskingForWhatItServes(String paging) {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0, 200))).willReturn(okJson(txPage(250, paging, rows(0, 100)))));
        for (int page = 1; page < 3; page++) {
            WM.stubFor(get(urlEqualTo(pageUrl("acc-1", page, 100))).willReturn(okJson(
                    txPage(250, paging, rows(page * 100, Math.min(250, page * 100 + 100))))));
        }

        List<String> ids = walkAll(client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 200), minutes()));

        assertThat(ids).containsExactlyElementsOf(rows(0, 250));
        WM.verify(3, getRequestedFor(urlPathEqualTo(txPath("acc-1"))));
    }

    /** Stubs page {@code page} (2 rows asked) before and after the data moved. */
    private static void stubMoving(int page, String before, String after) {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", page))).inScenario("moving").whenScenarioStateIs(STARTED)
                .willReturn(okJson(before)).willSetStateTo(page == 0 ? STARTED : "moved"));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", page))).inScenario("moving").whenScenarioStateIs("moved")
                .willReturn(okJson(after)));
    }

    @Test
    void transactions_middlePageShortWhileTotalCountStaysAndEchoAgrees_restarts() {
        // Page 1 comes back with 1 row where 2 were due by the count, and echoes itemsPerPage 1 as if it were so.
        stubMoving(0, txPage(5, "t0", "t1"), txPage(5, "t0", "t1"));
        stubMoving(1, txPage(5, ",\"page\":1,\"itemsPerPage\":1", List.of("t3")), txPage(5, "t2", "t3"));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 2))).willReturn(okJson(txPage(5, "t4"))));

        TransactionWalk walk = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes());

        assertThat(walk.next().orElseThrow().restarted()).isFalse();
        assertThat(walk.next().orElseThrow().restarted()).as("page 0 again, after the short page 1").isTrue();
        assertThat(walkAll(walk)).containsExactly("t2", "t3", "t4");
        WM.verify(2, getRequestedFor(urlEqualTo(pageUrl("acc-1", 0))));
    }

    @Test
    void transactions_nextPageRepeatsTheLastRowWhileTotalCountStays_restarts() {
        // A row arrived (n) as another vanished: the count stays 5, but page 1 now starts with t1 again.
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).inScenario("moving").whenScenarioStateIs(STARTED)
                .willReturn(okJson(txPage(5, "t0", "t1"))).willSetStateTo("moved"));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).inScenario("moving").whenScenarioStateIs("moved")
                .willReturn(okJson(txPage(5, "n", "t0"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 1))).willReturn(okJson(txPage(5, "t1", "t2"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 2))).willReturn(okJson(txPage(5, "t3"))));

        TransactionWalk walk = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes());
        TransactionPage first = walk.next().orElseThrow();
        TransactionPage again = walk.next().orElseThrow();

        assertThat(first.resumeState()).contains("\"lastId\":\"t1\"");
        assertThat(again.restarted()).isTrue();
        assertThat(again.body().get("data").get(0).get("id").asText()).isEqualTo("n");
        assertThat(walkAll(walk)).containsExactly("t1", "t2", "t3");
    }

    @Test
    void transactions_emptyMiddlePageWhileTotalCountStays_restartsInsteadOfEnding() {
        stubMoving(0, txPage(4, "t0", "t1"), txPage(4, "t0", "t1"));
        stubMoving(1, txPage(4), txPage(4, "t2", "t3"));

        TransactionWalk walk = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes());
        walk.next().orElseThrow();
        TransactionPage again = walk.next().orElseThrow();

        assertThat(again.restarted()).isTrue();
        assertThat(again.last()).isFalse();
        assertThat(walkAll(walk)).containsExactly("t2", "t3");
    }

    @Test
    void transactions_pageWithMoreRowsThanAsked_isMalformed() {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).willReturn(okJson(txPage(9, "t0", "t1", "t2"))));

        assertThat(classOf(() -> client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes()).next()))
                .isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }

    @Test
    void transactions_resumedWithAnotherPageSize_keepsTheWalksPageSizeAndSkipsNoRow() {
        // The server pages the same five rows by whatever size is asked for.
        for (int size : new int[] {2, 3}) {
            for (int page = 0; page * size < 5; page++) {
                WM.stubFor(get(urlEqualTo(pageUrl("acc-1", page, size))).willReturn(okJson(txPage(5,
                        ",\"page\":" + page + ",\"itemsPerPage\":" + size,
                        rows(page * size, Math.min(5, page * size + size))))));
            }
        }
        TransactionPage first = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes()).next().orElseThrow();

        // PAGE_SIZE changed between the two runs of this walk.
        List<String> rest = walkAll(client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), first.resumeState(), 3), minutes()));

        assertThat(first.body().get("data")).extracting(n -> n.get("id").asText()).containsExactly("t0", "t1");
        assertThat(rest).containsExactly("t2", "t3", "t4");
        WM.verify(0, getRequestedFor(urlPathEqualTo(txPath("acc-1"))).withQueryParam("itemsPerPage", equalTo("3")));
    }

    @Test
    void transactions_totalCountChangesMidWalk_restartsFromPageZeroOverTheSameWindow() {
        // page 0 says 4 rows; by page 1 a row arrived (5): offsets shifted, so the walk restarts.
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).inScenario("moved").whenScenarioStateIs(STARTED)
                .willReturn(okJson(txPage(4, "t1", "t2"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 1))).inScenario("moved").whenScenarioStateIs(STARTED)
                .willReturn(okJson(txPage(5, "t2", "t3"))).willSetStateTo("after"));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).inScenario("moved").whenScenarioStateIs("after")
                .willReturn(okJson(txPage(5, "t0", "t1"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 1))).inScenario("moved").whenScenarioStateIs("after")
                .willReturn(okJson(txPage(5, "t2", "t3"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 2))).inScenario("moved").whenScenarioStateIs("after")
                .willReturn(okJson(txPage(5, "t4"))));

        TransactionWalk walk = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes());
        TransactionPage p0 = walk.next().orElseThrow();
        TransactionPage restarted = walk.next().orElseThrow();
        TransactionPage p1 = walk.next().orElseThrow();
        TransactionPage p2 = walk.next().orElseThrow();

        assertThat(p0.restarted()).isFalse();
        assertThat(restarted.restarted()).isTrue();
        assertThat(restarted.body().get("data").get(0).get("id").asText()).isEqualTo("t0");
        assertThat(restarted.resumeState()).contains("\"page\":1").contains("\"totalCount\":5");
        assertThat(p1.restarted()).isFalse();
        assertThat(p2.last()).isTrue();
        assertThat(walk.next()).isEmpty();
        WM.verify(2, getRequestedFor(urlEqualTo(pageUrl("acc-1", 0))));
    }

    @Test
    void transactions_resumedWalkWhoseTotalCountMoved_restarts() {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 1))).willReturn(okJson(txPage(4, "t3", "t4"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).willReturn(okJson(txPage(4, "t1", "t2"))));

        TransactionPage page = client(List.of()).transactions("acc-1", new WalkRequest(LocalDate.of(2025, 3, 1),
                "{\"from\":\"2025-03-01T00:00:00Z\",\"before\":\"2025-03-04T10:15:30Z\",\"page\":1,\"totalCount\":3}",
                2), minutes()).next().orElseThrow();

        assertThat(page.restarted()).isTrue();
        assertThat(page.body().get("data").get(0).get("id").asText()).isEqualTo("t1");
    }

    @Test
    void transactions_totalCountNeverSettles_failsTransientAfterBoundedRestarts() {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).willReturn(okJson(txPage(5, "t1", "t2"))));
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 1))).willReturn(okJson(txPage(6, "t3", "t4"))));

        TransactionWalk walk = client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes());

        ProviderException e = failure(() -> {
            for (int i = 0; i < 20; i++) {
                walk.next();
            }
        });
        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        WM.verify(1 + AtoaClient.MAX_RESTARTS, getRequestedFor(urlEqualTo(pageUrl("acc-1", 0))));
    }

    @Test
    void transactions_bodyWithoutTotalCount_isMalformed() {
        WM.stubFor(get(urlEqualTo(pageUrl("acc-1", 0))).willReturn(okJson("{\"data\":[]}")));

        assertThat(classOf(() -> client(List.of()).transactions("acc-1",
                new WalkRequest(LocalDate.of(2025, 3, 1), null, 2), minutes()).next()))
                .isEqualTo(ErrorClass.MALFORMED_RESPONSE);
    }
}
