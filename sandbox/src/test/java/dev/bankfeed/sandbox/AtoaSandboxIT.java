package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AtoaSandboxIT {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    static final String FROM = "2024-01-01T00:00:00Z";
    static final String BEFORE = "2025-03-10T00:00:00Z";
    static ProviderSandbox sandbox;
    static SandboxHttp http;
    static SandboxConnection consent;
    static String auth;

    @BeforeAll
    static void start() {
        sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(11).today(TODAY).transactionsPerAccount(300)
                .pendingPerAccount(6).build());
        http = new SandboxHttp(sandbox);
        consent = sandbox.connection("atoa-1");
        auth = SandboxHttp.bearer(consent.secretKey());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String account() {
        return consent.accountIds().get(0);
    }

    @Test
    void accounts_list_isABareArrayWithAccountIdsByDefault() {
        SandboxHttp.Resp r = http.get("/api/bank/" + consent.accountAuthId() + "/accounts", auth);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode a : body) {
            ids.add(a.get("accountId").asText());
            assertThat(a.get("bankName").asText()).isNotBlank();
            assertThat(a.get("accountNumber").asText()).matches("\\d{8}");
            assertThat(a.get("sortCode").asText()).matches("\\d{6}");
            assertThat(a.get("currency").asText()).isEqualTo("GBP");
        }
        assertThat(ids).containsExactlyElementsOf(consent.accountIds());
    }

    @Test
    void accounts_documentedShapeKnob_omitsAccountIdAndCurrency() {
        try (ProviderSandbox s = ProviderSandbox.start(SandboxConfig.builder().seed(11).today(TODAY)
                .accountListHasIds(false).build())) {
            SandboxConnection c = s.connection("atoa-1");
            JsonNode body = new SandboxHttp(s).get("/api/bank/" + c.accountAuthId() + "/accounts",
                    SandboxHttp.bearer(c.secretKey())).json();

            assertThat(body).hasSize(4);
            for (JsonNode a : body) {
                assertThat(a.has("accountId")).isFalse();
                assertThat(a.has("currency")).isFalse();
                assertThat(a.get("sortCode").asText()).isNotBlank();
            }
        }
    }

    @Test
    void accountDetails_carryTheAccountId() {
        JsonNode body = http.get("/api/bank/accounts/" + account(), auth).json();

        assertThat(body.get("accountId").asText()).isEqualTo(account());
        assertThat(body.get("sortCode").asText()).matches("\\d{6}");
        assertThat(body.get("accountNumber").asText()).matches("\\d{8}");
    }

    @Test
    void balance_isADecimalNumberEqualToTheExpectedBookedBalance() {
        for (String id : consent.accountIds()) {
            JsonNode body = http.get("/api/bank/accounts/" + id + "/balance", auth).json();

            assertThat(body.get("balance").isNumber()).isTrue();
            assertThat(body.get("currency").asText()).isEqualTo("GBP");
            assertThat(minor(body.get("balance"))).isEqualTo(sandbox.expected().account(id).bookedBalance().amountMinor());
        }
    }

    private static long minor(JsonNode number) {
        return number.decimalValue().movePointRight(2).longValueExact();
    }

    @Test
    void transactions_page_matchesSection5ShapeNewestFirst() {
        SandboxHttp.Resp r = http.get(Walks.atoaTransactionsPath(account(), FROM, BEFORE, 0, 30), auth);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("page").asInt()).isZero();
        assertThat(body.get("itemsPerPage").asInt()).isEqualTo(30);
        assertThat(body.get("totalCount").asInt()).isEqualTo(300);
        JsonNode data = body.get("data");
        assertThat(data).hasSize(30);
        Instant previous = Instant.MAX;
        for (JsonNode t : data) {
            Instant date = Instant.parse(t.get("date").asText());
            assertThat(date).isBeforeOrEqualTo(previous);
            previous = date;
            assertThat(t.get("type").asText()).isIn("CREDIT", "DEBIT");
            assertThat(t.get("amount").isNumber()).isTrue();
            assertThat(t.get("currency").asText()).isEqualTo("GBP");
            assertThat(t.get("status").asText()).isIn("BOOKED", "PENDING");
            JsonNode party = t.get(t.get("type").asText().equals("CREDIT") ? "payer" : "payee");
            assertThat(party.get("name").asText()).isNotBlank();
            if (t.get("status").asText().equals("BOOKED")) {
                assertThat(t.get("balance").get("amount").isNumber()).isTrue();
            }
        }
    }

    @Test
    void transactions_walkAllPages_collectsEveryExpectedIdOnceWithExactAmounts() {
        for (String id : consent.accountIds()) {
            ExpectedAccount expected = sandbox.expected().account(id);
            Walks.AtoaWalk walk = Walks.atoa(http, consent, id, FROM, BEFORE, 25);

            assertThat(walk.totalCounts()).containsOnly(expected.servedTransactions().size());
            List<String> ids = walk.items().stream().map(t -> t.get("id").asText()).toList();
            assertThat(ids).containsExactlyElementsOf(expected.servedTransactions().stream().map(ExpectedTransaction::id).toList());
            Map<String, ExpectedTransaction> byId = expected.transactions().stream()
                    .collect(Collectors.toMap(ExpectedTransaction::id, Function.identity()));
            for (JsonNode t : walk.items()) {
                long magnitude = Math.abs(minor(t.get("amount")));
                long signed = t.get("type").asText().equals("DEBIT") ? -magnitude : magnitude;
                assertThat(signed).isEqualTo(byId.get(t.get("id").asText()).amountMinor());
                assertThat(t.get("status").asText()).isEqualTo(byId.get(t.get("id").asText()).status());
            }
        }
    }

    @Test
    void amounts_areDecimalTextWithoutTrailingZerosAndSomeDebitsAreNegative() {
        List<JsonNode> all = new ArrayList<>();
        for (String id : consent.accountIds()) {
            all.addAll(Walks.atoa(http, consent, id, FROM, BEFORE, 100).items());
        }
        boolean negativeDebit = false;
        boolean positiveDebit = false;
        boolean shortened = false;
        for (JsonNode t : all) {
            BigDecimal amount = t.get("amount").decimalValue();
            assertThat(amount.scale()).isLessThanOrEqualTo(2);
            if (t.get("type").asText().equals("CREDIT")) {
                assertThat(amount.signum()).isPositive();
            } else {
                negativeDebit |= amount.signum() < 0;
                positiveDebit |= amount.signum() > 0;
            }
            shortened |= amount.scale() < 2;
        }
        assertThat(negativeDebit).as("a DEBIT with a negative amount").isTrue();
        assertThat(positiveDebit).as("a DEBIT with a positive amount").isTrue();
        assertThat(shortened).as("an amount printed like 89.9 or 1500").isTrue();
    }

    @Test
    void transactions_window_fromIsInclusiveAndBeforeIsExclusive() {
        JsonNode t = http.get(Walks.atoaTransactionsPath(account(), FROM, BEFORE, 0, 1), auth).json().get("data").get(0);
        String date = t.get("date").asText();
        String id = t.get("id").asText();

        JsonNode fromIt = http.get(Walks.atoaTransactionsPath(account(), date, BEFORE, 0, 500), auth).json();
        JsonNode beforeIt = http.get(Walks.atoaTransactionsPath(account(), FROM, date, 0, 500), auth).json();

        assertThat(fromIt.get("data").findValuesAsText("id")).contains(id);
        assertThat(beforeIt.get("data").findValuesAsText("id")).doesNotContain(id);
        assertThat(fromIt.get("totalCount").asInt() + beforeIt.get("totalCount").asInt()).isEqualTo(300);
    }

    @Test
    void transactions_pageBeyondTheEnd_isEmptyWithTheSameTotalCount() {
        JsonNode body = http.get(Walks.atoaTransactionsPath(account(), FROM, BEFORE, 99, 30), auth).json();

        assertThat(body.get("data")).isEmpty();
        assertThat(body.get("totalCount").asInt()).isEqualTo(300);
    }

    @Test
    void transactions_missingWindowOrPaging_returns400() {
        String base = "/api/bank/accounts/" + account() + "/transactions?";
        for (String q : List.of("before=" + BEFORE + "&page=0&itemsPerPage=10", "from=" + FROM + "&page=0&itemsPerPage=10",
                "from=" + FROM + "&before=" + BEFORE + "&itemsPerPage=10", "from=" + FROM + "&before=" + BEFORE + "&page=0",
                "from=yesterday&before=" + BEFORE + "&page=0&itemsPerPage=10",
                "from=" + FROM + "&before=" + BEFORE + "&page=0&itemsPerPage=0")) {
            SandboxHttp.Resp r = http.get(base + q, auth);

            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("message").asText()).isNotBlank();
        }
    }

    @Test
    void wrongSecretKey_returns401() {
        SandboxHttp.Resp r = http.get("/api/bank/accounts/" + account() + "/balance", SandboxHttp.bearer("sk_test_wrong"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    @Test
    void unknownConsentOrAccount_returns404ConsentNotFound() {
        for (String path : List.of("/api/bank/00000000-0000-4000-8000-000000000000/accounts",
                "/api/bank/accounts/acc_unknown/balance")) {
            SandboxHttp.Resp r = http.get(path, auth);

            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("message").asText()).isEqualTo("Consent not found");
            assertThat(r.json().get("errorCode").asText()).isEqualTo("CONSENT_NOT_FOUND");
        }
    }

    @Test
    void responses_carryAnXRequestIdHeader() {
        assertThat(http.get("/api/bank/accounts/" + account() + "/balance", auth).header("x-request-id")).isNotBlank();
    }
}
