package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dispatch of {@code java -jar bankfeed.jar <command>}: help, reserved commands, unknown commands. */
class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help", "-h"})
    void main_help_listsEveryCommandOnStdoutAndExitsZero(String help) {
        Run run = Run.main(help);

        assertThat(run.exit()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).startsWith("Usage: java -jar bankfeed.jar <command> [options]\n")
                .contains("  " + NormalizeCommand.SYNOPSIS + "\n", "\n  sandbox", "\n  demo", "\n  invoke",
                        "\n  start-api", "\n  help [COMMAND]", "With no command, runs 'demo'.",
                        "2 some records rejected")
                .endsWith("\n");
    }

    @Test
    void main_helpOfOneCommand_printsThatCommandsUsage() {
        Run run = Run.main("help", "normalize");

        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo(NormalizeCommand.USAGE);
    }

    @Test
    void main_helpOfUnknownCommand_printsUsageOnStderrAndExitsOne() {
        Run run = Run.main("help", "sync");

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderr()).startsWith("bankfeed: unknown command 'sync'\n\nUsage: ");
    }

    @Test
    void main_unknownCommand_printsUsageOnStderrAndExitsOne() {
        Run run = Run.main("normalise", "--provider", "atoa");

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderr()).isEqualTo("bankfeed: unknown command 'normalise'\n\n" + Main.usage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "demo", "invoke", "start-api"})
    void main_commandWithUnknownOption_saysSoAndExitsOne(String name) {
        Run run = Run.main(name, "--bogus", "8080");

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderr()).contains("bogus");
    }

    @Test
    void main_noCommand_runsDemo() {
        Run run = Run.main("--template", "no-such-template.yaml");

        assertThat(run.exit()).isEqualTo(Command.ERROR);
    }

    @Test
    void main_normalizeWithWrongArguments_returnsTheCommandsExitCode() {
        Run run = Run.main("normalize", "--kind", "transactions");

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stderrLines())
                .containsExactly("normalize: missing --provider (see 'bankfeed normalize --help')");
    }
}
