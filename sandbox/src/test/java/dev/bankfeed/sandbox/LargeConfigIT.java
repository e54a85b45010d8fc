package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.sandbox.atlar.AtlarApi;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 100,000 transactions per provider (2 accounts x 50,000): cheap to hold, quick to page anywhere. */
class LargeConfigIT {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void hundredThousandTransactionsPerProvider_holdInLittleMemoryAndPageEverywhere() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(1).today(TODAY)
                .accountsPerConnection(2).transactionsPerAccount(50_000).historyDays(365).build())) {
            long retained = usedHeapAfterGc(memory) - before;
            // 300,000 transactions as JSON strings would take hundreds of megabytes; ledgers take about 60 bytes each.
            assertThat(retained).as("bytes retained by the sandbox").isLessThan(64L * 1024 * 1024);

            SandboxHttp http = new SandboxHttp(sandbox);
            SandboxConnection atoa = sandbox.connection("atoa-1");
            String account = atoa.accountIds().get(0);
            Walks.AtoaWalk walk = Walks.atoa(http, atoa, account, "2020-01-01", "2030-01-01", 1000);
            assertThat(walk.items()).hasSize(50_000);
            assertThat(walk.items().stream().map(t -> t.get("id").asText()).toList())
                    .containsExactlyElementsOf(sandbox.expected().account(account).transactionIds());

            SandboxConnection atlar = sandbox.connection("atlar-1");
            String token = Walks.atlarToken(http, atlar);
            String next = "";
            int seen = 0;
            for (int page = 0; page < 5; page++) {
                JsonNode body = http.get(AtlarApi.TRANSACTIONS_PATH + "?limit=500" + (next.isEmpty() ? "" : "&token=" + next),
                        SandboxHttp.bearer(token)).json();
                seen += body.get("items").size();
                next = body.get("nextToken").asText();
            }
            assertThat(next).isNotEmpty();
            assertThat(seen).isPositive();

            SandboxConnection finqware = sandbox.connection("finqware-1");
            JsonNode first = http.postJson("/v2/ais/transactions/list",
                    Walks.finqwareBody(finqware, "\"pagination\":{\"limit\":500}")).json();
            assertThat(first.get("transactions")).hasSize(500);
            assertThat(first.get("pagination").get("more?").asBoolean()).isTrue();
            assertThat(sandbox.expected().accounts("finqware").stream()
                    .mapToInt(a -> a.transactions().size()).sum()).isEqualTo(100_000);
        }
    }

    @Test
    void hundredThousandTransactions_advanceStaysExact() {
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(2).today(TODAY)
                .accountsPerConnection(1).transactionsPerAccount(100_000).build())) {
            sandbox.advance();
            List<ExpectedAccount> accounts = sandbox.expected().accounts("atoa");

            assertThat(accounts.get(0).transactions()).hasSize(100_000 + 5);
            assertThat(accounts.get(0).transactionIds()).hasSize(100_000 + 5);
        }
    }
}
