package dev.bankfeed.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar run as a user runs it: exit codes, stdout and stderr of the command line. */
class BankfeedJarIT {

    @TempDir
    Path dir;

    @Test
    void jar_help_printsTheUsageOfEveryCommandAndExitsZero() {
        Run run = BankfeedJar.run("--help");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo(Main.usage());
    }

    @Test
    void jar_normalizeHelp_printsTheNormalizeUsage() {
        Run run = BankfeedJar.run("normalize", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo(NormalizeCommand.USAGE);
    }

    @Test
    void jar_unknownCommand_printsUsageOnStderrAndExitsOne() {
        Run run = BankfeedJar.run("sync");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderr()).startsWith("bankfeed: unknown command 'sync'\n");
    }

    @Test
    void jar_normalizeMissingProvider_exitsOneWithOneLine() {
        Run run = BankfeedJar.run("normalize", "--kind", "transactions");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderr()).isEqualTo("normalize: missing --provider (see 'bankfeed normalize --help')\n");
    }

    @Test
    void jar_normalizeInvalidJsonOnStdin_exitsOneWithOneLine() {
        Run run = BankfeedJar.run("{\"data\": [".getBytes(UTF_8),
                "normalize", "--provider", "atoa", "--kind", "transactions");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).singleElement().asString().startsWith("normalize: input is not valid JSON");
    }

    @Test
    void jar_normalizeMissingFile_exitsOneWithOneLine() {
        Run run = BankfeedJar.run("normalize", "--provider", "atlar", "--kind", "balances",
                dir.resolve("absent.json").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderrLines()).singleElement().asString().endsWith("absent.json': no such file");
    }

    @Test
    void jar_invokeHandlerClassNotInTheJar_answersTheRuntimeInterfaceClientsErrorFromTheShadedJar() throws Exception {
        // Through the shaded jar: the RIC's classes and its native Runtime API client load from it.
        Path template = Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  GoneFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: dev.bankfeed.functions.GoneHandler::handleRequest
                """);

        Run run = BankfeedJar.runIn(RepoFiles.root(), "invoke", "GoneFunction", "-e",
                "events/list-accounts-schedule.json", "-t", template.toString());

        assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("{\"errorMessage\":\"Class not found: dev.bankfeed.functions.GoneHandler\","
                + "\"errorType\":\"java.lang.ClassNotFoundException\"}\n");
        assertThat(run.stderrLines()).filteredOn(l -> l.startsWith("invoke: ")).containsExactly(
                "invoke: GoneFunction failed: Runtime.BadFunctionCode (java.lang.ClassNotFoundException: Class not "
                        + "found: dev.bankfeed.functions.GoneHandler)");
    }

    @Test
    void jar_invokeUnknownFunction_exitsOneWithOneLineNamingTheTemplatesFunctions() {
        Run run = BankfeedJar.runIn(RepoFiles.root(), "invoke", "NopeFunction", "-e",
                "events/list-accounts-schedule.json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).containsExactly("invoke: no function 'NopeFunction' in the template "
                + "(functions: ListAccountsFunction, SnapshotBalancesFunction, SyncTransactionsFunction, ReadApiFunction)");
    }
}
