package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LatencyIT {

    private static final Duration LATENCY = Duration.ofMillis(300);

    @Test
    void latency_holdsEveryRequestAtLeastThatLong() {
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxConfig.builder().latency(LATENCY).build())) {
            SandboxHttp http = new SandboxHttp(sandbox);
            SandboxConnection finqware = sandbox.connection("finqware-1");

            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                SandboxHttp.Resp r = http.postJson("/v2/ais/accounts/list", Walks.finqwareBody(finqware, null));
                long millis = (System.nanoTime() - start) / 1_000_000;

                assertThat(r.status()).isEqualTo(200);
                assertThat(millis).isGreaterThanOrEqualTo(LATENCY.toMillis());
            }
        }
    }

    @Test
    void latency_withAThreadPerClient_overlapsConcurrentRequests() throws Exception {
        int clients = 8;
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxConfig.builder().latency(LATENCY)
                .threads(clients).build())) {
            SandboxConnection finqware = sandbox.connection("finqware-1");
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                long start = System.nanoTime();
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    answers.add(pool.submit(() -> new SandboxHttp(sandbox)
                            .postJson("/v2/ais/accounts/list", Walks.finqwareBody(finqware, null)).status()));
                }
                for (Future<Integer> a : answers) {
                    assertThat(a.get()).isEqualTo(200);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;

                // Served one after another they would take clients x latency; the bound leaves room for a slow box.
                assertThat(millis).isGreaterThanOrEqualTo(LATENCY.toMillis())
                        .isLessThan(clients * LATENCY.toMillis() / 2);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
