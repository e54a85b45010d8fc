package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Data that changes while a client reads it: transactions inserted, pending ones vanishing, in the ground truth. */
class WorldChangesIT {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 10);

    @Test
    void insertTransaction_isServedAndExpected_vanishPending_marksTheNewestPendingVanished() {
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(5).today(TODAY)
                .transactionsPerAccount(20).pendingPerAccount(2).build())) {
            String account = sandbox.connection("finqware-1").accountIds().get(0);
            ExpectedAccount before = account(sandbox, account);
            Instant at = TODAY.atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(3600);

            String inserted = sandbox.insertTransaction(account, at);
            String vanished = sandbox.vanishPending(account);
            ExpectedAccount after = account(sandbox, account);

            assertThat(inserted).isNotBlank();
            assertThat(after.transactions()).hasSize(before.transactions().size() + 1);
            assertThat(after.transactions()).filteredOn(t -> t.recordId().equals(inserted)).singleElement()
                    .satisfies(t -> {
                        assertThat(t.status()).isEqualTo("BOOKED");
                        assertThat(t.bookingDate()).isEqualTo(TODAY.minusDays(1));
                    });
            assertThat(after.transactions()).filteredOn(t -> t.recordId().equals(vanished)).singleElement()
                    .satisfies(t -> assertThat(t.vanished()).isTrue());
            assertThat(after.servedTransactions()).noneMatch(t -> t.recordId().equals(vanished));
        }
    }

    @Test
    void vanishPending_onAnAccountWithoutPendingItems_changesNothing() {
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(5).today(TODAY)
                .transactionsPerAccount(10).pendingPerAccount(0).build())) {
            String account = sandbox.connection("atlar-1").accountIds().get(0);

            assertThat(sandbox.vanishPending(account)).isNull();
            assertThat(account(sandbox, account).transactions()).noneMatch(ExpectedTransaction::vanished);
        }
    }

    private static ExpectedAccount account(ProviderSandbox sandbox, String accountId) {
        return sandbox.expected().accounts().stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                .orElseThrow();
    }
}
