package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

    @Test
    void parse_everyOption_inBothSpellings() {
        SandboxConfig c = SandboxMain.parse(new String[] {"--port", "8089", "--seed=7", "--accounts", "3",
            "--transactions", "1000", "--connections=2", "--today", "2025-03-10", "--pending", "4", "--days", "30",
            "--short-pages", "with-empty", "--token-ttl", "60", "--job-cooldown=0", "--latency-ms", "150", "--threads=16"});

        assertThat(c.port()).isEqualTo(8089);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.accountsPerConnection()).isEqualTo(3);
        assertThat(c.transactionsPerAccount()).isEqualTo(1000);
        assertThat(c.connectionsPerProvider()).isEqualTo(2);
        assertThat(c.today()).isEqualTo(LocalDate.of(2025, 3, 10));
        assertThat(c.pendingPerAccount()).isEqualTo(4);
        assertThat(c.historyDays()).isEqualTo(30);
        assertThat(c.shortPages()).isEqualTo(ShortPages.WITH_EMPTY);
        assertThat(c.tokenTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.jobCooldown()).isZero();
        assertThat(c.latency()).isEqualTo(Duration.ofMillis(150));
        assertThat(c.threads()).isEqualTo(16);
    }

    @Test
    void parse_badArguments_nameTheArgumentAndShowTheUsage() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--bogus").hasMessageContaining("usage:");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port", "x"})).hasMessageStartingWith("--port");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--today", "10/03/2025"})).hasMessageStartingWith("--today");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--accounts", "0"})).hasMessageContaining("accountsPerConnection");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--seed"})).hasMessageContaining("needs a value");
    }

    @Test
    void parse_help_givesNull() {
        assertThat(SandboxMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void runBlocking_badArguments_exitsWithTwoAndTheUsageOnStandardError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SandboxMain.runBlocking(new String[] {"--accounts", "many"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--accounts", "usage:");
    }
}
