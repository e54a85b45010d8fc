package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.RepoFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The queued path on one machine: {@code invoke} of a schedule event dispatches to the function's work queue,
 * which the runner makes on moto from template.yaml; {@code work --until-empty} consumes it as Lambda's SQS
 * event source would, and prints the run record once the run is FINISHED.
 */
// In order: the first invoke makes the queues, and the dead-letter test must find them drained.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkMotoIT {

    @TempDir
    static Path dir;
    private static MotoStack stack;
    private static SqsClient sqs;
    private static SamTemplate template;

    @BeforeAll
    static void startStack() throws Exception {
        MotoServer.assumeAvailable();
        stack = MotoStack.start(SandboxConfig.builder().seed(11).accountsPerConnection(2).transactionsPerAccount(40)
                .historyDays(30).build(), dir);
        sqs = stack.moto.sqsClient();
        template = SamTemplate.read(RepoFiles.template());
    }

    @AfterAll
    static void stopStack() {
        if (sqs != null) {
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void invokeThenWorkUntilEmpty_storesEverySandboxTransaction_andPrintsTheFinishedRun() {
        Run invoke = BankfeedJar.runIn(RepoFiles.root(), "invoke", "SyncTransactionsFunction", "-e",
                "events/sync-transactions-schedule.json", "-n", stack.queuedEnvFile.toString());
        assertThat(invoke.exit()).as("stderr:%n%s", invoke.stderr()).isZero();
        assertThat(invoke.stderr()).contains("invoke: created queue 'SyncTransactionsWorkQueue'");
        JsonNode dispatch = invoke.records().get(0);
        assertThat(dispatch.path("status").asText()).isEqualTo("DISPATCHED");
        assertThat(dispatch.path("queued").asLong()).isPositive();

        Run work = work("--until-empty", "--workers", "3");

        assertThat(work.exit()).as("stderr:%n%s", work.stderr()).isZero();
        List<JsonNode> runs = work.records();
        assertThat(runs).as(work.stdout()).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.path("runId").asText()).isEqualTo(dispatch.path("runId").asText());
        assertThat(run.path("status").asText()).isEqualTo("FINISHED");
        assertThat(run.path("failed").asLong()).isZero();
        assertThat(run.path("added").asLong()).isEqualTo(stack.sandbox.expected().transactionCount());
        for (ExpectedAccount a : stack.sandbox.expected().accounts()) {
            assertThat(stack.countItems(MotoStack.canonicalId(a), "TXN#")).as(a.accountId())
                    .isEqualTo(a.transactions().size());
        }
    }

    @Test
    @Order(2)
    void queuesMadeFromTheTemplate_haveItsVisibilityTimeoutAndRedrivePolicy() {
        TemplateResources.prepare(template, environments(), "test", System.err);

        for (SamTemplate.WorkQueue q : template.workQueues()) {
            String url = TemplateResources.queueUrl(sqs, q.logicalId());
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(a.get(QueueAttributeName.VISIBILITY_TIMEOUT)).as(q.logicalId())
                    .isEqualTo(q.functionLogicalId().startsWith("SyncTransactions") ? "5400" : "1800");
            JsonNode redrive = readTree(a.get(QueueAttributeName.REDRIVE_POLICY));
            assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(5);
            assertThat(redrive.path("deadLetterTargetArn").asText()).endsWith(":" + q.deadLetterLogicalId());
        }
    }

    @Test
    @Order(3)
    void aMessageThatFailsEveryTime_endsInTheDeadLetterQueue_afterMaxReceiveCountReceives() {
        SamTemplate.WorkQueue q = template.workQueue("ListAccountsFunction").orElseThrow();
        TemplateResources.prepare(template, environments(), "test", System.err);
        String url = TemplateResources.queueUrl(sqs, q.logicalId());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"v\":1,\"not\":\"a work unit\"}"));

        Run work = work("--until-empty", "--visibility-timeout", "1");

        assertThat(work.exit()).as("stderr:%n%s", work.stderr()).isZero();
        assertThat(work.stdout()).isEmpty();
        assertThat(work.stderr()).contains("5 failed");
        String dlq = TemplateResources.queueUrl(sqs, q.deadLetterLogicalId());
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)).messages();
        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).contains("not"));
    }

    /** {@code work} in this JVM, on the stack's queued environment. */
    private static Run work(String... options) {
        List<String> args = new ArrayList<>(List.of("-n", stack.queuedEnvFile.toString(), "--template",
                RepoFiles.template().toString()));
        args.addAll(List.of(options));
        return Run.of(new WorkCommand(), args.toArray(String[]::new));
    }

    private static Map<String, Map<String, String>> environments() {
        Map<String, Map<String, String>> envs = new java.util.LinkedHashMap<>();
        template.functions().values().forEach(f -> {
            try {
                envs.put(f.logicalId(), FunctionEnvironment.merge(f, stack.queuedEnvFile));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return envs;
    }

    private static JsonNode readTree(String json) {
        try {
            return BankJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
