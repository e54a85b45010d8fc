package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar bankfeed.jar normalize} over the real normalizers and the seed examples. */
class BankfeedJarNormalizeIT {

    private static final String SEED = "atoa-transactions-seed-002.json";

    @TempDir
    Path dir;

    @Test
    void jar_normalizeAtoaSeedFile_printsTwoExactTransactionsAndExitsZero() {
        Path file = Run.resourceFile(dir, SEED);

        Run run = BankfeedJar.run("normalize", "--provider", "atoa", "--kind", "transactions",
                "--account", "acc_001", "--fetched-at", "2025-02-01T08:00:00Z", file.toString());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).contains("\"providerTransactionId\":\"txn_001\"",
                "\"amount\":{\"minor\":-8999,\"currency\":\"GBP\",\"decimal\":\"-89.99\"}");
        assertThat(run.lines().get(1)).contains("\"providerTransactionId\":\"txn_002\"",
                "\"amount\":{\"minor\":150000,\"currency\":\"GBP\",\"decimal\":\"1500.00\"}");
    }

    @Test
    void jar_normalizeFromStdin_printsTheSameBytesAsTheInProcessCommand() {
        String[] args = {"normalize", "--provider", "atoa", "--kind", "transactions", "--account", "acc_001",
                "--fetched-at", "2025-02-01T08:00:00Z", "--raw"};

        Run jar = BankfeedJar.run(Run.resource(SEED), args);
        Run inProcess = Run.of(new NormalizeCommand(), List.of(args).subList(1, args.length),
                Run.resource(SEED));

        assertThat(jar.exit()).isZero();
        assertThat(jar.stdoutBytes()).isEqualTo(inProcess.stdoutBytes()).isNotEmpty();
    }

    @Test
    void jar_normalizePageWithAnInexactAmount_exitsTwoWithTheRejectionOnStderr() {
        Run run = BankfeedJar.run(Run.resource("atoa-transactions-one-inexact.json"),
                "normalize", "--provider", "atoa", "--kind", "transactions", "--account", "acc_001");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.lines()).singleElement().asString().contains("\"providerTransactionId\":\"txn_ok\"");
        assertThat(run.stderrLines()).singleElement().asString()
                .startsWith("rejected: atoa transactions record txn_inexact: ");
    }
}
