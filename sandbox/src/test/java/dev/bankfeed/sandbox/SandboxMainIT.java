package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SandboxMainIT {

    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void run_printsOneConnectionFileThatPointsAtTheSandboxAndAReadyLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"--port", "0", "--seed", "9", "--accounts", "2", "--transactions", "10", "--connections", "2",
            "--today", "2025-03-10"};

        try (ProviderSandbox sandbox = SandboxMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))) {
            JsonNode file = STRICT.readTree(out.toString(StandardCharsets.UTF_8));
            JsonNode connections = file.get("connections");

            assertThat(connections).hasSize(6);
            assertThat(connections.findValuesAsText("id"))
                    .containsExactly("atlar-1", "atlar-2", "atoa-1", "atoa-2", "finqware-1", "finqware-2");
            assertThat(connections.findValuesAsText("baseUrl")).containsOnly(sandbox.baseUrl());
            assertThat(connections.get(2).get("accountIds")).hasSize(2);
            assertThat(connections.get(4).get("refreshData").asBoolean()).isTrue();
            String ready = err.toString(StandardCharsets.UTF_8);
            assertThat(ready).contains("ready", sandbox.baseUrl()).doesNotContain(sandbox.connection("atlar-1").secret());
            assertThat(sandbox.today()).hasToString("2025-03-10");

            JsonNode atlar = connections.get(0);
            SandboxConnection fromFile = new SandboxConnection("atlar-1", "atlar", sandbox.baseUrl(),
                    java.util.Map.of("accessKey", atlar.get("accessKey").asText(), "secret", atlar.get("secret").asText()),
                    java.util.List.of());
            assertThat(Walks.atlarToken(new SandboxHttp(sandbox), fromFile)).isNotBlank();
        }
    }

    @Test
    void runBlocking_servesUntilInterruptedThenCloses() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread[] server = new Thread[1];
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        server[0] = new Thread(() -> exit.complete(SandboxMain.runBlocking(new String[] {"--transactions", "5"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
        server[0].start();
        for (int i = 0; i < 200 && !err.toString(StandardCharsets.UTF_8).contains("ready"); i++) {
            Thread.sleep(50);
        }
        String baseUrl = STRICT.readTree(out.toString(StandardCharsets.UTF_8)).get("connections").get(0).get("baseUrl").asText();
        int port = Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
        try (Socket open = new Socket("127.0.0.1", port)) {
            assertThat(open.isConnected()).isTrue();
        }

        server[0].interrupt();

        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(refused(port)).isTrue();
    }

    private static boolean refused(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return false;
        } catch (IOException e) {
            return true;   // ConnectException: nothing listens any more
        }
    }
}
