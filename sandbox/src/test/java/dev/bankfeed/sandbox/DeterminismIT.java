package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.sandbox.atlar.AtlarApi;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DeterminismIT {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);

    private static SandboxConfig config(long seed) {
        return SandboxConfig.builder().seed(seed).today(TODAY).transactionsPerAccount(120).build();
    }

    /** The bodies of one page of each provider, as served. */
    private static String pages(ProviderSandbox s) {
        SandboxHttp h = new SandboxHttp(s);
        SandboxConnection atlar = s.connection("atlar-1");
        SandboxConnection atoa = s.connection("atoa-1");
        SandboxConnection finqware = s.connection("finqware-1");
        String atlarPage = h.get(AtlarApi.TRANSACTIONS_PATH + "?limit=60", SandboxHttp.basic(atlar.accessKey(), atlar.secret())).body()
                + h.get(AtlarApi.PENDING_TRANSACTIONS_PATH + "?limit=60", SandboxHttp.basic(atlar.accessKey(), atlar.secret())).body();
        String atoaPage = h.get(Walks.atoaTransactionsPath(atoa.accountIds().get(0), "2024-01-01", "2025-03-10", 1, 40),
                SandboxHttp.bearer(atoa.secretKey())).body();
        String finqwarePage = h.postJson("/v2/ais/transactions/list", Walks.finqwareBody(finqware, "\"pagination\":{\"limit\":60}"))
                .json().get("transactions").toString();
        return atlarPage + "\n" + atoaPage + "\n" + finqwarePage;
    }

    @Test
    void sameSeed_twoSandboxes_serveIdenticalDataAndCredentials() {
        try (ProviderSandbox a = ProviderSandbox.start(config(99)); ProviderSandbox b = ProviderSandbox.start(config(99))) {
            assertThat(a.connectionsJson().replace(a.baseUrl(), "BASE")).isEqualTo(b.connectionsJson().replace(b.baseUrl(), "BASE"));
            assertThat(pages(a)).isEqualTo(pages(b));
            assertThat(a.expected()).isEqualTo(b.expected());
        }
    }

    @Test
    void differentSeed_givesDifferentIdsAndCredentials() {
        try (ProviderSandbox a = ProviderSandbox.start(config(99)); ProviderSandbox b = ProviderSandbox.start(config(100))) {
            assertThat(a.connection("atlar-1").secret()).isNotEqualTo(b.connection("atlar-1").secret());
            assertThat(a.connection("atoa-1").accountIds()).doesNotContainAnyElementsOf(b.connection("atoa-1").accountIds());
            assertThat(pages(a)).isNotEqualTo(pages(b));
        }
    }
}
