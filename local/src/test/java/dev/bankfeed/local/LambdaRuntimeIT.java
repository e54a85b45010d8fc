package dev.bankfeed.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions run through Lambda's runtime interface client in child JVMs on the test class path (so that the
 * handlers of {@link TestHandlers} are found): what comes back is what the RIC posts to the local Runtime API.
 */
class LambdaRuntimeIT {

    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Timeout: 60
                MemorySize: 512
            Resources:
              EchoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.bankfeed.local.TestHandlers$Echo::handleRequest
              ThrowingFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.bankfeed.local.TestHandlers$Throwing::handleRequest
              SleepingFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.bankfeed.local.TestHandlers$Sleeping::handleRequest
                  Timeout: 1
              MissingFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.bankfeed.local.NoSuchHandler::handleRequest
            """;

    @TempDir
    static Path dir;
    private static Path template;
    private static Path event;
    private static Path envVars;

    @BeforeAll
    static void files() throws IOException {
        template = Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
        event = Files.writeString(dir.resolve("event.json"), "{\"source\":\"test\",\"n\":42}");
        // The region makes the function's ARN; this shell's own must not decide it.
        envVars = Files.writeString(dir.resolve("env.json"), "{\"Parameters\": {\"AWS_REGION\": \"us-east-1\"}}");
    }

    @Test
    void invoke_echo_answersWhatTheRicDeserializedAndTheContextItBuiltFromTheRuntimeApi() throws Exception {
        Run run = invoke("EchoFunction");

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode answer = single(run);
        assertThat(answer.path("event")).isEqualTo(BankJson.mapper().readTree("{\"source\":\"test\",\"n\":42}"));
        assertThat(answer.path("functionName").asText()).isEqualTo("EchoFunction");
        assertThat(answer.path("functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:EchoFunction");
        assertThat(answer.path("memoryLimitInMB").asInt()).isEqualTo(512);
        assertThat(answer.path("remainingTimeInMillis").asLong()).isBetween(1L, 60_000L);
        assertThat(answer.path("traceHeader").asText()).startsWith("Root=1-");
        assertThat(run.stderrLines()).last().asString().startsWith("invoke: EchoFunction answered in ");
    }

    @Test
    void invoke_handlerThrows_printsLambdasErrorObjectAndExitsOne() throws Exception {
        JsonNode error = failed(invoke("ThrowingFunction"), "invoke: ThrowingFunction failed: Runtime.UserException "
                + "(java.lang.IllegalStateException: the handler failed on purpose)");

        assertThat(error.path("errorMessage").asText()).isEqualTo("the handler failed on purpose");
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("stackTrace").get(0).asText()).startsWith("dev.bankfeed.local.TestHandlers$Throwing");
    }

    @Test
    void invoke_unknownHandlerClass_printsTheRicsClassNotFoundErrorAndOneClearLine() throws Exception {
        JsonNode error = failed(invoke("MissingFunction"), "invoke: MissingFunction failed: Runtime.BadFunctionCode "
                + "(java.lang.ClassNotFoundException: Class not found: dev.bankfeed.local.NoSuchHandler)");

        assertThat(error.path("errorMessage").asText()).isEqualTo("Class not found: dev.bankfeed.local.NoSuchHandler");
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.ClassNotFoundException");
    }

    @Test
    void invoke_handlerOutlivesTheTimeout_answersLambdasTimeoutErrorAndEndsTheJvm() throws Exception {
        JsonNode error = failed(invoke("SleepingFunction"), "invoke: SleepingFunction failed: Sandbox.Timedout: "
                + "RequestId: ");

        assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.path("errorMessage").asText()).matches("RequestId: [0-9a-f-]{36} Error: Task timed out after "
                + "1\\.00 seconds");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList())
                .as("the function's JVM is killed").isEmpty();
    }

    @Test
    void container_keepsItsJvmWarmBetweenInvocationsAndReplacesOneThatDiedOrTimedOut() throws Exception {
        SamTemplate t = SamTemplate.read(template);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logs, true, UTF_8);
        SamTemplate.Function echo = t.function("EchoFunction").orElseThrow();
        try (LambdaContainer container = new LambdaContainer(echo, FunctionEnvironment.merge(echo, null), log)) {
            LambdaContainer.Outcome first = container.invoke("{}".getBytes(UTF_8));
            LambdaContainer.Outcome second = container.invoke("{}".getBytes(UTF_8));

            assertThat(first.coldStart()).isTrue();
            assertThat(second.coldStart()).isFalse();
            assertThat(pid(second)).isEqualTo(pid(first));
            assertThat(requestId(second)).isNotEqualTo(requestId(first));

            // A JVM that dies while it waits for its next event, as a crashed container does.
            ProcessHandle jvm = ProcessHandle.of(pid(second)).orElseThrow();
            jvm.destroyForcibly();
            jvm.onExit().join();
            LambdaContainer.Outcome third = container.invoke("{}".getBytes(UTF_8));

            assertThat(third.coldStart()).isTrue();
            assertThat(third.result().error()).as(third.result().bodyText()).isFalse();
            assertThat(pid(third)).isNotEqualTo(pid(first));
        }
        SamTemplate.Function sleeping = t.function("SleepingFunction").orElseThrow();
        try (LambdaContainer container = new LambdaContainer(sleeping, FunctionEnvironment.merge(sleeping, null),
                log)) {
            LambdaContainer.Outcome timedOut = container.invoke("{}".getBytes(UTF_8));
            LambdaContainer.Outcome again = container.invoke("{}".getBytes(UTF_8));

            assertThat(timedOut.result().errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(again.coldStart()).as("a new JVM after the timeout").isTrue();
            assertThat(again.result().errorType()).isEqualTo("Sandbox.Timedout");
        }
    }

    private static Run invoke(String function) {
        return Run.of(new InvokeCommand(), List.of(function, "-e", event.toString(), "-n", envVars.toString(),
                "-t", template.toString()),
                new byte[0]);
    }

    /** Checks exit 1 and that stderr has one `invoke:` line, starting with {@code summary}; the error object. */
    private static JsonNode failed(Run run, String summary) {
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderrLines()).filteredOn(l -> l.startsWith("invoke: ")).singleElement().asString()
                .startsWith(summary);
        return single(run);
    }

    private static JsonNode single(Run run) {
        assertThat(run.records()).as("stdout is one JSON answer; stderr:%n%s", run.stderr()).hasSize(1);
        return run.records().get(0);
    }

    private static long pid(LambdaContainer.Outcome outcome) throws IOException {
        return BankJson.mapper().readTree(outcome.result().body()).path("pid").asLong();
    }

    private static String requestId(LambdaContainer.Outcome outcome) throws IOException {
        return BankJson.mapper().readTree(outcome.result().body()).path("requestId").asText();
    }
}
