package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ProviderSandbox;
import dev.bankfeed.sandbox.RetryAfter;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.atlar.AtlarFaults;
import dev.bankfeed.sandbox.atoa.AtoaFaults;
import dev.bankfeed.sandbox.finqware.FinqwareFaults;
import dev.bankfeed.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-connection} against the provider sandbox, through the real runner jar with every log line on
 * (BANKFEED_LOG_LEVEL=DEBUG): what it prints for a live, an expired, a refused and a rate-limited connection, its
 * exit codes, and that no credential of any connection appears anywhere on its standard output or error.
 */
class CheckConnectionIT {

    @TempDir
    static Path dir;
    private static ProviderSandbox sandbox;
    private static Path connectionsFile;

    @BeforeAll
    static void startSandbox() throws IOException {
        sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(5).accountsPerConnection(2)
                .transactionsPerAccount(5).build());
        connectionsFile = Files.writeString(dir.resolve("connections.json"), sandbox.connectionsJson());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clearAll();
    }

    @Test
    void aConnectionsFileOfLiveConnections_listsEachOnesAccounts_consentOK_exit0() {
        Run run = check(connectionsFile.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        for (SandboxConnection c : sandbox.connections()) {
            String block = block(run.stdout(), c.id());
            assertThat(block).startsWith("connection " + c.id() + ": " + c.provider() + " at " + c.baseUrl())
                    .contains("  consent:  OK")
                    .contains("  accounts: " + c.accountIds().size() + " (");
            for (ExpectedAccount a : sandbox.expected().accounts()) {
                if (a.connectionId().equals(c.id())) {
                    assertThat(block).contains(a.provider() + ":" + a.accountId() + " " + a.currency());
                }
            }
        }
        assertThat(run.stderr()).contains("check-connection: 3 of 3 connections answered");
        assertNoSecret(run);
    }

    @Test
    void anExpiredAtoaConsent_inASecretsObject_isNeedsReauth_exit1() throws IOException {
        SandboxConnection atoa = sandbox.connections("atoa").get(0);
        sandbox.faults().of(AtoaFaults.class).expireConsent(atoa.accountAuthId());
        // As a secret holds it: one object, its id taken from the file name when it has none.
        ObjectNode secret = connectionObject(atoa.id());
        secret.remove("id");
        Path file = Files.writeString(dir.resolve("atoa-main.json"), secret.toString());

        Run run = check(file.toString());

        assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("connection atoa-main: atoa at " + atoa.baseUrl())
                .contains("  consent:  needs re-auth (NEEDS_REAUTH)")
                .contains("CONSENT_NOT_FOUND")
                .contains("  action:   the bank refused the credentials or the consent");
        assertNoSecret(run);
    }

    @Test
    void anExpiredFinqwareConsent_failsThatConnectionOnly_exit1() {
        SandboxConnection finqware = sandbox.connections("finqware").get(0);
        sandbox.faults().of(FinqwareFaults.class).expireConsent(finqware.consentId());

        Run run = check(connectionsFile.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(block(run.stdout(), finqware.id())).contains("  consent:  needs re-auth (NEEDS_REAUTH)")
                .contains("consent_not_active");
        for (SandboxConnection other : sandbox.connections()) {
            if (!other.id().equals(finqware.id())) {
                assertThat(block(run.stdout(), other.id())).contains("  consent:  OK");
            }
        }
        assertThat(run.stderr()).contains("check-connection: 2 of 3 connections answered");
        assertNoSecret(run);
    }

    @Test
    void aWrongKey_isRefusedAsNeedsReauth_andNeitherKeyIsPrinted() throws IOException {
        SandboxConnection atoa = sandbox.connections("atoa").get(0);
        ObjectNode secret = connectionObject(atoa.id());
        String wrongKey = "sk_test_WRONGKEY0123456789";
        secret.put("secretKey", wrongKey);
        Path file = Files.writeString(dir.resolve("atoa-wrong.json"), secret.toString());

        Run run = check(file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).contains("  consent:  needs re-auth (NEEDS_REAUTH)").contains("HTTP 401");
        assertThat(run.stdout() + run.stderr()).doesNotContain(wrongKey);
        assertNoSecret(run);
    }

    @Test
    void aRateLimitedProvider_isReportedWithItsRetryAfter_notWaitedFor_exit1() throws IOException {
        SandboxConnection atlar = sandbox.connections("atlar").get(0);
        sandbox.faults().of(AtlarFaults.class).throttleNext(5, RetryAfter.seconds(120));
        Path file = Files.writeString(dir.resolve("atlar.json"), connectionObject(atlar.id()).toString());

        long started = System.nanoTime();
        Run run = check(file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).contains("  consent:  rate limited (RATE_LIMITED, retry after 120 s)");
        assertThat((System.nanoTime() - started) / 1_000_000_000).as("seconds").isLessThan(60);
        assertNoSecret(run);
    }

    @Test
    void invalidFiles_exit2_namingTheFieldOrPosition_neverAValue() throws IOException {
        SandboxConnection atoa = sandbox.connections("atoa").get(0);
        ObjectNode pasted = connectionObject(atoa.id());
        String zeroWidth = atoa.secretKey().substring(0, 6) + "\u200B" + atoa.secretKey().substring(6);
        pasted.put("secretKey", zeroWidth);
        ObjectNode plainHttp = connectionObject(atoa.id());
        plainHttp.put("baseUrl", "http://api.example.com");
        Map<Path, String> cases = Map.of(
                Files.writeString(dir.resolve("pasted.json"), pasted.toString(), StandardCharsets.UTF_8),
                "connection 'atoa-1': field 'secretKey' must hold printable ASCII characters only",
                Files.writeString(dir.resolve("truncated.json"), "{\"provider\":\"atoa\",\"secretKey\":\""
                        + atoa.secretKey() + "\""),
                "connection 'truncated': not valid JSON (line 1",
                Files.writeString(dir.resolve("http.json"), plainHttp.toString()),
                "connection 'atoa-1': field 'baseUrl' must use https",
                dir.resolve("absent.json"),
                "no such file: " + dir.resolve("absent.json"));

        cases.forEach((file, message) -> {
            Run run = Run.of(new CheckConnectionCommand(), file.toString());
            assertThat(run.exit()).as(file.toString()).isEqualTo(2);
            assertThat(run.stdout()).as(file.toString()).isEmpty();
            assertThat(run.stderr()).as(file.toString()).contains("check-connection: " + message);
            assertThat(run.stderr()).doesNotContain(atoa.secretKey()).doesNotContain(zeroWidth)
                    .doesNotContain(atoa.secretKey().substring(6));
        });
        Run none = Run.of(new CheckConnectionCommand());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.stderr()).contains("name exactly one FILE");
    }

    /** Runs the real jar with every log line of the runner on its standard error. */
    private static Run check(String file) {
        return BankfeedJar.runIn(RepoFiles.root(), Map.of("BANKFEED_LOG_LEVEL", "DEBUG"), "check-connection", file);
    }

    /** One connection of the sandbox's connections file, as its JSON object. */
    private static ObjectNode connectionObject(String id) {
        try {
            for (JsonNode c : BankJson.mapper().readTree(sandbox.connectionsJson()).path("connections")) {
                if (c.path("id").asText().equals(id)) {
                    return (ObjectNode) c;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException(id);
    }

    /** The lines printed for one connection: its heading up to the next connection's. */
    private static String block(String stdout, String id) {
        int start = stdout.indexOf("connection " + id + ":");
        assertThat(start).as("a block for " + id + " in:\n" + stdout).isNotNegative();
        int end = stdout.indexOf("\nconnection ", start + 1);
        return end < 0 ? stdout.substring(start) : stdout.substring(start, end + 1);
    }

    /** No credential of any sandbox connection, whole or in its Basic-auth form, on standard output or error. */
    private static void assertNoSecret(Run run) {
        List<String> secrets = new ArrayList<>();
        for (SandboxConnection c : sandbox.connections()) {
            secrets.add(c.secret());
            secrets.add(c.secretKey());
            secrets.add(c.clientSecret());
            secrets.add(c.bearerToken());
            secrets.add(c.accessKey());
            if (c.accessKey() != null) {
                secrets.add(java.util.Base64.getEncoder().encodeToString((c.accessKey() + ":" + c.secret())
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        String text = run.stdout() + run.stderr();
        assertThat(secrets.stream().filter(Objects::nonNull).toList()).isNotEmpty()
                .allSatisfy(s -> assertThat(text).doesNotContain(s));
    }
}
