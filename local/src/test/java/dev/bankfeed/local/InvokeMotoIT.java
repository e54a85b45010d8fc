package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankfeed invoke} as a user runs it from the repository root, with the real jar and the events/ files,
 * against moto_server as DynamoDB and Secrets Manager: each function runs in a fresh JVM with its no-argument
 * constructor, reads its connections from secrets and writes the table, as it would in Lambda.
 */
class InvokeMotoIT {

    @TempDir
    static Path dir;
    private static MotoStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        MotoServer.assumeAvailable();
        // History within the template's BACKFILL_DAYS default (90), so that a first sync takes all of it.
        stack = MotoStack.start(SandboxConfig.builder().seed(42).accountsPerConnection(1).transactionsPerAccount(40)
                .historyDays(30).build(), dir);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void invoke_eachFunctionInDeploymentOrder_completesAndStoresItsRecordsInTheTable() {
        List<ExpectedAccount> accounts = stack.sandbox.expected().accounts();

        JsonNode listed = invoke("ListAccountsFunction", "list-accounts-schedule.json");
        assertCompletedOver(listed, "accounts", accounts.size());
        for (ExpectedAccount a : accounts) {
            assertThat(stack.countItems(MotoStack.canonicalId(a), "PROFILE")).as(a.accountId()).isEqualTo(1);
        }

        JsonNode balances = invoke("SnapshotBalancesFunction", "snapshot-balances-schedule.json");
        assertCompletedOver(balances, "balances", accounts.size());
        for (ExpectedAccount a : accounts) {
            assertThat(stack.countItems(MotoStack.canonicalId(a), "BAL#")).as(a.accountId())
                    .isEqualTo(a.balances().size());
        }

        JsonNode synced = invoke("SyncTransactionsFunction", "sync-transactions-schedule.json");
        assertCompletedOver(synced, "transactions", accounts.size());
        assertThat(synced.path("added").asLong()).isEqualTo(stack.sandbox.expected().transactionCount());
        for (ExpectedAccount a : accounts) {
            assertThat(stack.countItems(MotoStack.canonicalId(a), "TXN#")).as(a.accountId())
                    .isEqualTo(a.transactions().size());
            assertThat(stack.countItems(MotoStack.canonicalId(a), "CURSOR")).as(a.accountId()).isEqualTo(1);
        }

        // The same schedule event again, as EventBridge Scheduler may deliver it: the ledger in moto says no.
        JsonNode again = invoke("SyncTransactionsFunction", "sync-transactions-schedule.json");
        assertThat(again.path("status").asText()).isEqualTo("DUPLICATE_EVENT");
    }

    @Test
    void invokeWithCode_runsTheDeploymentJarOnLambdasClassPath() throws Exception {
        Path jar = RepoFiles.root().resolve("functions/target/bankfeed-functions-lambda.jar");
        // A firing of its own, so that the other test's ListAccounts run does not make this one a duplicate.
        Path event = dir.resolve("list-accounts-code.json");
        Files.writeString(event, Files.readString(RepoFiles.root().resolve("events/list-accounts-schedule.json"))
                .replace("2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z"));

        Run run = BankfeedJar.runIn(RepoFiles.root(), "invoke", "ListAccountsFunction", "-e", event.toString(),
                "-n", stack.envFile.toString(), "--code", jar.toString());

        assertThat(run.exit()).as("stderr:%n%s", run.stderr()).isZero();
        assertThat(run.records()).hasSize(1);
        assertThat(run.records().get(0).path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void invokeWithCode_aJarWithoutTheHandler_failsAsLambdaWould() throws Exception {
        // An empty jar: the handler is found nowhere, so the runner's class path is not the function's.
        Path thin = dir.resolve("empty.jar");
        try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(thin))) {
            empty.putNextEntry(new JarEntry("META-INF/"));
        }

        Run run = BankfeedJar.runIn(RepoFiles.root(), "invoke", "ListAccountsFunction", "-e",
                "events/list-accounts-schedule.json", "-n", stack.envFile.toString(), "--code", thin.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("invoke: ListAccountsFunction failed");
    }

    /** Runs `invoke` with -e and -n; checks the exit code and that stdout is exactly one JSON answer. */
    private static JsonNode invoke(String function, String event) {
        Run run = BankfeedJar.runIn(RepoFiles.root(), "invoke", function, "-e", "events/" + event,
                "-n", stack.envFile.toString());

        assertThat(run.exit()).as("exit of %s; stderr:%n%s", function, run.stderr()).isZero();
        assertThat(run.stderr()).contains("invoke: " + function + " answered")
                // A fresh JVM per invoke, as a Lambda cold start; Powertools' JSON log lines say so.
                .contains("\"cold_start\":true").doesNotContain("\"cold_start\":false");
        List<JsonNode> answers = run.records();
        assertThat(answers).as("stdout of %s", function).hasSize(1);
        return answers.get(0);
    }

    private static void assertCompletedOver(JsonNode result, String job, int accounts) {
        assertThat(result.path("job").asText()).isEqualTo(job);
        assertThat(result.path("status").asText()).as("%s", result).isEqualTo("COMPLETED");
        List<String> statuses = new ArrayList<>();
        result.path("accounts").forEach(o -> statuses.add(o.path("status").asText()));
        assertThat(statuses).hasSize(accounts).containsOnly("OK");
    }
}
