package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FinqwareSandboxIT {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    static final String ACCOUNTS = "/v2/ais/accounts/list";
    static final String TXNS = "/v2/ais/transactions/list";
    static final String BALANCES = "/v2/ais/balances/list";
    static ProviderSandbox sandbox;
    static SandboxHttp http;
    static SandboxConnection consent;

    @BeforeAll
    static void start() {
        sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(13).today(TODAY).transactionsPerAccount(250)
                .jobCooldown(Duration.ZERO).build());
        http = new SandboxHttp(sandbox);
        consent = sandbox.connection("finqware-1");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static SandboxHttp.Resp post(String path, String extra) {
        return http.postJson(path, Walks.finqwareBody(consent, extra));
    }

    private static long signedMinor(JsonNode item) {
        BigDecimal amount = new BigDecimal(item.get("amount").asText());
        assertThat(amount.signum()).as("Finqware amounts are never negative").isGreaterThanOrEqualTo(0);
        long minor = amount.movePointRight(amount.scale()).longValueExact();
        return item.get("credit_debit_indicator").asText().equals("debit") ? -minor : minor;
    }

    @Test
    void accountsList_matchesSection5ShapeWithLatestBalances() {
        SandboxHttp.Resp r = post(ACCOUNTS, null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("request_id").asText()).isEqualTo(r.header("x-request-id"));
        assertThat(body.get("consent_id").asText()).isEqualTo(consent.consentId());
        assertThat(body.get("client_id").asText()).isEqualTo(consent.clientId());
        assertThat(body.get("api_client_app").asText()).isNotBlank();
        JsonNode accounts = body.get("accounts");
        List<String> ids = new java.util.ArrayList<>();
        List<String> currencies = new java.util.ArrayList<>();
        accounts.forEach(a -> {
            ids.add(a.get("id").asText());
            currencies.add(a.get("currency").asText());
        });
        assertThat(ids).containsExactlyElementsOf(consent.accountIds());
        assertThat(currencies).containsExactly("RON", "BHD", "SEK", "EUR");
        Expected truth = sandbox.expected();
        boolean sawDebit = false;
        for (JsonNode a : accounts) {
            assertThat(Iban.isValid(a.get("iban").asText())).isTrue();
            assertThat(a.get("account_type").asText()).isNotBlank();
            assertThat(a.get("account_sub_type").asText()).isNotBlank();
            List<ExpectedBalance> expected = truth.account(a.get("id").asText()).balances();
            JsonNode balances = a.get("balances");
            assertThat(balances).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                JsonNode b = balances.get(i);
                String currency = a.get("currency").asText();
                assertThat(b.get("type").asText()).isEqualTo(expected.get(i).type());
                assertThat(b.get("currency").asText()).isEqualTo(currency);
                assertThat(new BigDecimal(b.get("amount").asText()).scale()).isEqualTo(SandboxCurrency.exponent(currency));
                assertThat(signedMinor(b)).isEqualTo(expected.get(i).amountMinor());
                assertThat(b.get("credit_limit_included").asBoolean()).isEqualTo(expected.get(i).creditLimitIncluded());
                Instant.parse(b.get("reference_date_time").asText());
                sawDebit |= b.get("credit_debit_indicator").asText().equals("debit");
            }
        }
        assertThat(sawDebit).as("an overdrawn account reports a positive amount with debit").isTrue();
    }

    @Test
    void transactions_keysetWalk_collectsEveryExpectedUtxIdOnceNewestFirst() {
        Expected truth = sandbox.expected();
        List<JsonNode> items = Walks.finqware(http, consent, TXNS, "transactions", null, 40);

        List<String> expected = truth.accountsOf("finqware-1").stream().flatMap(a -> a.transactionIds().stream()).toList();
        assertThat(items.stream().map(t -> t.get("utx_id").asText()).toList())
                .hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
        Set<String> keysets = new HashSet<>();
        Instant previous = Instant.MAX;
        for (JsonNode t : items) {
            assertThat(keysets.add(t.get("keyset").asText())).as("keysets are unique").isTrue();
            Instant booked = Instant.parse(t.get("booking_date_time").asText());
            assertThat(booked).isBeforeOrEqualTo(previous);
            previous = booked;
            ExpectedTransaction e = truth.account(t.get("account_id").asText()).transactions().stream()
                    .filter(x -> x.id().equals(t.get("utx_id").asText())).findFirst().orElseThrow();
            assertThat(signedMinor(t)).isEqualTo(e.amountMinor());
            assertThat(t.get("id").asText()).isEqualTo(e.recordId());
            assertThat(t.get("status").asText()).isEqualTo(e.status().toLowerCase(java.util.Locale.ROOT));
            assertThat(t.get("currency").asText()).isEqualTo(e.currency());
        }
    }

    @Test
    void transactions_items_matchSection5Shape() {
        JsonNode t = post(TXNS, "\"pagination\":{\"limit\":1}").json().get("transactions").get(0);

        for (String f : List.of("id", "utx_id", "account_id", "amount", "currency", "credit_debit_indicator", "status",
                "booking_date_time", "value_date_time", "info", "counterparty_name", "keyset", "inserted_at", "updated_at")) {
            assertThat(t.hasNonNull(f)).as(f).isTrue();
        }
        assertThat(t.get("amount").isTextual()).isTrue();
        Instant.parse(t.get("inserted_at").asText());
        Instant.parse(t.get("updated_at").asText());
    }

    @Test
    void transactions_lastPage_saysMoreFalseAndEarlierPagesSayTrue() {
        String account = consent.accountIds().get(0);
        String filter = "\"filter\":{\"account_id\":\"" + account + "\"}";
        JsonNode first = post(TXNS, filter + ",\"pagination\":{\"limit\":249}").json();
        String after = first.get("transactions").get(248).get("keyset").asText();
        JsonNode last = post(TXNS, filter + ",\"pagination\":{\"limit\":249,\"after\":\"" + after + "\"}").json();

        assertThat(first.get("pagination").get("more?").asBoolean()).isTrue();
        assertThat(last.get("transactions")).hasSize(1);
        assertThat(last.get("pagination").get("more?").asBoolean()).isFalse();
    }

    @Test
    void transactions_filters_byAccountAndInclusiveBookingDates() {
        String account = consent.accountIds().get(1);
        String filter = "{\"account_id\":\"" + account + "\",\"booking_date_from\":\"2025-02-01\",\"booking_date_to\":\"2025-02-28\"}";
        List<JsonNode> items = Walks.finqware(http, consent, TXNS, "transactions", filter, 500);

        List<String> expected = sandbox.expected().account(account).servedTransactions().stream()
                .filter(t -> !t.bookingDate().isBefore(LocalDate.of(2025, 2, 1)) && !t.bookingDate().isAfter(LocalDate.of(2025, 2, 28)))
                .map(ExpectedTransaction::id).toList();
        assertThat(expected).isNotEmpty();
        assertThat(items.stream().map(t -> t.get("utx_id").asText()).toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void transactions_badPaginationOrFilter_returns400InFinqwareErrorShape() {
        for (String extra : List.of("\"pagination\":{\"limit\":0}", "\"pagination\":{\"limit\":501}",
                "\"pagination\":{\"after\":\"garbage!\"}", "\"filter\":{\"booking_date_from\":\"last week\"}")) {
            SandboxHttp.Resp r = post(TXNS, extra);

            assertThat(r.status()).as(extra).isEqualTo(400);
            assertErrorShape(r, null);
        }
    }

    private static void assertErrorShape(SandboxHttp.Resp r, String code) {
        JsonNode e = r.json();
        assertThat(e.get("error_id").asText()).isNotBlank();
        assertThat(e.get("request_id").asText()).isEqualTo(r.header("x-request-id"));
        assertThat(e.get("message").asText()).isNotBlank();
        if (code != null) {
            assertThat(e.get("code").asText()).isEqualTo(code);
        } else {
            assertThat(e.get("code").asText()).isNotBlank();
        }
    }

    @Test
    void balancesList_keysetWalk_returnsOneBookedBalancePerAccountAndDay() {
        List<JsonNode> items = Walks.finqware(http, consent, BALANCES, "balances", null, 70);

        assertThat(items).hasSize(4 * 90);
        JsonNode newest = items.get(0);
        ExpectedBalance booked = sandbox.expected().account(newest.get("account_id").asText()).bookedBalance();
        assertThat(signedMinor(newest)).isEqualTo(booked.amountMinor());
        assertThat(newest.get("type").asText()).isEqualTo(booked.type());
    }

    @Test
    void jobs_createThenPoll_reachesJobCompleted() {
        JsonNode created = post("/v2/ais/jobs/create", null).json();
        assertThat(created.get("status").asText()).isEqualTo("job_started");
        String job = "\"job_id\":\"" + created.get("job_id").asText() + "\"";

        JsonNode first = post("/v2/ais/jobs/get", job).json();
        JsonNode second = post("/v2/ais/jobs/get", job).json();

        assertThat(first.get("status").asText()).isNotIn("job_completed", "job_failed");
        assertThat(second.get("status").asText()).isEqualTo("job_completed");
        assertThat(second.get("job_id").asText()).isEqualTo(created.get("job_id").asText());
    }

    @Test
    void jobs_unknownJob_returns404JobNotFound() {
        SandboxHttp.Resp r = post("/v2/ais/jobs/get", "\"job_id\":\"00000000-0000-4000-8000-000000000000\"");

        assertThat(r.status()).isEqualTo(404);
        assertErrorShape(r, "job_not_found");
    }

    @Test
    void jobs_secondCreateWithinCooldown_returns400CooldownFailed() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-10T09:00:00Z"));
        try (ProviderSandbox s = ProviderSandbox.start(SandboxConfig.builder().today(TODAY).clock(clock)
                .jobCooldown(Duration.ofMinutes(5)).build())) {
            SandboxHttp h = new SandboxHttp(s);
            String body = Walks.finqwareBody(s.connection("finqware-1"), null);

            assertThat(h.postJson("/v2/ais/jobs/create", body).status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(4));
            SandboxHttp.Resp tooSoon = h.postJson("/v2/ais/jobs/create", body);
            clock.advance(Duration.ofMinutes(1));
            SandboxHttp.Resp later = h.postJson("/v2/ais/jobs/create", body);

            assertThat(tooSoon.status()).isEqualTo(400);
            assertErrorShape(tooSoon, "cooldown_failed");
            assertThat(later.status()).isEqualTo(200);
        }
    }

    @Test
    void auth_wrongSecret_returns401Unauthorized() {
        String body = "{\"client_id\":\"" + consent.clientId() + "\",\"client_secret\":\"wrong\",\"consent_id\":\""
                + consent.consentId() + "\"}";
        SandboxHttp.Resp r = http.postJson(ACCOUNTS, body);

        assertThat(r.status()).isEqualTo(401);
        assertErrorShape(r, "unauthorized");
    }

    @Test
    void auth_bearerTokenInsteadOfClientSecret_isAccepted() {
        String body = "{\"client_id\":\"" + consent.clientId() + "\",\"consent_id\":\"" + consent.consentId() + "\"}";

        SandboxHttp.Resp withToken = http.post(ACCOUNTS, "application/json", body, SandboxHttp.bearer(consent.bearerToken()));
        SandboxHttp.Resp withoutAnything = http.postJson(ACCOUNTS, body);

        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withoutAnything.status()).isEqualTo(401);
    }

    @Test
    void missingClientIdOrConsentId_returns400ValidationError() {
        SandboxHttp.Resp noClient = http.postJson(ACCOUNTS, "{\"consent_id\":\"" + consent.consentId() + "\"}");
        SandboxHttp.Resp noConsent = http.postJson(ACCOUNTS, "{\"client_id\":\"" + consent.clientId()
                + "\",\"client_secret\":\"" + consent.clientSecret() + "\"}");
        SandboxHttp.Resp notJson = http.postJson(ACCOUNTS, "client_id=x");

        assertThat(noClient.status()).isEqualTo(400);
        assertErrorShape(noClient, "validation_error");
        assertThat(noConsent.status()).isEqualTo(400);
        assertErrorShape(noConsent, "validation_error");
        assertThat(notJson.status()).isEqualTo(400);
        assertErrorShape(notJson, "bad_request");
    }

    @Test
    void unknownConsent_returns404ConsentNotFound() {
        String body = "{\"client_id\":\"" + consent.clientId() + "\",\"client_secret\":\"" + consent.clientSecret()
                + "\",\"consent_id\":\"00000000-0000-4000-8000-000000000000\"}";
        SandboxHttp.Resp r = http.postJson(TXNS, body);

        assertThat(r.status()).isEqualTo(404);
        assertErrorShape(r, "consent_not_found");
    }

    @Test
    void clientRequestId_isEchoedAsRequestId() {
        SandboxHttp.Resp r = http.post(ACCOUNTS, "application/json", Walks.finqwareBody(consent, null), null,
                "x-request-id", "my-correlation-id-1");

        assertThat(r.header("x-request-id")).isEqualTo("my-correlation-id-1");
        assertThat(r.json().get("request_id").asText()).isEqualTo("my-correlation-id-1");
    }
}
