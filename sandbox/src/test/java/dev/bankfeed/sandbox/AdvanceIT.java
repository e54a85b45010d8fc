package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.sandbox.atlar.AtlarApi;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdvanceIT {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    static final String FROM = "2024-01-01T00:00:00Z";
    static final String FAR_FUTURE = "2030-01-01T00:00:00Z";
    ProviderSandbox sandbox;
    SandboxHttp http;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(5).today(TODAY).transactionsPerAccount(100)
                .pendingPerAccount(3).newTransactionsPerAdvance(5).build());
        http = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Map<String, JsonNode> byField(List<JsonNode> items, String field) {
        return items.stream().collect(Collectors.toMap(t -> t.get(field).asText(), Function.identity()));
    }

    private static String atoaCounterparty(JsonNode t) {
        return t.get(t.get("type").asText().equals("CREDIT") ? "payer" : "payee").get("name").asText();
    }

    @Test
    void advance_atoaPendingBooksUnderANewIdWithTheSameAmountReferenceAndCounterpartyAndOneInThreeVanishes() {
        SandboxConnection c = sandbox.connection("atoa-1");
        String account = c.accountIds().get(0);
        Map<String, JsonNode> before = byField(Walks.atoa(http, c, account, FROM, FAR_FUTURE, 50).items(), "id");
        Map<String, JsonNode> pendingBefore = before.entrySet().stream()
                .filter(e -> e.getValue().get("status").asText().equals("PENDING"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(pendingBefore).hasSize(3);

        sandbox.advance();
        Map<String, JsonNode> after = byField(Walks.atoa(http, c, account, FROM, FAR_FUTURE, 50).items(), "id");
        ExpectedAccount expected = sandbox.expected().account(account);

        assertThat(sandbox.today()).isEqualTo(TODAY.plusDays(1));
        assertThat(after.keySet()).doesNotContainAnyElementsOf(pendingBefore.keySet());
        List<ExpectedTransaction> twins = expected.transactions().stream()
                .filter(t -> t.replacesPendingId() != null).toList();
        assertThat(twins).hasSize(2);
        for (ExpectedTransaction twin : twins) {
            JsonNode booked = after.get(twin.id());
            JsonNode pending = pendingBefore.get(twin.replacesPendingId());
            assertThat(booked.get("status").asText()).isEqualTo("BOOKED");
            assertThat(booked.get("amount").decimalValue()).isEqualByComparingTo(pending.get("amount").decimalValue());
            assertThat(booked.get("reference").asText()).isEqualTo(pending.get("reference").asText());
            assertThat(atoaCounterparty(booked)).isEqualTo(atoaCounterparty(pending));
            assertThat(LocalDate.parse(booked.get("date").asText().substring(0, 10))).isEqualTo(TODAY);
        }
        List<ExpectedTransaction> vanished = expected.transactions().stream().filter(ExpectedTransaction::vanished).toList();
        assertThat(vanished).hasSize(1);
        assertThat(pendingBefore).containsKey(vanished.get(0).id());
        assertThat(vanished.get(0).status()).isEqualTo("PENDING");
        assertThat(after).hasSize(before.size() - 3 + 2 + 5);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(
                expected.servedTransactions().stream().map(ExpectedTransaction::id).toList());
        assertThat(expected.transactionIds()).containsAll(before.keySet().stream()
                .filter(id -> twins.stream().noneMatch(t -> id.equals(t.replacesPendingId()))).toList());
    }

    @Test
    void advance_finqwarePendingKeepsItsUtxIdButGetsANewRecordIdAndChangeTrackingFindsIt() {
        SandboxConnection c = sandbox.connection("finqware-1");
        String account = c.accountIds().get(0);
        String filter = "{\"account_id\":\"" + account + "\"}";
        Map<String, JsonNode> before = byField(Walks.finqware(http, c, "/v2/ais/transactions/list", "transactions",
                filter, 100), "utx_id");

        sandbox.advance();
        Map<String, JsonNode> after = byField(Walks.finqware(http, c, "/v2/ais/transactions/list", "transactions",
                filter, 100), "utx_id");
        List<JsonNode> changed = Walks.finqware(http, c, "/v2/ais/transactions/list", "transactions",
                "{\"account_id\":\"" + account + "\",\"updated_from\":\"" + TODAY + "T00:00:00Z\"}", 100);

        List<String> bookedNow = before.values().stream().filter(t -> t.get("status").asText().equals("pending"))
                .map(t -> t.get("utx_id").asText()).filter(after::containsKey).toList();
        assertThat(bookedNow).hasSize(2);
        for (String utx : bookedNow) {
            assertThat(after.get(utx).get("status").asText()).isEqualTo("booked");
            assertThat(after.get(utx).get("id").asText()).isNotEqualTo(before.get(utx).get("id").asText());
            assertThat(after.get(utx).get("amount").asText()).isEqualTo(before.get(utx).get("amount").asText());
        }
        Set<String> changedUtx = changed.stream().map(t -> t.get("utx_id").asText()).collect(Collectors.toSet());
        assertThat(changedUtx).hasSize(2 + 5).containsAll(bookedNow);
        assertThat(changed).anySatisfy(t ->
                assertThat(LocalDate.parse(t.get("booking_date_time").asText().substring(0, 10))).isBefore(TODAY));
        assertThat(sandbox.expected().account(account).transactionIds())
                .containsAll(before.keySet()).containsAll(after.keySet()).hasSize(before.size() + 5);
    }

    @Test
    void advance_atlarNewTransactionsArriveIncludingABackDatedOneAndBalancesMoveOn() {
        SandboxConnection c = sandbox.connection("atlar-1");
        String token = Walks.atlarToken(http, c);
        String account = c.accountIds().get(0);
        Set<String> before = Walks.atlar(http, token, AtlarApi.TRANSACTIONS_PATH + "?accountId=" + account, 100)
                .items().stream().map(t -> t.get("id").asText()).collect(Collectors.toSet());

        sandbox.advance();
        List<JsonNode> after = Walks.atlar(http, token, AtlarApi.TRANSACTIONS_PATH + "?accountId=" + account, 100).items();
        JsonNode balance = http.get("/financial-data/v2/accounts/" + account + "/balances?mostRecent=true",
                SandboxHttp.bearer(token)).json().get("items").get(0);

        List<JsonNode> arrived = after.stream().filter(t -> !before.contains(t.get("id").asText())).toList();
        // Four of the five new ones are booked (the fifth is pending), plus two booked twins of yesterday's pending.
        assertThat(arrived).hasSize(4 + 2);
        assertThat(arrived).filteredOn(t -> LocalDate.parse(t.get("date").asText()).isBefore(TODAY)).hasSize(1);
        assertThat(arrived).filteredOn(t -> LocalDate.parse(t.get("date").asText()).equals(TODAY)).hasSize(5);
        assertThat(balance.get("localDate").asText()).isEqualTo(TODAY.toString());
        assertThat(balance.get("amount").get("value").asLong())
                .isEqualTo(sandbox.expected().account(account).bookedBalance().amountMinor());
    }

    @Test
    void advance_keepsBalancesContinuousWithTheBookedTransactions() {
        Expected first = sandbox.expected();
        sandbox.advance(3);
        Expected later = sandbox.expected();

        for (ExpectedAccount a : first.accounts()) {
            ExpectedAccount b = later.account(a.accountId());
            long opening = a.bookedBalance().amountMinor() - a.bookedSum();
            assertThat(b.bookedBalance().amountMinor() - b.bookedSum()).as(a.accountId()).isEqualTo(opening);
        }
        String atoaAccount = sandbox.connection("atoa-1").accountIds().get(1);
        JsonNode balance = http.get("/api/bank/accounts/" + atoaAccount + "/balance",
                SandboxHttp.bearer(sandbox.connection("atoa-1").secretKey())).json();
        assertThat(balance.get("balance").decimalValue().movePointRight(2).longValueExact())
                .isEqualTo(later.account(atoaAccount).bookedBalance().amountMinor());
        assertThat(later.today()).isEqualTo(TODAY.plusDays(3));
    }
}
