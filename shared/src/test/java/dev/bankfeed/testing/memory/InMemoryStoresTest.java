package dev.bankfeed.testing.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.store.SyncCursor;
import dev.bankfeed.store.WriteCounts;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory stores keep the store contracts the jobs rely on (the DynamoDB store ITs prove the same there). */
class InMemoryStoresTest {

    private static final String ACCOUNT = "atoa:acc_001";
    private static final LocalDate DAY = LocalDate.of(2026, 3, 10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T12:00:00Z"));
    private final InMemoryStores stores = InMemoryStores.create(clock);

    private static Transaction txn(String id, TransactionStatus status, LocalDate date, String description) {
        return Transaction.builder().provider(Providers.ATOA).providerAccountId("acc_001").providerTransactionId(id)
                .amount(Money.ofMinor(-8999, "GBP")).direction(Direction.DEBIT).status(status).bookingDate(date)
                .description(description).reference("INV-42").counterparty(new Counterparty("Corner Shop Ltd", null))
                .rawJson("{}").build();
    }

    private StoredTransaction stored(Transaction t) {
        return stores.transactions().stored(t.canonicalId()).orElseThrow();
    }

    @Test
    void upsertsAreIdempotent_andCountAddedChangedAndUnchanged() {
        Transaction a = txn("a", TransactionStatus.BOOKED, DAY, "Card payment");
        Transaction b = txn("b", TransactionStatus.BOOKED, DAY, "Card payment");

        assertThat(stores.transactions().upsertTransactions(List.of(a, b))).isEqualTo(new WriteCounts(2, 0, 0));
        assertThat(stores.transactions().upsertTransactions(List.of(a, b))).isEqualTo(new WriteCounts(0, 0, 2));
        assertThat(stores.transactions().upsertTransactions(List.of(a, txn("b", TransactionStatus.BOOKED, DAY,
                "Card payment, corrected")))).isEqualTo(new WriteCounts(0, 1, 1));
    }

    @Test
    void aNewBookedRecordClosesItsPendingTwin_andANewPendingOneItsStoredBookedTwin() {
        Transaction pending = txn("p1", TransactionStatus.PENDING, DAY, "Card payment");
        Transaction booked = txn("b1", TransactionStatus.BOOKED, DAY.plusDays(1), "Card payment");
        stores.transactions().upsertTransactions(List.of(pending));
        stores.transactions().upsertTransactions(List.of(booked));

        assertThat(stored(pending).supersededBy()).isEqualTo(booked.canonicalId());
        assertThat(stored(booked).supersedes()).isEqualTo(pending.canonicalId());
        assertThat(stores.transactions().countActive(ACCOUNT)).isEqualTo(1);

        Transaction bookedFirst = txn("b2", TransactionStatus.BOOKED, DAY.plusDays(5), "Card payment");
        Transaction lateTwin = txn("p2", TransactionStatus.PENDING, DAY.plusDays(4), "Card payment");
        Transaction tooOld = txn("p3", TransactionStatus.PENDING, DAY.minusDays(30), "Card payment");
        stores.transactions().upsertTransactions(List.of(bookedFirst));
        stores.transactions().upsertTransactions(List.of(lateTwin, tooOld));

        assertThat(stored(lateTwin).supersededBy()).isEqualTo(bookedFirst.canonicalId());
        assertThat(stored(bookedFirst).supersedes()).isEqualTo(lateTwin.canonicalId());
        assertThat(stores.transactions().openPending(ACCOUNT, null)).containsExactly(tooOld);
    }

    @Test
    void aVanishedPendingIsKept_andLeavesTheOpenPendingList() {
        Transaction pending = txn("p1", TransactionStatus.PENDING, DAY, "Card payment");
        stores.transactions().upsertTransactions(List.of(pending));

        stores.transactions().markVanished(pending.canonicalId(), clock.instant());

        assertThat(stores.transactions().openPending(ACCOUNT, null)).isEmpty();
        assertThat(stored(pending).vanishedAt()).isEqualTo(clock.instant());
        assertThat(stores.transactions().find(pending.canonicalId())).contains(pending);
    }

    @Test
    void aCursorMovesOnlyWhileItsOwnerHoldsTheLease_andASaveExtendsIt() {
        InMemoryLeasesAndCursors lc = stores.leasesAndCursors();
        SyncCursor cursor = new SyncCursor(DAY, null, null, null, false, clock.instant());
        assertThat(lc.tryAcquire(ACCOUNT, "run-1", Duration.ofMinutes(2))).isTrue();
        assertThat(lc.tryAcquire(ACCOUNT, "run-2", Duration.ofMinutes(2))).isFalse();

        clock.advance(Duration.ofMinutes(1));
        lc.save(ACCOUNT, cursor, "run-1", Duration.ofMinutes(2));
        clock.advance(Duration.ofMinutes(1).plusSeconds(30));

        assertThat(lc.tryAcquire(ACCOUNT, "run-2", Duration.ofMinutes(2))).as("extended by the save").isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(lc.tryAcquire(ACCOUNT, "run-2", Duration.ofMinutes(2))).isTrue();
        assertThatThrownBy(() -> lc.save(ACCOUNT, cursor, "run-1", Duration.ofMinutes(2), 7))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> lc.commitChanges(ACCOUNT, 7, "run-1", Duration.ofMinutes(2)))
                .isInstanceOf(LeaseLostException.class);
        lc.release(ACCOUNT, "run-1");
        assertThat(lc.leaseOwner(ACCOUNT)).contains("run-2");
    }

    @Test
    void aPagesChangesShowInTheFeedOnceItsNumberIsCommitted() {
        InMemoryLeasesAndCursors lc = stores.leasesAndCursors();
        lc.tryAcquire(ACCOUNT, "run-1", Duration.ofMinutes(2));
        long seq = stores.transactions().nextChangeSeq(ACCOUNT);
        stores.transactions().upsertTransactions(List.of(txn("a", TransactionStatus.BOOKED, DAY, "x")), seq);

        assertThat(stores.transactions().changes(ACCOUNT, null, 10).items()).isEmpty();
        assertThat(stores.transactions().nextChangeSeq(ACCOUNT)).isEqualTo(seq + 1);

        lc.commitChanges(ACCOUNT, seq, "run-1", Duration.ofMinutes(2));

        assertThat(stores.transactions().changes(ACCOUNT, null, 10).items())
                .extracting(s -> s.transaction().providerTransactionId()).containsExactly("a");
    }
}
