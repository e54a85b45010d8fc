package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.sandbox.atlar.AtlarApi;
import dev.bankfeed.sandbox.atlar.AtlarFaults;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AtlarSandboxIT {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    static final String TXNS = AtlarApi.TRANSACTIONS_PATH;
    static final String PENDING = AtlarApi.PENDING_TRANSACTIONS_PATH;
    static ProviderSandbox sandbox;
    static SandboxHttp http;
    static SandboxConnection org1;
    static String token;

    @BeforeAll
    static void start() {
        sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(7).today(TODAY).connectionsPerProvider(2)
                .transactionsPerAccount(400).build());
        http = new SandboxHttp(sandbox);
        org1 = sandbox.connection("atlar-1");
        token = Walks.atlarToken(http, org1);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static List<String> ids(List<JsonNode> items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    @Test
    void token_validBasicCredentials_returnsBearerTokenWith300SecondTtl() {
        SandboxHttp.Resp r = http.post("/iam/v2beta/oauth2/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials", SandboxHttp.basic(org1.accessKey(), org1.secret()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("access_token").asText()).isNotBlank();
        assertThat(r.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(r.json().get("expires_in").asInt()).isEqualTo(300);
    }

    @Test
    void token_clientSecretPost_isAccepted() {
        SandboxHttp.Resp r = http.post("/iam/v2/oauth2/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=" + org1.accessKey() + "&client_secret=" + org1.secret(), null);

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void token_wrongSecret_returns401InAtlarErrorShape() {
        SandboxHttp.Resp r = http.post(AtlarApi.TOKEN_PATH, "application/x-www-form-urlencoded",
                "grant_type=client_credentials", SandboxHttp.basic(org1.accessKey(), "wrong"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("status").asInt()).isEqualTo(401);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    @Test
    void token_grantTypeOtherThanClientCredentials_returns400() {
        SandboxHttp.Resp r = http.post(AtlarApi.TOKEN_PATH, "application/x-www-form-urlencoded",
                "grant_type=password", SandboxHttp.basic(org1.accessKey(), org1.secret()));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("status").asInt()).isEqualTo(400);
    }

    @Test
    void accounts_list_matchesSection5Shape() {
        SandboxHttp.Resp r = http.get("/financial-data/v2/accounts?limit=100", SandboxHttp.bearer(token));

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("nextToken").asText()).isEmpty();
        assertThat(body.get("limit").asInt()).isEqualTo(100);
        assertThat(body.has("token")).isTrue();
        JsonNode items = body.get("items");
        assertThat(items).hasSize(4);
        List<String> currencies = new ArrayList<>();
        for (JsonNode a : items) {
            assertThat(a.get("id").asText()).matches("[0-9a-f-]{36}");
            for (String f : List.of("name", "alias", "currency", "market", "status", "type")) {
                assertThat(a.get(f).asText()).as(f).isNotBlank();
            }
            JsonNode identifier = a.get("identifiers").get(0);
            assertThat(identifier.get("type").asText()).isIn("IBAN", "BBAN");
            assertThat(identifier.get("market").asText()).isEqualTo(a.get("market").asText());
            if (identifier.get("type").asText().equals("IBAN")) {
                assertThat(Iban.isValid(identifier.get("number").asText())).isTrue();
            }
            assertThat(a.get("routing").get(0).get("type").asText()).isEqualTo("BIC");
            assertThat(a.get("routing").get(0).get("number").asText()).startsWith("ATLR");
            currencies.add(a.get("currency").asText());
        }
        assertThat(currencies).containsExactly("EUR", "JPY", "KWD", "NOK");
        assertThat(ids(List.copyOf(toList(items)))).containsExactlyElementsOf(org1.accountIds());
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    @Test
    void accounts_ofAnotherOrganization_areNeitherListedNorReadable() {
        SandboxConnection org2 = sandbox.connection("atlar-2");
        String token2 = Walks.atlarToken(http, org2);

        JsonNode items = http.get("/financial-data/v2/accounts", SandboxHttp.bearer(token2)).json().get("items");
        SandboxHttp.Resp foreign = http.get("/financial-data/v2/accounts/" + org1.accountIds().get(0)
                + "/balances?mostRecent=true", SandboxHttp.bearer(token2));

        assertThat(ids(toList(items))).containsExactlyElementsOf(org2.accountIds()).doesNotContainAnyElementsOf(org1.accountIds());
        assertThat(foreign.status()).isEqualTo(404);
    }

    @Test
    void balances_mostRecent_givesEachTypeForYesterdayWithTheExpectedAmount() {
        Expected truth = sandbox.expected();
        for (String accountId : org1.accountIds()) {
            SandboxHttp.Resp r = http.get("/financial-data/v2/accounts/" + accountId + "/balances?mostRecent=true&limit=100",
                    SandboxHttp.bearer(token));

            assertThat(r.status()).isEqualTo(200);
            JsonNode items = r.json().get("items");
            ExpectedAccount expected = truth.account(accountId);
            assertThat(items).hasSize(3);
            List<String> types = new ArrayList<>();
            for (JsonNode b : items) {
                types.add(b.get("type").asText());
                assertThat(b.get("accountId").asText()).isEqualTo(accountId);
                assertThat(b.get("localDate").asText()).isEqualTo(TODAY.minusDays(1).toString());
                assertThat(Instant.parse(b.get("timestamp").asText()).getNano()).isEqualTo(999_999_999);
                assertThat(b.get("amount").get("value").asLong()).isEqualTo(expected.bookedBalance().amountMinor());
                assertThat(b.get("amount").get("currency").asText()).isEqualTo(expected.currency());
            }
            assertThat(types).containsExactly("BOOKED", "BOOKED_ADJUSTED", "AVAILABLE");
            assertThat(r.json().get("nextToken").asText()).isEmpty();
        }
    }

    @Test
    void amounts_stringValueHasExactlyTheCurrencyDecimalsAndEqualsValue() {
        for (String accountId : org1.accountIds()) {
            JsonNode items = http.get(TXNS + "?accountId=" + accountId + "&limit=200", SandboxHttp.bearer(token))
                    .json().get("items");
            for (JsonNode t : items) {
                JsonNode amount = t.get("amount");
                String currency = amount.get("currency").asText();
                BigDecimal decimal = new BigDecimal(amount.get("stringValue").asText());
                assertThat(decimal.scale()).as(currency).isEqualTo(SandboxCurrency.exponent(currency));
                assertThat(decimal.movePointRight(decimal.scale()).longValueExact()).isEqualTo(amount.get("value").asLong());
            }
        }
    }

    @Test
    void transactions_items_matchSection5Shape() {
        String accountId = org1.accountIds().get(0);
        JsonNode items = http.get(TXNS + "?accountId=" + accountId + "&limit=500", SandboxHttp.bearer(token))
                .json().get("items");

        assertThat(items.size()).isPositive();
        boolean sawIdentifier = false;
        for (JsonNode t : items) {
            assertThat(t.get("accountId").asText()).isEqualTo(accountId);
            LocalDate.parse(t.get("date").asText());
            LocalDate.parse(t.get("valueDate").asText());
            assertThat(t.get("description").asText()).isNotBlank();
            assertThat(t.get("reference").asText()).isNotBlank();
            assertThat(t.get("counterparty").get("name").asText()).isNotBlank();
            sawIdentifier |= t.get("counterparty").has("accountIdentifier");
        }
        assertThat(sawIdentifier).isTrue();
    }

    @Test
    void transactions_limitOutsideOneTo500_returns400() {
        for (String limit : List.of("0", "501", "abc", "-1")) {
            SandboxHttp.Resp r = http.get(TXNS + "?limit=" + limit, SandboxHttp.bearer(token));

            assertThat(r.status()).as(limit).isEqualTo(400);
            assertThat(r.json().get("status").asInt()).isEqualTo(400);
        }
        assertThat(http.get(TXNS + "?limit=500", SandboxHttp.bearer(token)).status()).isEqualTo(200);
        assertThat(http.get(TXNS + "?limit=1", SandboxHttp.bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void transactions_tokenNotIssuedBySandbox_returns400() {
        SandboxHttp.Resp r = http.get(TXNS + "?token=not-a-token", SandboxHttp.bearer(token));

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void transactions_walkToEmptyNextToken_collectsEveryExpectedIdOnceNewestFirst() {
        Expected truth = sandbox.expected();
        boolean sawShortNonFinalPage = false;
        for (String accountId : org1.accountIds()) {
            Walks.AtlarWalk walk = Walks.atlar(http, token, TXNS + "?accountId=" + accountId, 50);

            List<ExpectedTransaction> booked = served(truth.account(accountId), false);
            assertThat(ids(walk.items())).containsExactlyElementsOf(booked.stream().map(ExpectedTransaction::id).toList());
            assertThat(walk.items()).extracting(t -> t.get("amount").get("value").asLong())
                    .containsExactlyElementsOf(booked.stream().map(ExpectedTransaction::amountMinor).toList());
            assertNewestDateFirst(walk.items());
            for (int p = 0; p < walk.pageSizes().size(); p++) {
                sawShortNonFinalPage |= walk.pageSizes().get(p) < 50 && !walk.nextTokens().get(p).isEmpty();
            }
        }
        assertThat(sawShortNonFinalPage).as("some page is shorter than limit while nextToken is non-empty").isTrue();
    }

    private static void assertNewestDateFirst(List<JsonNode> items) {
        for (int i = 1; i < items.size(); i++) {
            LocalDate prev = LocalDate.parse(items.get(i - 1).get("date").asText());
            assertThat(LocalDate.parse(items.get(i).get("date").asText())).isBeforeOrEqualTo(prev);
        }
    }

    @Test
    void transactions_walkWithoutAccountId_coversEveryAccountOfTheOrganizationOnly() {
        Expected truth = sandbox.expected();
        Walks.AtlarWalk walk = Walks.atlar(http, token, TXNS, 500);

        List<String> expected = truth.accountsOf("atlar-1").stream()
                .flatMap(a -> served(a, false).stream()).map(ExpectedTransaction::id).toList();
        assertThat(ids(walk.items())).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
        assertNewestDateFirst(walk.items());
    }

    @Test
    void transactions_emptyPagesMode_servesEmptyNonFinalPagesAndTheWalkIsStillComplete() {
        walkOneAccount(ShortPages.WITH_EMPTY, 10, (walk, expectedIds) -> {
            boolean sawEmptyNonFinal = false;
            for (int p = 0; p < walk.pageSizes().size() - 1; p++) {
                sawEmptyNonFinal |= walk.pageSizes().get(p) == 0;
            }
            assertThat(sawEmptyNonFinal).isTrue();
            assertThat(ids(walk.items())).containsExactlyElementsOf(expectedIds);
        });
    }

    @Test
    void transactions_fullPageThatEndsTheList_isFollowedByAnEmptyPageWithEmptyNextToken() {
        walkOneAccount(ShortPages.NEVER, 100, (walk, expectedIds) -> {
            assertThat(walk.pageSizes()).containsExactly(100, 100, 100, 0);
            assertThat(walk.nextTokens().get(2)).isNotEmpty();
            assertThat(walk.nextTokens().get(3)).isEmpty();
        });
    }

    /** Walks the booked list of the only account of a fresh sandbox (300 booked, 3 pending) with the given page sizing. */
    private static void walkOneAccount(ShortPages mode, int limit,
            java.util.function.BiConsumer<Walks.AtlarWalk, List<String>> check) {
        try (ProviderSandbox s = ProviderSandbox.start(SandboxConfig.builder().seed(7).today(TODAY)
                .accountsPerConnection(1).transactionsPerAccount(303).pendingPerAccount(3).shortPages(mode).build())) {
            SandboxHttp h = new SandboxHttp(s);
            SandboxConnection c = s.connection("atlar-1");
            String accountId = c.accountIds().get(0);
            Walks.AtlarWalk walk = Walks.atlar(h, Walks.atlarToken(h, c), TXNS + "?accountId=" + accountId, limit);
            check.accept(walk, served(s.expected().account(accountId), false).stream()
                    .map(ExpectedTransaction::id).toList());
        }
    }

    /** What the booked list, or the pending one, serves of an account now, in its order (newest first). */
    private static List<ExpectedTransaction> served(ExpectedAccount account, boolean pending) {
        return account.servedTransactions().stream().filter(t -> t.pending() == pending).toList();
    }

    @Test
    void pendingTransactions_walkToEmptyNextToken_servesExactlyThePendingOnes_inTheBookedItemShape() {
        try (ProviderSandbox s = ProviderSandbox.start(SandboxConfig.builder().seed(7).today(TODAY)
                .transactionsPerAccount(200).pendingPerAccount(40).build())) {
            SandboxHttp h = new SandboxHttp(s);
            SandboxConnection c = s.connection("atlar-1");
            String t = Walks.atlarToken(h, c);
            boolean sawShortNonFinalPage = false;
            for (String accountId : c.accountIds()) {
                Walks.AtlarWalk pending = Walks.atlar(h, t, PENDING + "?accountId=" + accountId, 7);
                Walks.AtlarWalk booked = Walks.atlar(h, t, TXNS + "?accountId=" + accountId, 500);

                List<ExpectedTransaction> expected = served(s.expected().account(accountId), true);
                assertThat(expected).hasSize(40);
                assertThat(ids(pending.items())).containsExactlyElementsOf(
                        expected.stream().map(ExpectedTransaction::id).toList());
                assertThat(pending.items()).extracting(i -> i.get("amount").get("value").asLong())
                        .containsExactlyElementsOf(expected.stream().map(ExpectedTransaction::amountMinor).toList());
                assertThat(ids(booked.items())).doesNotContainAnyElementsOf(ids(pending.items())).hasSize(160);
                assertNewestDateFirst(pending.items());
                for (JsonNode i : pending.items()) {
                    assertThat(i.get("accountId").asText()).isEqualTo(accountId);
                    assertThat(fieldNames(i)).isEqualTo(fieldNames(booked.items().get(0)));
                }
                for (int p = 0; p < pending.pageSizes().size(); p++) {
                    sawShortNonFinalPage |= pending.pageSizes().get(p) < 7 && !pending.nextTokens().get(p).isEmpty();
                }
            }
            assertThat(sawShortNonFinalPage).as("a short pending page with a non-empty nextToken").isTrue();
            // Without accountId: every pending transaction of the organization, no other organization's.
            List<String> orgPending = s.expected().accountsOf("atlar-1").stream().flatMap(a -> served(a, true).stream())
                    .map(ExpectedTransaction::id).toList();
            assertThat(ids(Walks.atlar(h, t, PENDING, 500).items())).containsExactlyInAnyOrderElementsOf(orgPending);
        }
    }

    private static List<String> fieldNames(JsonNode item) {
        List<String> names = new ArrayList<>();
        item.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void pendingTransactions_afterAdvance_twoInThreeBookUnderANewIdWithTheSameContent_andTheThirdVanishes() {
        try (ProviderSandbox s = ProviderSandbox.start(SandboxConfig.builder().seed(7).today(TODAY)
                .accountsPerConnection(1).transactionsPerAccount(100).pendingPerAccount(3)
                .newTransactionsPerAdvance(5).build())) {
            SandboxHttp h = new SandboxHttp(s);
            SandboxConnection c = s.connection("atlar-1");
            String accountId = c.accountIds().get(0);
            String t = Walks.atlarToken(h, c);
            List<JsonNode> pendingBefore = Walks.atlar(h, t, PENDING + "?accountId=" + accountId, 100).items();
            assertThat(pendingBefore).hasSize(3);

            s.advance();
            List<JsonNode> pendingAfter = Walks.atlar(h, t, PENDING + "?accountId=" + accountId, 100).items();
            List<JsonNode> bookedAfter = Walks.atlar(h, t, TXNS + "?accountId=" + accountId, 500).items();
            ExpectedAccount truth = s.expected().account(accountId);

            // The old pending ones left the pending list; one new pending arrived.
            assertThat(ids(pendingAfter)).doesNotContainAnyElementsOf(ids(pendingBefore)).hasSize(1);
            assertThat(ids(bookedAfter)).doesNotContainAnyElementsOf(ids(pendingBefore));
            List<ExpectedTransaction> twins = truth.transactions().stream()
                    .filter(x -> x.replacesPendingId() != null).toList();
            assertThat(twins).hasSize(2);
            for (ExpectedTransaction twin : twins) {
                JsonNode was = pendingBefore.stream().filter(p -> p.get("id").asText().equals(twin.replacesPendingId()))
                        .findFirst().orElseThrow();
                JsonNode now = bookedAfter.stream().filter(b -> b.get("id").asText().equals(twin.id()))
                        .findFirst().orElseThrow();
                for (String f : List.of("amount", "reference", "counterparty", "description")) {
                    assertThat(now.get(f)).as(f).isEqualTo(was.get(f));
                }
                assertThat(LocalDate.parse(now.get("date").asText())).isAfterOrEqualTo(LocalDate.parse(was.get("date").asText()));
            }
            List<ExpectedTransaction> vanished = truth.transactions().stream().filter(ExpectedTransaction::vanished).toList();
            assertThat(vanished).hasSize(1).allSatisfy(v -> assertThat(v.pending()).isTrue());
            assertThat(ids(pendingBefore)).contains(vanished.get(0).id());
        }
    }

    @Test
    void pendingTransactions_limitAndTokenChecks_andFaultKnobsByPathPrefix_applyToThePendingList() {
        for (String limit : List.of("0", "501", "abc")) {
            assertThat(http.get(PENDING + "?limit=" + limit, SandboxHttp.bearer(token)).status()).as(limit).isEqualTo(400);
        }
        assertThat(http.get(PENDING + "?token=not-a-token", SandboxHttp.bearer(token)).status()).isEqualTo(400);
        assertThat(http.get(PENDING, null).status()).isEqualTo(401);

        sandbox.faults().of(AtlarFaults.class).failNext(1, 503, PENDING);
        assertThat(http.get(TXNS + "?limit=1", SandboxHttp.bearer(token)).status()).as("booked list untouched")
                .isEqualTo(200);
        SandboxHttp.Resp failed = http.get(PENDING + "?limit=1", SandboxHttp.bearer(token));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.json().get("status").asInt()).isEqualTo(503);

        sandbox.faults().of(AtlarFaults.class).throttleNext(1, RetryAfter.seconds(2), PENDING);
        SandboxHttp.Resp throttled = http.get(PENDING + "?limit=1", SandboxHttp.bearer(token));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("2");

        sandbox.faults().of(AtlarFaults.class).malformNext(1, PENDING);
        SandboxHttp.Resp malformed = http.get(PENDING + "?limit=1", SandboxHttp.bearer(token));
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.body()).startsWith("{").doesNotEndWith("}");

        assertThat(http.get(PENDING + "?limit=1", SandboxHttp.bearer(token)).json().get("items")).hasSize(1);
    }

    @Test
    void bearer_afterTheTtl_returns401AndAFreshTokenWorks() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-10T09:00:00Z"));
        try (ProviderSandbox s = ProviderSandbox.start(SandboxConfig.builder().today(TODAY).clock(clock)
                .tokenTtl(Duration.ofSeconds(60)).build())) {
            SandboxHttp h = new SandboxHttp(s);
            SandboxConnection c = s.connection("atlar-1");
            String first = Walks.atlarToken(h, c);
            assertThat(h.get("/financial-data/v2/accounts", SandboxHttp.bearer(first)).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(59));
            assertThat(h.get("/financial-data/v2/accounts", SandboxHttp.bearer(first)).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            SandboxHttp.Resp expired = h.get("/financial-data/v2/accounts", SandboxHttp.bearer(first));

            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().get("status").asInt()).isEqualTo(401);
            assertThat(h.get("/financial-data/v2/accounts", SandboxHttp.bearer(Walks.atlarToken(h, c))).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void basicAuth_onADataEndpoint_isAccepted() {
        SandboxHttp.Resp r = http.get("/financial-data/v2/accounts", SandboxHttp.basic(org1.accessKey(), org1.secret()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("items")).hasSize(4);
    }

    @Test
    void noAuthorization_returns401WithTheDocumentedMessage() {
        SandboxHttp.Resp r = http.get("/financial-data/v2/accounts", null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("message").asText()).isEqualTo("No bearer token found in authorization header");
    }

    @Test
    void responses_carryARequestIdHeader() {
        SandboxHttp.Resp ok = http.get("/financial-data/v2/accounts", SandboxHttp.bearer(token));
        SandboxHttp.Resp error = http.get("/financial-data/v2/accounts", null);

        assertThat(ok.header("request-id")).isNotBlank();
        assertThat(error.header("request-id")).isNotBlank().isNotEqualTo(ok.header("request-id"));
    }
}
