package dev.bankfeed.store.dynamo;

import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.store.CursorStore;
import dev.bankfeed.store.EventLedger;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.LeaseStore;
import dev.bankfeed.store.SyncCursor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoLeaseCursorLedgerIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private static final String ACCOUNT = "atlar:a1";
    private static final Duration TTL = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T08:00:00.250Z"));
    private LeaseStore leases;
    private CursorStore cursors;
    private EventLedger events;

    @BeforeEach
    void setUp() {
        DynamoStores stores = DynamoStores.create(DYNAMO.client(), DYNAMO.table(), clock, ProviderModules.twinning());
        leases = stores.leases();
        cursors = stores.cursors();
        events = stores.events();
    }

    private SyncCursor cursor(String resumeState) {
        return new SyncCursor(LocalDate.of(2026, 3, 1), resumeState, LocalDate.of(2026, 2, 20),
                LocalDate.of(2026, 3, 11), true, clock.instant());
    }

    @Test
    void tryAcquire_heldByAnother_refusedUntilItExpires() {
        assertThat(leases.tryAcquire(ACCOUNT, "run-1", TTL)).isTrue();
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isFalse();
        assertThat(leases.tryAcquire("atlar:a2", "run-2", TTL)).isTrue();

        clock.advance(TTL); // 08:15:00.250: expiry is rounded up to 08:15:01, never before the ttl
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isFalse();

        clock.advance(Duration.ofMillis(750));
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isTrue();
        assertThat(leases.tryAcquire(ACCOUNT, "run-1", TTL)).isFalse();
    }

    @Test
    void tryAcquire_sameOwner_renews() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);
        clock.advance(TTL.minusMinutes(1));

        assertThat(leases.tryAcquire(ACCOUNT, "run-1", TTL)).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isFalse();
    }

    @Test
    void release_byOwnerOnly_freesTheLease() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);

        leases.release(ACCOUNT, "run-2");
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isFalse();

        leases.release(ACCOUNT, "run-1");
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isTrue();
    }

    @Test
    void save_whileLeaseHeld_roundTrips() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);
        SyncCursor c = cursor("{\"page\":3}");

        cursors.save(ACCOUNT, c, "run-1", TTL);

        assertThat(cursors.load(ACCOUNT)).contains(c);
        assertThat(cursors.load("atlar:other")).isEmpty();
        SyncCursor finished = new SyncCursor(LocalDate.of(2026, 3, 11), null, null, null, false, clock.instant());
        cursors.save(ACCOUNT, finished, "run-1", TTL);
        assertThat(cursors.load(ACCOUNT)).contains(finished);
        assertThat(cursors.load(ACCOUNT).orElseThrow().walkInProgress()).isFalse();
    }

    @Test
    void save_afterLeaseLost_isRefusedAndCursorUnchanged() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);
        SyncCursor saved = cursor("page-1");
        cursors.save(ACCOUNT, saved, "run-1", TTL);

        clock.advance(TTL.plusSeconds(1));
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isTrue();

        assertThatThrownBy(() -> cursors.save(ACCOUNT, cursor("page-2"), "run-1", TTL))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining(ACCOUNT);
        assertThat(cursors.load(ACCOUNT)).contains(saved);
        cursors.save(ACCOUNT, cursor("page-2-by-run-2"), "run-2", TTL);
        assertThat(cursors.load(ACCOUNT).orElseThrow().resumeState()).isEqualTo("page-2-by-run-2");
    }

    @Test
    void save_leaseExpiredButNotRetaken_isAcceptedAndRenewsTheLease() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);
        clock.advance(TTL.plusMinutes(5)); // a slow page: the lease ran out, but nobody took the account

        cursors.save(ACCOUNT, cursor("late-but-safe"), "run-1", TTL);

        assertThat(cursors.load(ACCOUNT).orElseThrow().resumeState()).isEqualTo("late-but-safe");
        clock.advance(TTL.minusMinutes(1));
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).as("renewed by the save").isFalse();
    }

    @Test
    void save_everyCheckpointExtendsTheLease_soAWalkLongerThanTheTtlKeepsItsAccount() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);
        for (int page = 1; page <= 5; page++) {
            clock.advance(TTL.minusMinutes(1));
            cursors.save(ACCOUNT, cursor("page-" + page), "run-1", TTL);
            assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).as("page %d", page).isFalse();
        }
        clock.advance(TTL.plusSeconds(1)); // the walk died after its last checkpoint
        assertThat(leases.tryAcquire(ACCOUNT, "run-2", TTL)).isTrue();
    }

    @Test
    void save_afterRelease_isRefused() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);
        leases.release(ACCOUNT, "run-1");

        assertThatThrownBy(() -> cursors.save(ACCOUNT, cursor("x"), "run-1", TTL))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void lease_livesInTheCursorItem_withoutTheTableTtl() {
        leases.tryAcquire(ACCOUNT, "run-1", TTL);
        assertThat(cursors.load(ACCOUNT)).as("a lease alone is no cursor").isEmpty();
        cursors.save(ACCOUNT, cursor("p"), "run-1", TTL);
        leases.release(ACCOUNT, "run-1");

        assertThat(DYNAMO.items()).singleElement().satisfies(item -> {
            assertThat(item.get(BankfeedTable.SK).s()).isEqualTo("CURSOR");
            // The cursor must outlive any lease: TTL deletion of this item would lose the account's place.
            assertThat(item).doesNotContainKeys(BankfeedTable.TTL_ATTRIBUTE, "leaseOwner", "leaseUntil");
        });
        assertThat(cursors.load(ACCOUNT).orElseThrow().resumeState()).isEqualTo("p");
    }

    @Test
    void save_withoutAnyLease_isRefused() {
        assertThatThrownBy(() -> cursors.save(ACCOUNT, cursor("x"), "run-1", TTL))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void claim_sameEventTwice_secondFindsItInProgress_thenCompleted() {
        assertThat(events.begin("evt-1", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.CLAIMED);
        assertThat(events.begin("evt-1", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.IN_PROGRESS);
        assertThat(events.begin("evt-2", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.CLAIMED);

        events.complete("evt-1", Duration.ofDays(2));
        assertThat(events.begin("evt-1", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.COMPLETED);
    }

    @Test
    void claim_afterReleaseOrInProgressExpiryOrRetention_succeedsAgain() {
        events.begin("evt-1", Duration.ofMinutes(15));
        events.release("evt-1");
        assertThat(events.begin("evt-1", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.CLAIMED);

        // The run that held it died: its claim ends with its timeout, not with the retention.
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(events.begin("evt-1", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.CLAIMED);

        events.complete("evt-1", Duration.ofDays(2));
        clock.advance(Duration.ofDays(2));
        assertThat(events.begin("evt-1", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.COMPLETED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(events.begin("evt-1", Duration.ofMinutes(15))).isEqualTo(EventLedger.Claim.CLAIMED);
    }

    @Test
    void claim_setsTheTableTtlAttribute_andLeaseItsOwnExpiry() {
        events.begin("evt-1", Duration.ofHours(1));
        leases.tryAcquire(ACCOUNT, "run-1", TTL);

        long nowSeconds = clock.instant().getEpochSecond();
        assertThat(DYNAMO.itemsWithSortPrefix("EVENT").get(0).get(BankfeedTable.TTL_ATTRIBUTE).n())
                .isEqualTo(Long.toString(nowSeconds + 3600 + 1)); // rounded up from .250
        assertThat(DYNAMO.itemsWithSortPrefix("CURSOR").get(0).get("leaseUntil").n())
                .isEqualTo(Long.toString(nowSeconds + TTL.toSeconds() + 1));
    }
}
