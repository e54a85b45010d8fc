package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code bankfeed demo} as a user runs it first, from the repository root with the real jar. */
class DemoJarIT {

    @Test
    void demo_smallSandbox_passesItsThreeChecksAndShowsProgressOnStderr() {
        MotoServer.assumeAvailable();
        Run run = BankfeedJar.runIn(RepoFiles.root(), "demo", "--accounts", "1", "--transactions", "60");

        assertThat(run.exit()).as("stdout:%n%s%nstderr:%n%s", run.stdout(), run.stderr()).isZero();
        assertThat(run.lines())
                .anySatisfy(l -> assertThat(l).startsWith("  OK   every sandbox transaction stored exactly once ("))
                .anySatisfy(l -> assertThat(l).startsWith("  OK   second sync wrote nothing new (added 0, changed 0)"))
                .anySatisfy(l -> assertThat(l).startsWith("  OK   duplicate schedule event changed nothing "
                        + "(DUPLICATE_EVENT)"))
                .noneSatisfy(l -> assertThat(l).contains("FAIL"));
        assertThat(run.stderrLines())
                .anySatisfy(l -> assertThat(l).startsWith("- provider sandbox on http://127.0.0.1:"))
                .anySatisfy(l -> assertThat(l).matches("- AWS on http://127\\.0\\.0\\.1:\\d+: table 'bankfeed' created .*"))
                .anySatisfy(l -> assertThat(l).startsWith("- Secrets Manager: 3 connections stored"))
                .anySatisfy(l -> assertThat(l).startsWith("- SQS: 6 queues created from template.yaml"))
                .anySatisfy(l -> assertThat(l).matches("- SyncTransactions \\(schedule\\): dispatched run \\S+: \\d+ "
                        + "units to the queue"))
                .anySatisfy(l -> assertThat(l).matches("- workers: \\d+ units done, 0 failed, .*"))
                .anySatisfy(l -> assertThat(l).startsWith("- SyncTransactions (schedule): FINISHED"))
                .anySatisfy(l -> assertThat(l).startsWith("- SyncTransactions schedule event delivered twice: "
                        + "DUPLICATE_EVENT"));
    }

    @Test
    void demo_withoutMotoInstalled_saysHowToInstallItInOneLine_andExits1() {
        // Only java itself, by absolute path: no moto_server on this PATH.
        Run run = BankfeedJar.runIn(RepoFiles.root(), Map.of("PATH", "/nonexistent"), "demo");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderrLines()).filteredOn(l -> l.startsWith("demo:")).singleElement().satisfies(l -> assertThat(l)
                .contains("pip install 'moto[server]'").contains("python3-moto").contains("--aws-endpoint"));
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void demo_localstackWithoutDocker_isRefusedInOneLine() {
        Assumptions.assumeFalse(Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null,
                "a Docker engine may be here: the refusal cannot be shown");
        Run run = BankfeedJar.runIn(RepoFiles.root(), "demo", "--aws", "localstack");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderrLines()).filteredOn(l -> l.startsWith("demo:")).singleElement()
                .satisfies(l -> assertThat(l).contains("Docker").contains("--aws-endpoint"));
        assertThat(run.stderr()).doesNotContain("\tat ");
    }

    @Test
    void demo_awsEndpointOfTheUsers_runsThere_andLeavesNothingBehind() {
        MotoServer moto = MotoServer.shared();
        Run run = BankfeedJar.runIn(RepoFiles.root(), "demo", "--accounts", "1", "--transactions", "40",
                "--aws-endpoint", moto.endpoint().toString());

        assertThat(run.exit()).as("stderr:%n%s", run.stderr()).isZero();
        assertThat(run.stderrLines()).anySatisfy(l -> assertThat(l)
                .startsWith("- AWS on " + moto.endpoint() + ": table 'bankfeed-demo-"));
        try (DynamoDbClient dynamo = moto.dynamoClient()) {
            assertThat(dynamo.listTables().tableNames()).noneMatch(t -> t.startsWith("bankfeed-demo-"));
        }
    }

    @Test
    void demo_badOptions_areUsageErrors() {
        assertThat(BankfeedJar.runIn(RepoFiles.root(), "demo", "--aws", "dynalite").stderr())
                .contains("--aws must be moto or localstack");
        assertThat(BankfeedJar.runIn(RepoFiles.root(), "demo", "--aws-endpoint", "localhost").stderr())
                .contains("--aws-endpoint must be an http(s) URL");
    }

    @Test
    void demo_interrupted_stopsMotoAndEverythingItSpawned(@TempDir Path dir) throws Exception {
        MotoServer.assumeAvailable();
        Path log = dir.resolve("demo.log");
        Process demo = BankfeedJar.start(RepoFiles.root(), log, "demo", "--accounts", "20", "--transactions", "2000");
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (!Files.readString(log).contains("table 'bankfeed' created") && Instant.now().isBefore(until)) {
            assertThat(demo.isAlive()).as(Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        List<ProcessHandle> spawned = demo.descendants().toList();
        assertThat(spawned).as("moto_server runs under the demo").isNotEmpty();

        demo.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks

        assertThat(demo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (spawned.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(spawned).noneMatch(ProcessHandle::isAlive);
    }
}
