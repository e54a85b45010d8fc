package dev.bankfeed.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.finqware.FinqwareFaults;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.testing.BankfeedHarness;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read API's routes on data synced from the provider sandbox into moto: every answer (200, 400, 404) is checked
 * against docs/openapi.yaml, and its content against the stores.
 */
class ReadApiIT {

    private static BankfeedHarness h;
    private static ReadApi api;
    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    @BeforeAll
    static void sync() {
        h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().connectionsPerProvider(1).accountsPerConnection(2)
                .transactionsPerAccount(60).build());
        h.syncAll();
        api = new ReadApi(h.deps());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** One answer: status, content type and parsed body, already checked against the OpenAPI document. */
    record Answer(int status, String contentType, JsonNode body) {
    }

    /** GET {@code route} (an OpenAPI path) with path values in order and query parameters as name, value pairs. */
    static Answer get(String route, List<String> pathValues, String... query) {
        return get(api, route, pathValues, query);
    }

    /** The same, answered by {@code readApi}. */
    static Answer get(ReadApi readApi, String route, List<String> pathValues, String... query) {
        ObjectNode event = BankJson.mapper().createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "GET " + route);
        ObjectNode params = event.putObject("pathParameters");
        String raw = route;
        int i = 0;
        for (String segment : route.split("/")) {
            if (segment.startsWith("{")) {
                String value = pathValues.get(i++);
                params.put(segment.substring(1, segment.length() - 1), value);
                raw = raw.replace(segment, value);
            }
        }
        event.put("rawPath", raw);
        if (query.length > 0) {
            ObjectNode q = event.putObject("queryStringParameters");
            for (int k = 0; k < query.length; k += 2) {
                q.put(query[k], query[k + 1]);
            }
        }
        event.putObject("requestContext").putObject("http").put("method", "GET").put("path", raw);
        JsonNode response = readApi.handle(event);
        int status = response.path("statusCode").asInt();
        String contentType = response.path("headers").path("content-type").asText();
        JsonNode body;
        try {
            body = BankJson.mapper().readTree(response.path("body").asText());
        } catch (Exception e) {
            throw new AssertionError("answer body is not JSON: " + response, e);
        }
        assertThat(CONTRACT.problems(route, status, contentType, body))
                .as("GET %s -> %d %s must match docs/openapi.yaml", raw, status, body).isEmpty();
        return new Answer(status, contentType, body);
    }

    private static Account account(String connectionId) {
        return h.deps().accounts().accounts(connectionId).get(0);
    }

    @Test
    void connectionAccounts_listsEachAccountWithItsStatuses() {
        for (String connection : List.of("atlar-1", "atoa-1", "finqware-1")) {
            Answer a = get("/connections/{connectionId}/accounts", List.of(connection));

            assertThat(a.status()).isEqualTo(200);
            JsonNode status = a.body().path("connection");
            assertThat(status.path("lastJob").asText()).isIn("accounts", "balances", "transactions");
            assertThat(status.path("lastSuccessAt").asText()).isEqualTo(status.path("lastAttemptAt").asText())
                    .isNotEmpty();
            assertThat(status.path("needsReauth").asBoolean(true)).isFalse();
            assertThat(status.has("lastErrorClass")).isFalse();
            assertThat(status.path("accountsListed").asInt()).isEqualTo(2);
            assertThat(a.body().path("accounts")).hasSize(h.deps().accounts().accounts(connection).size());
            for (JsonNode acct : a.body().path("accounts")) {
                assertThat(acct.path("statuses").path("transactions").path("lastSuccessAt").asText()).isNotEmpty();
                assertThat(acct.path("statuses").path("balances").path("needsReauth").asBoolean(true)).isFalse();
                assertThat(acct.toString()).doesNotContain("secret", "token", "\"raw\"");
            }
        }
    }

    @Test
    void connectionWhoseConsentFailedBeforeAnyAccount_is200_withNoAccounts_andItsStatusSayingWhy() {
        try (BankfeedHarness fresh = BankfeedHarness.start(BankfeedHarness.sandboxConfig().connectionsPerProvider(1)
                .build())) {
            ReadApi readApi = new ReadApi(fresh.deps());
            SandboxConnection finqware = fresh.sandbox.connections("finqware").get(0);
            String route = "/connections/{connectionId}/accounts";
            assertThat(get(readApi, route, List.of(finqware.id())).status()).as("no job tried it yet").isEqualTo(404);
            fresh.sandbox.faults().of(FinqwareFaults.class).expireConsent(finqware.consentId());

            fresh.run(JobKind.ACCOUNTS);

            Answer a = get(readApi, route, List.of(finqware.id()));
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().path("accounts")).isEmpty();
            JsonNode status = a.body().path("connection");
            assertThat(status.path("lastJob").asText()).isEqualTo("accounts");
            assertThat(status.path("needsReauth").asBoolean()).isTrue();
            assertThat(status.path("lastErrorClass").asText()).isEqualTo("NEEDS_REAUTH");
            assertThat(status.path("lastErrorMessage").asText()).isNotBlank();
            assertThat(status.path("lastAttemptAt").asText()).isEqualTo(fresh.clock.instant().toString());
            assertThat(status.has("lastSuccessAt")).isFalse();
            assertThat(status.has("accountsListed")).isFalse();
            assertThat(status.path("firstAttemptAt").asText()).isEqualTo(fresh.clock.instant().toString());
            assertThat(a.body().toString()).doesNotContain(finqware.clientSecret());
        }
    }

    @Test
    void latestBalances_areTheStoresLatest_withExactAmounts() {
        Account account = account("atoa-1");

        Answer a = get("/accounts/{accountId}/balances", List.of(account.canonicalId()));

        List<BalanceSnapshot> latest = h.deps().balances().latest(account.canonicalId());
        assertThat(latest).isNotEmpty();
        assertThat(a.body().path("balances")).hasSize(latest.size());
        JsonNode first = a.body().path("balances").get(0);
        BalanceSnapshot expected = latest.get(0);
        assertThat(first.path("amount").path("minor").asLong()).isEqualTo(expected.amount().minor());
        assertThat(first.path("amount").path("decimal").asText()).isEqualTo(expected.amount().toDecimalString());
        assertThat(first.path("amount").path("currency").asText()).isEqualTo(expected.amount().currency());
    }

    @Test
    void balanceHistory_pagesNewestFirst_throughEverySnapshot() {
        Account account = account("atoa-1");
        BalanceType type = h.deps().balances().latest(account.canonicalId()).get(0).type();
        h.clock.advance(java.time.Duration.ofHours(7));
        h.run(dev.bankfeed.job.JobKind.BALANCES); // a second snapshot, so there are two pages

        List<String> asOf = new ArrayList<>();
        String cursor = null;
        do {
            Answer a = cursor == null
                    ? get("/accounts/{accountId}/balances/history", List.of(account.canonicalId()), "type",
                            type.name(), "limit", "1")
                    : get("/accounts/{accountId}/balances/history", List.of(account.canonicalId()), "type",
                            type.name(), "limit", "1", "cursor", cursor);
            assertThat(a.status()).isEqualTo(200);
            a.body().path("balances").forEach(b -> asOf.add(b.path("asOf").asText()));
            cursor = a.body().path("nextCursor").isNull() ? null : a.body().path("nextCursor").asText();
        } while (cursor != null);

        List<String> expected = h.deps().balances().history(account.canonicalId(), type, 1000).stream()
                .map(b -> b.asOf().toString()).toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(2);
        assertThat(asOf).isEqualTo(expected);
    }

    @Test
    void transactionsInWindow_pagedWithSmallLimit_giveEveryTransactionOfTheWindowOnce() {
        Account account = account("atoa-1");
        LocalDate to = h.sandbox.today().minusDays(5);
        LocalDate from = to.minusDays(30);
        Map<String, String> seen = new LinkedHashMap<>();
        String cursor = null;
        int pages = 0;
        do {
            List<String> q = new ArrayList<>(List.of("from", from.toString(), "to", to.toString(), "limit", "7"));
            if (cursor != null) {
                q.addAll(List.of("cursor", cursor));
            }
            Answer a = get("/accounts/{accountId}/transactions", List.of(account.canonicalId()),
                    q.toArray(String[]::new));
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().path("transactions").size()).isLessThanOrEqualTo(7);
            for (JsonNode t : a.body().path("transactions")) {
                assertThat(seen.put(t.path("providerTransactionId").asText(), t.toString())).as("repeated").isNull();
                LocalDate d = LocalDate.parse(t.path("bookingDate").asText());
                assertThat(d).isBetween(from, to);
            }
            cursor = a.body().path("nextCursor").isNull() ? null : a.body().path("nextCursor").asText();
            pages++;
        } while (cursor != null);

        List<StoredTransaction> expected = new ArrayList<>();
        h.deps().transactions().forEachStored(account.canonicalId(), from, to, expected::add);
        assertThat(pages).isGreaterThan(2);
        assertThat(seen.keySet()).containsExactlyElementsOf(
                expected.stream().map(s -> s.transaction().providerTransactionId()).toList());
        expected.forEach(s -> assertThat(seen.get(s.transaction().providerTransactionId()))
                .isEqualTo(ReadApi.transactionJson(s).toString()));
    }

    @Test
    void changes_fromTheStart_giveEveryStoredTransactionOnce() {
        Account account = account("finqware-1");
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        String cursor = null;
        boolean more;
        do {
            Answer a = cursor == null
                    ? get("/accounts/{accountId}/transactions/changes", List.of(account.canonicalId()), "limit", "9")
                    : get("/accounts/{accountId}/transactions/changes", List.of(account.canonicalId()), "limit", "9",
                            "cursor", cursor);
            assertThat(a.status()).isEqualTo(200);
            a.body().path("changes").forEach(t -> assertThat(seen.put(t.path("providerTransactionId").asText(), t))
                    .as("handed out twice").isNull());
            cursor = a.body().path("nextCursor").asText();
            more = a.body().path("hasMore").asBoolean();
        } while (more);

        Answer again = get("/accounts/{accountId}/transactions/changes", List.of(account.canonicalId()),
                "cursor", cursor);
        assertThat(again.body().path("changes")).isEmpty();
        assertThat(again.body().path("hasMore").asBoolean()).isFalse();
        List<StoredTransaction> stored = new ArrayList<>();
        h.deps().transactions().forEachStored(account.canonicalId(), null, null, stored::add);
        assertThat(seen).hasSize(stored.size());
        stored.forEach(s -> assertThat(seen.get(s.transaction().providerTransactionId()).toString())
                .isEqualTo(ReadApi.transactionJson(s).toString()));
    }

    @Test
    void unknownIds_are404_namingTheParameter() {
        Answer connection = get("/connections/{connectionId}/accounts", List.of("no-such-connection"));
        Answer account = get("/accounts/{accountId}/transactions", List.of("atoa:no_such_account"));
        Answer changes = get("/accounts/{accountId}/transactions/changes", List.of("atoa:no_such_account"));

        assertThat(connection.status()).isEqualTo(404);
        assertThat(connection.body().path("field").asText()).isEqualTo("connectionId");
        assertThat(account.status()).isEqualTo(404);
        assertThat(account.body().path("field").asText()).isEqualTo("accountId");
        assertThat(account.body().path("detail").asText()).contains("atoa:no_such_account");
        assertThat(changes.status()).isEqualTo(404);
    }

    @Test
    void badParameters_are400_withAClearMessageNamingTheParameter() {
        String id = account("atoa-1").canonicalId();
        String tx = "/accounts/{accountId}/transactions";
        String history = "/accounts/{accountId}/balances/history";
        String otherAccount = account("finqware-1").canonicalId();
        String cursorOfOtherAccount = get("/accounts/{accountId}/transactions/changes", List.of(otherAccount),
                "limit", "1").body().path("nextCursor").asText();
        String windowCursor = get(tx, List.of(id), "from", "2026-01-01", "limit", "1").body().path("nextCursor")
                .asText();

        assertBad(get(tx, List.of(id), "limit", "0"), "limit", "from 1 to 500");
        assertBad(get(tx, List.of(id), "limit", "501"), "limit", "from 1 to 500");
        assertBad(get(tx, List.of(id), "limit", "ten"), "limit", "whole number");
        assertBad(get(tx, List.of(id), "from", "2026-13-01"), "from", "YYYY-MM-DD");
        assertBad(get(tx, List.of(id), "from", "2026-03-10", "to", "2026-03-01"), "to", "before 'from'");
        assertBad(get(tx, List.of(id), "since", "2026-03-01"), "since", "unknown query parameter");
        assertBad(get(tx, List.of(id), "cursor", "not-a-cursor"), "cursor", "nextCursor");
        assertBad(get(tx, List.of(id), "from", "2026-02-01", "cursor", windowCursor), "cursor", "window");
        assertBad(get("/accounts/{accountId}/transactions/changes", List.of(id), "cursor", cursorOfOtherAccount),
                "cursor", "account");
        assertBad(get(history, List.of(id)), "type", "required");
        assertBad(get(history, List.of(id), "type", "SAVINGS"), "type", "CLOSING_BOOKED");
        assertBad(get("/accounts/{accountId}/balances", List.of("bad account id!")), "accountId", "letters");
        assertBad(get("/connections/{connectionId}/accounts", List.of("atoa-1"), "limit", "5"), "limit",
                "allowed: none");
    }

    private static void assertBad(Answer a, String field, String detailPart) {
        assertThat(a.status()).as(a.body().toString()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.body().path("field").asText()).isEqualTo(field);
        assertThat(a.body().path("detail").asText()).contains(detailPart);
    }
}
