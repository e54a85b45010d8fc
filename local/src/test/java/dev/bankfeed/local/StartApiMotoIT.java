package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.RepoFiles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankfeed start-api} as a user runs it from the repository root, with the real jar, serving the
 * template's routes over the functions' handlers against moto_server (DynamoDB and Secrets Manager).
 */
class StartApiMotoIT {

    @TempDir
    static Path dir;
    private static MotoStack stack;
    private static Process api;
    private static Path log;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startApi() throws Exception {
        MotoServer.assumeAvailable();
        stack = MotoStack.start(SandboxConfig.builder().seed(7).accountsPerConnection(1).transactionsPerAccount(30)
                .historyDays(30).build(), dir);
        port = freePort();
        log = dir.resolve("start-api.log");
        api = BankfeedJar.start(RepoFiles.root(), log, "start-api", "--port", Integer.toString(port),
                "-n", stack.envFile.toString());
        awaitListening();
    }

    @AfterAll
    static void stopApi() throws Exception {
        List<ProcessHandle> tree = api == null ? List.of() : api.descendants().toList();
        try {
            if (api != null) {
                assertThat(tree).as("the functions run in child JVMs").isNotEmpty();
                // What `kill <pid>` of the runner does: its shutdown hook must take the functions' JVMs along.
                api.destroy();
                assertThat(api.waitFor(30, TimeUnit.SECONDS)).isTrue();
                for (ProcessHandle child : tree) {
                    child.onExit().get(30, TimeUnit.SECONDS);
                }
                assertThat(listening()).as("port %d still open", port).isFalse();
            }
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
            if (api != null) {
                api.destroyForcibly();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void startApi_postSyncForOneConnection_answers200WithTheJobResult() throws Exception {
        HttpResponse<String> r = post("/transactions/sync?connection=atoa-1");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonNode result = BankJson.mapper().readTree(r.body());
        assertThat(result.path("job").asText()).isEqualTo("transactions");
        assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
        List<String> connections = new ArrayList<>();
        result.path("accounts").forEach(o -> connections.add(o.path("connectionId").asText()));
        assertThat(connections).isNotEmpty().containsOnly("atoa-1");
        long expected = stack.sandbox.expected().accountsOf("atoa-1").stream()
                .mapToLong(a -> a.transactions().size()).sum();
        assertThat(result.path("added").asLong()).isEqualTo(expected);
    }

    @Test
    void startApi_postWithInvalidDate_answers400ProblemNamingFrom() throws Exception {
        HttpResponse<String> r = post("/transactions/sync?from=2026-13-01");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
        JsonNode problem = BankJson.mapper().readTree(r.body());
        assertThat(problem.path("field").asText()).isEqualTo("from");
        assertThat(problem.path("detail").asText()).contains("'from'");
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void startApi_twoRequestsToOneFunction_theSecondReusesItsWarmJvm() throws Exception {
        post("/balances/snapshot?connection=atoa-1");
        HttpResponse<String> r = post("/balances/snapshot?connection=atoa-1");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> served = Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("POST /balances/snapshot") && l.contains("SnapshotBalancesFunction"))
                .toList();
        assertThat(served).hasSize(2);
        assertThat(served.get(0)).endsWith(", cold start)");
        assertThat(served.get(1)).doesNotContain("cold start");
    }

    @Test
    void startApi_readRoutes_answerFromTheSyncedTable_withPathParameters() throws Exception {
        assertThat(post("/accounts/sync?connection=atoa-1").statusCode()).isEqualTo(200);
        assertThat(post("/transactions/sync?connection=atoa-1").statusCode()).isEqualTo(200);

        HttpResponse<String> accounts = get("/connections/atoa-1/accounts");
        assertThat(accounts.statusCode()).as(accounts.body()).isEqualTo(200);
        JsonNode first = BankJson.mapper().readTree(accounts.body()).path("accounts").path(0);
        String account = first.path("canonicalId").asText();
        assertThat(account).startsWith("atoa:");
        assertThat(first.path("statuses").path("transactions").path("lastSuccessAt").asText()).isNotEmpty();

        HttpResponse<String> changes = get("/accounts/" + account + "/transactions/changes?limit=500");
        assertThat(changes.statusCode()).as(changes.body()).isEqualTo(200);
        JsonNode feed = BankJson.mapper().readTree(changes.body());
        assertThat(feed.path("hasMore").asBoolean()).isFalse();
        JsonNode all = BankJson.mapper().readTree(get("/accounts/" + account + "/transactions?limit=500").body());
        assertThat(feed.path("changes").size()).isPositive().isEqualTo(all.path("transactions").size());

        HttpResponse<String> window = get("/accounts/" + account + "/transactions?limit=5");
        assertThat(window.statusCode()).isEqualTo(200);
        assertThat(BankJson.mapper().readTree(window.body()).path("nextCursor").asText()).isNotEmpty();
        assertThat(get("/accounts/atoa:nope/balances").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startApi_unknownPath_answers404() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/nope")).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean listening() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    /** Waits until the API accepts connections; a guard against a server that never starts, not a timing check. */
    private static void awaitListening() throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!listening()) {
            if (!api.isAlive() || System.nanoTime() > until) {
                throw new AssertionError("start-api is not listening on " + port + "; its output:\n"
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }
}
