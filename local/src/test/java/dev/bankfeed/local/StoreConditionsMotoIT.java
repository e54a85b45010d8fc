package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.CreditLimitMeaning;
import dev.bankfeed.model.Money;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.SyncCursor;
import dev.bankfeed.store.dynamo.BankfeedTable;
import dev.bankfeed.store.dynamo.DynamoStores;
import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The conditional writes exactly-once rests on (leases, the lease check inside the cursor save's
 * TransactWriteItems, the event ledger, latest balances that only move forward), against moto_server: `invoke`
 * and `start-api` users run on moto, so moto must refuse what DynamoDB refuses.
 */
class StoreConditionsMotoIT {

    private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");
    private static MotoServer moto;
    private static DynamoDbClient dynamo;
    private static final MutableClock CLOCK = new MutableClock(T0);
    private static DynamoStores stores;

    @BeforeAll
    static void startMoto() throws Exception {
        MotoServer.assumeAvailable();
        moto = MotoServer.start();
        dynamo = moto.dynamoClient();
        BankfeedTable.createIfMissing(dynamo, "conditions");
        stores = DynamoStores.create(dynamo, "conditions", CLOCK, ProviderModules.twinning());
    }

    @AfterAll
    static void stopMoto() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void lease_heldByOneRun_isRefusedToAnother_untilReleasedOrExpired() {
        String account = "atoa:acc_lease";
        Duration ttl = Duration.ofMinutes(15);

        assertThat(stores.leases().tryAcquire(account, "run-a", ttl)).isTrue();
        assertThat(stores.leases().tryAcquire(account, "run-b", ttl)).isFalse();
        assertThat(stores.leases().tryAcquire(account, "run-a", ttl)).as("renewal").isTrue();
        stores.leases().release(account, "run-b");
        assertThat(stores.leases().tryAcquire(account, "run-b", ttl)).as("released by a non-owner").isFalse();
        stores.leases().release(account, "run-a");
        assertThat(stores.leases().tryAcquire(account, "run-b", ttl)).isTrue();
        CLOCK.advance(ttl.plusSeconds(1));
        assertThat(stores.leases().tryAcquire(account, "run-c", ttl)).as("after expiry").isTrue();
    }

    @Test
    void cursorSave_isRefusedToARunThatDoesNotHoldTheLease() {
        String account = "atoa:acc_cursor";
        SyncCursor saved = new SyncCursor(LocalDate.of(2026, 11, 20), null, null, null, false, CLOCK.instant());
        assertThat(stores.leases().tryAcquire(account, "run-a", Duration.ofMinutes(15))).isTrue();

        stores.cursors().save(account, saved, "run-a", Duration.ofMinutes(15));

        assertThatThrownBy(() -> stores.cursors().save(account, new SyncCursor(LocalDate.of(2026, 11, 21), null,
                null, null, false, CLOCK.instant()), "run-b", Duration.ofMinutes(15))).isInstanceOf(LeaseLostException.class);
        assertThat(stores.cursors().load(account)).contains(saved);
    }

    @Test
    void eventLedger_claimsAnEventOnce_untilReleased() {
        String event = "transactions#scheduler#arn:aws:scheduler:eu-west-1:1:schedule/default/tx#" + T0;

        assertThat(stores.events().claim(event, Duration.ofDays(7))).isTrue();
        assertThat(stores.events().claim(event, Duration.ofDays(7))).isFalse();
        stores.events().release(event);
        assertThat(stores.events().claim(event, Duration.ofDays(7))).isTrue();
    }

    @Test
    void latestBalance_movesForwardOnly_whenAnOlderSnapshotArrivesLater() {
        String account = "atlar:acc_balance";
        BalanceSnapshot newer = booked(account, 20_000, T0.plusSeconds(3600));
        BalanceSnapshot older = booked(account, 10_000, T0);

        stores.balances().appendSnapshots(List.of(newer));
        stores.balances().appendSnapshots(List.of(older));

        assertThat(stores.balances().latest(account, BalanceType.BOOKED)).get()
                .extracting(b -> b.amount().minor()).isEqualTo(20_000L);
        assertThat(stores.balances().history(account, BalanceType.BOOKED, 10)).hasSize(2);
    }

    private static BalanceSnapshot booked(String account, long minor, Instant asOf) {
        String providerAccountId = account.substring(account.indexOf(':') + 1);
        return BalanceSnapshot.builder().provider(Providers.ATLAR).providerAccountId(providerAccountId)
                .providerBalanceId("bal-" + minor).type(BalanceType.BOOKED).providerType("BOOKED").reportedType("BOOKED")
                .amount(Money.ofMinor(minor, "EUR")).creditLimitMeaning(CreditLimitMeaning.NOT_APPLICABLE)
                .localDate(LocalDate.ofInstant(asOf, ZoneOffset.UTC)).asOf(asOf).rawJson("{}").build();
    }
}
