package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {

    @Test
    void defaults_areTheDocumentedValues() {
        SandboxConfig c = SandboxConfig.defaults();

        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.port()).isZero();
        assertThat(c.connectionsPerProvider()).isEqualTo(1);
        assertThat(c.accountsPerConnection()).isEqualTo(4);
        assertThat(c.transactionsPerAccount()).isEqualTo(150);
        assertThat(c.pendingPerAccount()).isEqualTo(3);
        assertThat(c.newTransactionsPerAdvance()).isEqualTo(5);
        assertThat(c.historyDays()).isEqualTo(90);
        assertThat(c.shortPages()).isEqualTo(ShortPages.SOMETIMES);
        assertThat(c.tokenTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.jobCooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.jobPollsToComplete()).isEqualTo(2);
        assertThat(c.accountListHasIds()).isTrue();
        assertThat(c.today()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
        assertThat(c.threads()).isEqualTo(4);
        assertThat(c.latency()).isZero();
    }

    @Test
    void builder_outOfRangeValues_areRefusedWithTheirName() {
        assertThatThrownBy(() -> SandboxConfig.builder().accountsPerConnection(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountsPerConnection");
        assertThatThrownBy(() -> SandboxConfig.builder().port(70000)).hasMessageContaining("port");
        assertThatThrownBy(() -> SandboxConfig.builder().tokenTtl(Duration.ZERO)).hasMessageContaining("tokenTtl");
        assertThatThrownBy(() -> SandboxConfig.builder().latency(Duration.ofMillis(-1))).hasMessageContaining("latency");
        assertThatThrownBy(() -> SandboxConfig.builder().threads(65)).hasMessageContaining("threads");
    }

    @Test
    void build_withMorePendingThanTransactions_capsPending() {
        assertThat(SandboxConfig.builder().transactionsPerAccount(2).pendingPerAccount(5).build().pendingPerAccount())
                .isEqualTo(2);
    }

    @Test
    void toBuilder_keepsEveryValue() {
        SandboxConfig c = SandboxConfig.builder().seed(5).today(LocalDate.of(2025, 1, 2)).historyDays(30)
                .shortPages(ShortPages.NEVER).threads(9).latency(Duration.ofMillis(150)).build();

        assertThat(c.toBuilder().build()).hasToString(c.toString());
    }
}
