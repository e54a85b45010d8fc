package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.testing.RepoFiles;
import org.junit.jupiter.api.Test;

/** {@code bankfeed demo} as a user runs it first, from the repository root with the real jar. */
class DemoJarIT {

    @Test
    void demo_smallSandbox_passesItsThreeChecksAndShowsProgressOnStderr() {
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
                .anySatisfy(l -> assertThat(l).startsWith("- DynamoDB Local: table 'bankfeed' created"))
                .anySatisfy(l -> assertThat(l).startsWith("- SyncTransactions (schedule): COMPLETED"))
                .anySatisfy(l -> assertThat(l).startsWith("- SyncTransactions schedule event delivered twice: "
                        + "DUPLICATE_EVENT"));
    }
}
