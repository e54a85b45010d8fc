package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.model.TwinRule;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.WriteCounts;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoTransactionStoreIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T08:00:00Z"));
    private DynamoStores stores;
    private TransactionStore txns;

    @BeforeEach
    void setUp() {
        stores = DynamoStores.create(DYNAMO.client(), DYNAMO.table(), clock, ProviderModules.twinning());
        txns = stores.transactions();
    }

    @Test
    void upsert_newRecords_roundTripEveryFieldExactly() {
        Transaction full = Txn.booked("t1").build();
        Txn sparse = Txn.pending("t2");
        sparse.recordId = null;
        sparse.valueDate = null;
        sparse.description = "";
        sparse.reference = null;
        sparse.merchantName = null;
        sparse.category = null;
        sparse.counterparty = new Counterparty(null, null);
        sparse.keyset = null;
        sparse.providerUpdatedAt = null;
        sparse.rawJson = null;
        Txn noCounterparty = Txn.booked("t3");
        noCounterparty.counterparty = null;
        noCounterparty.amount = Money.ofMinor(1234567, "KWD");
        noCounterparty.direction = Direction.CREDIT;
        noCounterparty.balanceAfter = Money.ofMinor(-5, "JPY");

        WriteCounts counts = txns.upsertTransactions(List.of(full, sparse.build(), noCounterparty.build()));

        assertThat(counts).isEqualTo(new WriteCounts(3, 0, 0));
        assertThat(txns.find(full.canonicalId())).contains(full);
        assertThat(txns.find(sparse.build().canonicalId())).contains(sparse.build());
        assertThat(txns.find(noCounterparty.build().canonicalId())).contains(noCounterparty.build());
        assertThat(txns.find("atoa:acc_001:unknown")).isEmpty();
        assertThat(txns.find("not-a-canonical-id")).isEmpty();
    }

    @Test
    void listByAccount_everyStoredTransactionOfTheAccountOnly_inIdOrder_withoutChangeRecords() {
        txns.upsertTransactions(List.of(Txn.booked("b2").build(), Txn.pending("p1").build(), Txn.booked("a1").build()));
        Txn changed = Txn.booked("b2");
        changed.description = "corrected";
        txns.upsertTransactions(List.of(changed.build())); // writes a CHG# record beside the item

        assertThat(txns.listByAccount(Txn.ACCOUNT_ID)).extracting(Transaction::providerTransactionId)
                .containsExactly("a1", "b2", "p1");
        assertThat(txns.listByAccount("atoa:someone-else")).isEmpty();
    }

    @Test
    void forEachStored_bookingDateWindow_withPairingAndVanishing_withoutRaw_ofTheAccountOnly() {
        Transaction pending = Txn.pending("p1").on(LocalDate.of(2026, 3, 5)).build();
        txns.upsertTransactions(List.of(pending));
        Transaction booked = Txn.booked("b1").on(LocalDate.of(2026, 3, 6)).build();
        Txn gone = Txn.pending("v1").on(LocalDate.of(2026, 3, 10));
        gone.amount = Money.ofMinor(-100, "GBP");
        Txn undated = Txn.pending("u1").on(null);
        undated.amount = Money.ofMinor(-200, "GBP");
        Transaction before = Txn.booked("a0").on(LocalDate.of(2026, 3, 4)).build();
        Transaction after = Txn.booked("z9").on(LocalDate.of(2026, 3, 11)).build();
        Txn elsewhere = Txn.booked("b1");
        elsewhere.account = "acc_002";
        txns.upsertTransactions(List.of(booked, gone.build(), undated.build(), before, after, elsewhere.build()));
        Instant vanishedAt = Instant.parse("2026-03-12T09:00:00Z");
        txns.markVanished(gone.build().canonicalId(), vanishedAt);

        List<StoredTransaction> window = new ArrayList<>();
        txns.forEachStored(Txn.ACCOUNT_ID, LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 10), window::add);

        assertThat(window).extracting(s -> s.transaction().providerTransactionId())
                .containsExactly("b1", "p1", "v1");
        assertThat(window.get(0)).isEqualTo(new StoredTransaction(withoutRaw(booked), null, pending.canonicalId(),
                null));
        assertThat(window.get(1)).isEqualTo(new StoredTransaction(withoutRaw(pending), booked.canonicalId(), null,
                null));
        assertThat(window.get(2)).isEqualTo(new StoredTransaction(withoutRaw(gone.build()), null, null, vanishedAt));

        List<String> all = new ArrayList<>();
        txns.forEachStored(Txn.ACCOUNT_ID, null, null, s -> all.add(s.transaction().providerTransactionId()));
        assertThat(all).containsExactly("a0", "b1", "p1", "u1", "v1", "z9");
        List<String> from = new ArrayList<>();
        txns.forEachStored(Txn.ACCOUNT_ID, LocalDate.of(2026, 3, 10), null,
                s -> from.add(s.transaction().providerTransactionId()));
        assertThat(from).containsExactly("v1", "z9");
        List<String> none = new ArrayList<>();
        txns.forEachStored("atoa:nobody", null, null, s -> none.add(s.transaction().canonicalId()));
        assertThat(none).isEmpty();
    }

    private static Transaction withoutRaw(Transaction t) {
        return t.toBuilder().rawJson(null).build();
    }

    @Test
    void upsert_storesExactAmountAsMinorUnitsCurrencyAndDecimalString() {
        txns.upsertTransactions(List.of(Txn.booked("t1").build()));

        Map<String, AttributeValue> item = DYNAMO.itemsWithSortPrefix("TXN#t1").get(0);
        assertThat(item.get("amountMinor").n()).isEqualTo("-8999");
        assertThat(item.get("amountCurrency").s()).isEqualTo("GBP");
        assertThat(item.get("amountDecimal").s()).isEqualTo("-89.99");
        assertThat(item.get("pk").s()).isEqualTo("ACCT#atoa:acc_001");
        assertThat(item).doesNotContainKey(BankfeedTable.PEND_PK);
    }

    @Test
    void upsert_idsContainingColons_roundTripThroughCanonicalId() {
        Txn t = Txn.booked("2026:03:10:abc");
        t.account = "acc:with:colons";

        txns.upsertTransactions(List.of(t.build()));

        assertThat(txns.find(t.build().canonicalId())).contains(t.build());
    }

    @Test
    void upsert_unchangedReRead_writesNothing() {
        List<Transaction> page = List.of(Txn.booked("t1").build(), Txn.pending("t2").build(), Txn.booked("t3").build());
        txns.upsertTransactions(page);
        int itemsAfterFirst = DYNAMO.items().size();
        CapacityMeter.Reading before = stores.meter().reading();

        clock.advance(Duration.ofHours(1));
        WriteCounts counts = txns.upsertTransactions(page);

        CapacityMeter.Reading used = stores.meter().reading().minus(before);
        assertThat(counts).isEqualTo(new WriteCounts(0, 0, 3));
        assertThat(used.writeUnits()).isZero();
        assertThat(used.readUnits()).isPositive();
        assertThat(DYNAMO.items()).hasSize(itemsAfterFirst);
    }

    @Test
    void upsert_firstWrite_metersTheWriteUnitsDynamoDbReports() {
        CapacityMeter.Reading before = stores.meter().reading();

        txns.upsertTransactions(List.of(Txn.booked("t1").build()));
        double booked = stores.meter().reading().minus(before).writeUnits();
        Txn notItsTwin = Txn.pending("t2");
        notItsTwin.reference = "INV-43";
        txns.upsertTransactions(List.of(notItsTwin.build()));
        double pending = stores.meter().reading().minus(before).writeUnits() - booked;

        assertThat(booked).isGreaterThanOrEqualTo(1.0);
        // On AWS the open-pending index costs one more write (DATA_MODEL.md); moto reports the base table only.
        assertThat(pending).isGreaterThanOrEqualTo(booked);
    }

    @Test
    void upsert_pendingBooksUnderSameId_updatesAndRecordsChange() {
        Txn t = Txn.pending("t1");
        txns.upsertTransactions(List.of(t.build()));
        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).hasSize(1);

        clock.advance(Duration.ofDays(1));
        t.status = TransactionStatus.BOOKED;
        t.amount = Money.ofMinor(-9000, "GBP");
        t.description = "Card payment SETTLED";
        WriteCounts counts = txns.upsertTransactions(List.of(t.build()));

        assertThat(counts).isEqualTo(new WriteCounts(0, 1, 0));
        assertThat(txns.find(t.build().canonicalId())).contains(t.build());
        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).isEmpty();
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);
        List<Map<String, AttributeValue>> changes = DYNAMO.itemsWithSortPrefix("CHG#t1#");
        assertThat(changes).hasSize(1);
        Map<String, AttributeValue> change = changes.get(0);
        assertThat(change.get("reason").s()).isEqualTo("CHANGED");
        assertThat(change.get("changed").l()).extracting(AttributeValue::s)
                .containsExactlyInAnyOrder("status", "amountMinor", "description");
        assertThat(change.get("before").m().get("status").s()).isEqualTo("PENDING");
        assertThat(change.get("after").m().get("status").s()).isEqualTo("BOOKED");
        assertThat(change.get("before").m().get("amountMinor").n()).isEqualTo("-8999");
        assertThat(change.get("after").m().get("amountMinor").n()).isEqualTo("-9000");
        assertThat(change.get("after").m().get("description").s()).isEqualTo("Card payment SETTLED");
    }

    @Test
    void upsert_onlyRawPayloadChanged_recordsChangeAsOther() {
        Txn t = Txn.booked("t1");
        txns.upsertTransactions(List.of(t.build()));

        t.rawJson = "{\"id\":\"x\",\"amount\":89.99,\"etag\":\"version:2\"}";
        WriteCounts counts = txns.upsertTransactions(List.of(t.build()));

        assertThat(counts.changed()).isEqualTo(1);
        assertThat(txns.find(t.build().canonicalId()).orElseThrow().rawJson()).contains("version:2");
        assertThat(DYNAMO.itemsWithSortPrefix("CHG#t1#").get(0).get("changed").l())
                .extracting(AttributeValue::s).containsExactly("other");
    }

    @Test
    void upsert_pendingTwinBookedUnderNewId_supersedesPendingAndCountsOnce() {
        Transaction pending = Txn.pending("p1").on(LocalDate.of(2026, 3, 9)).build();
        txns.upsertTransactions(List.of(pending));
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);

        clock.advance(Duration.ofDays(2));
        Transaction booked = Txn.booked("b1").on(LocalDate.of(2026, 3, 11)).build();
        WriteCounts counts = txns.upsertTransactions(List.of(booked));

        assertThat(counts).isEqualTo(new WriteCounts(1, 0, 0));
        assertPairedAndCountedOnce(pending, booked);
    }

    @Test
    void upsert_newPendingAfterItsBookedTwin_isStoredClosedBySupersession_andCountsOnce() {
        Transaction booked = Txn.booked("b1").on(LocalDate.of(2026, 3, 11)).build();
        txns.upsertTransactions(List.of(booked));

        Transaction pending = Txn.pending("p1").on(LocalDate.of(2026, 3, 9)).build();
        WriteCounts counts = txns.upsertTransactions(List.of(pending));

        assertThat(counts).isEqualTo(new WriteCounts(1, 0, 0));
        assertPairedAndCountedOnce(pending, booked);
    }

    /** The store pairs twins only for the providers it is told book a pending record under a new id. */
    @Test
    void upsert_providerNotDeclaredTwinning_leavesItsLookAlikePendingOpen() {
        TransactionStore noTwinning = DynamoStores.create(DYNAMO.client(), DYNAMO.table(), clock, p -> false)
                .transactions();
        Transaction pending = Txn.pending("p1").on(LocalDate.of(2026, 3, 9)).build();
        noTwinning.upsertTransactions(List.of(pending));

        Transaction booked = Txn.booked("b1").on(LocalDate.of(2026, 3, 11)).build();
        noTwinning.upsertTransactions(List.of(booked));

        assertThat(noTwinning.openPending(Txn.ACCOUNT_ID, null)).containsExactly(pending);
        assertThat(noTwinning.countActive(Txn.ACCOUNT_ID)).isEqualTo(2);
    }

    /** p1 closed by b1 (kept, never deleted), counted once, and a re-read of both writes nothing. */
    private void assertPairedAndCountedOnce(Transaction pending, Transaction booked) {
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);
        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).isEmpty();
        assertThat(txns.find(pending.canonicalId())).contains(pending);
        Map<String, AttributeValue> p = DYNAMO.itemsWithSortPrefix("TXN#p1").get(0);
        assertThat(p.get("supersededBy").s()).isEqualTo(booked.canonicalId());
        assertThat(p).doesNotContainKeys(BankfeedTable.PEND_PK, BankfeedTable.PEND_SK);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#b1").get(0).get("supersedes").s())
                .isEqualTo(pending.canonicalId());

        CapacityMeter.Reading before = stores.meter().reading();
        txns.upsertTransactions(List.of(booked, pending)); // the provider still lists both: nothing moves
        assertThat(stores.meter().reading().minus(before).writeUnits()).isZero();
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);
    }

    @Test
    void upsert_newPendingAfterAnAlreadyPairedOrDifferentBooked_staysOpen() {
        txns.upsertTransactions(List.of(Txn.pending("p1").build()));
        txns.upsertTransactions(List.of(Txn.booked("b1").build())); // pairs with p1
        Txn otherReference = Txn.booked("b2");
        otherReference.reference = "INV-43";
        Txn tooEarly = Txn.booked("b3").on(Txn.pending("x").bookingDate
                .minusDays(TwinRule.WINDOW_DAYS + 1));
        txns.upsertTransactions(List.of(otherReference.build(), tooEarly.build()));

        Transaction second = Txn.pending("p2").build();
        txns.upsertTransactions(List.of(second));

        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).containsExactly(second);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#b1").get(0).get("supersedes").s())
                .isEqualTo(Txn.pending("p1").build().canonicalId());
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(4);
    }

    @Test
    void upsert_severalPendingTwins_closesTheClosestDateOnly() {
        Transaction far = Txn.pending("p-far").on(LocalDate.of(2026, 3, 1)).build();
        Transaction near = Txn.pending("p-near").on(LocalDate.of(2026, 3, 9)).build();
        txns.upsertTransactions(List.of(far, near));

        txns.upsertTransactions(List.of(Txn.booked("b1").on(LocalDate.of(2026, 3, 10)).build()));

        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).containsExactly(far);
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(2);
    }

    @Test
    void upsert_bookedDiffersFromPending_leavesPendingOpen() {
        Transaction pending = Txn.pending("p1").build();
        txns.upsertTransactions(List.of(pending));
        Txn otherAmount = Txn.booked("b1");
        otherAmount.amount = Money.ofMinor(-8998, "GBP");
        Txn otherReference = Txn.booked("b2");
        otherReference.reference = "INV-43";
        Txn otherCounterparty = Txn.booked("b3");
        otherCounterparty.counterparty = new Counterparty("Someone Else", null);
        Txn tooLate = Txn.booked("b4").on(Txn.pending("x").bookingDate.plusDays(TwinRule.WINDOW_DAYS + 1));

        txns.upsertTransactions(List.of(otherAmount.build(), otherReference.build(), otherCounterparty.build(),
                tooLate.build()));

        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).containsExactly(pending);
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(5);
    }

    @Test
    void upsert_pendingAndBookedTwinInOnePage_countsOnce() {
        WriteCounts counts = txns.upsertTransactions(List.of(
                Txn.pending("p1").on(LocalDate.of(2026, 3, 9)).build(),
                Txn.booked("b1").on(LocalDate.of(2026, 3, 10)).build()));

        assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);
        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).isEmpty();
    }

    @Test
    void upsert_twoBookedTwinsOfOnePending_closeItOnce() {
        txns.upsertTransactions(List.of(Txn.pending("p1").build()));

        txns.upsertTransactions(List.of(Txn.booked("b1").build(), Txn.booked("b2").build()));

        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(2);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#b1").get(0)).containsKey("supersedes");
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#b2").get(0)).doesNotContainKey("supersedes");
    }

    /** Finqware keeps utx_id when a pending books: no twin search, and no pending closed by a look-alike. */
    @Test
    void upsert_finqwarePendingBooksUnderSameId_leavesALookAlikePendingOpen() {
        Txn u1 = finqwareCardPayment("u1");
        Txn u2 = finqwareCardPayment("u2");
        String account = Providers.FINQWARE.id() + ":" + Txn.ACCOUNT;
        txns.upsertTransactions(List.of(u1.build(), u2.build()));

        clock.advance(Duration.ofDays(1));
        u1.status = TransactionStatus.BOOKED;
        assertThat(txns.upsertTransactions(List.of(u1.build()))).isEqualTo(new WriteCounts(0, 1, 0));

        assertThat(txns.openPending(account, null)).containsExactly(u2.build());
        assertThat(txns.countActive(account)).isEqualTo(2);

        clock.advance(Duration.ofDays(1));
        u2.status = TransactionStatus.BOOKED;
        txns.upsertTransactions(List.of(u2.build()));

        assertThat(txns.openPending(account, null)).isEmpty();
        assertThat(txns.countActive(account)).isEqualTo(2);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#")).allSatisfy(item -> assertThat(item)
                .doesNotContainKeys("supersededBy", "supersededAt", "supersedes"));
    }

    private static Txn finqwareCardPayment(String utxId) {
        Txn t = Txn.pending(utxId).on(LocalDate.of(2026, 3, 10));
        t.provider = Providers.FINQWARE;
        t.amount = Money.ofMinor(-1000, "EUR");
        t.balanceAfter = null;
        t.reference = null; // Finqware has no reference field
        return t;
    }

    @Test
    void upsert_bookedRecordChangedLater_leavesAGenuinePendingOfTheNextWeekOpen() {
        Txn b1 = Txn.booked("b1").on(LocalDate.of(2026, 3, 3));
        txns.upsertTransactions(List.of(b1.build()));
        Transaction p2 = Txn.pending("p2").on(LocalDate.of(2026, 3, 10)).build();
        txns.upsertTransactions(List.of(p2));

        b1.rawJson = "{\"id\":\"b1\",\"amount\":89.99,\"note\":\"enriched\"}";
        assertThat(txns.upsertTransactions(List.of(b1.build()))).isEqualTo(new WriteCounts(0, 1, 0));

        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).containsExactly(p2);
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(2);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#b1").get(0)).doesNotContainKey("supersedes");
    }

    @Test
    void upsert_supersededPendingBooksUnderItsOwnId_becomesAnActiveBookedTransaction() {
        Txn p1 = Txn.pending("p1").on(LocalDate.of(2026, 3, 9));
        txns.upsertTransactions(List.of(p1.build()));
        txns.upsertTransactions(List.of(Txn.booked("b1").on(LocalDate.of(2026, 3, 10)).build()));
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);

        clock.advance(Duration.ofDays(1));
        p1.status = TransactionStatus.BOOKED;
        assertThat(txns.upsertTransactions(List.of(p1.build()))).isEqualTo(new WriteCounts(0, 1, 0));

        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(2);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#p1").get(0))
                .doesNotContainKeys("supersededBy", "supersededAt", BankfeedTable.PEND_PK);
        assertThat(DYNAMO.itemsWithSortPrefix("CHG#p1#")).singleElement()
                .satisfies(c -> assertThat(c.get("before").m().get("status").s()).isEqualTo("PENDING"));
    }

    @Test
    void markVanished_openPending_keepsItemButStopsCountingIt() {
        Transaction pending = Txn.pending("p1").build();
        txns.upsertTransactions(List.of(pending, Txn.booked("b-other").on(LocalDate.of(2026, 1, 1)).build()));
        Instant vanishedAt = Instant.parse("2026-03-13T00:00:00Z");

        txns.markVanished(pending.canonicalId(), vanishedAt);
        txns.markVanished(pending.canonicalId(), vanishedAt.plusSeconds(60)); // the first time is kept

        assertThat(txns.find(pending.canonicalId())).contains(pending);
        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).isEmpty();
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#p1").get(0).get("vanishedAt").s())
                .isEqualTo(vanishedAt.toString());
    }

    @Test
    void markVanished_bookedOrUnknown_changesNothing() {
        Transaction booked = Txn.booked("b1").build();
        txns.upsertTransactions(List.of(booked));

        txns.markVanished(booked.canonicalId(), clock.instant());
        txns.markVanished("atoa:acc_001:nope", clock.instant());

        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#")).hasSize(1);
        // Only the upsert's change feed record: a refused mark lists nothing.
        assertThat(DYNAMO.itemsWithSortPrefix("FEED#")).hasSize(1);
    }

    @Test
    void upsert_vanishedPendingSeenAgain_reopensAndRecordsIt() {
        Transaction pending = Txn.pending("p1").build();
        txns.upsertTransactions(List.of(pending));
        txns.markVanished(pending.canonicalId(), clock.instant());

        WriteCounts counts = txns.upsertTransactions(List.of(pending));

        assertThat(counts).isEqualTo(new WriteCounts(0, 1, 0));
        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).containsExactly(pending);
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(1);
        assertThat(DYNAMO.itemsWithSortPrefix("CHG#p1#").get(0).get("reason").s()).isEqualTo("REAPPEARED");
    }

    @Test
    void openPending_fromDate_returnsOnlyOpenPendingOnOrAfterIt() {
        Transaction old = Txn.pending("p-old").on(LocalDate.of(2026, 2, 1)).build();
        Transaction recent = Txn.pending("p-new").on(LocalDate.of(2026, 3, 5)).build();
        Txn otherAccount = Txn.pending("p-elsewhere");
        otherAccount.account = "acc_002";
        txns.upsertTransactions(List.of(old, recent, Txn.booked("b-unrelated").on(LocalDate.of(2025, 1, 1)).build()));
        txns.upsertTransactions(List.of(otherAccount.build()));

        assertThat(txns.openPending(Txn.ACCOUNT_ID, LocalDate.of(2026, 3, 1))).containsExactly(recent);
        assertThat(txns.openPending(Txn.ACCOUNT_ID, LocalDate.of(2026, 3, 5))).containsExactly(recent);
        assertThat(txns.openPending(Txn.ACCOUNT_ID, null)).containsExactly(old, recent);
    }

    @Test
    void upsert_pageBeyondBatchLimits_writesAndReadsEveryRecord() {
        List<Transaction> page = IntStream.range(0, 130)
                .mapToObj(i -> {
                    Txn t = Txn.booked(String.format("t%03d", i));
                    t.reference = "R" + i; // no twins among them
                    return t.build();
                })
                .toList();

        assertThat(txns.upsertTransactions(page)).isEqualTo(new WriteCounts(130, 0, 0));
        assertThat(txns.countActive(Txn.ACCOUNT_ID)).isEqualTo(130);

        CapacityMeter.Reading before = stores.meter().reading();
        assertThat(txns.upsertTransactions(page)).isEqualTo(new WriteCounts(0, 0, 130));
        assertThat(stores.meter().reading().minus(before).writeUnits()).isZero();

        List<Transaction> changed = new ArrayList<>(page);
        Txn t = Txn.booked("t129");
        t.reference = "R129";
        t.description = "corrected";
        changed.set(129, t.build());
        assertThat(txns.upsertTransactions(changed)).isEqualTo(new WriteCounts(0, 1, 129));
        assertThat(txns.find(page.get(0).canonicalId())).contains(page.get(0));
        assertThat(txns.find(t.build().canonicalId())).contains(t.build());
    }

    @Test
    void upsert_sameIdTwiceInPage_keepsTheLastVersion() {
        Txn first = Txn.booked("t1");
        Txn second = Txn.booked("t1");
        second.description = "second";

        WriteCounts counts = txns.upsertTransactions(List.of(first.build(), second.build()));

        assertThat(counts.total()).isEqualTo(2);
        assertThat(counts.added()).isEqualTo(1);
        assertThat(txns.find(second.build().canonicalId())).contains(second.build());
    }

    @Test
    void upsert_canonicalIdNotMatchingItsParts_isRefused() {
        Transaction t = Txn.booked("t1").build();
        // The builder cannot make this mismatch; the record's constructor still can, so the store checks.
        Transaction wrong = new Transaction(t.provider(), t.providerAccountId(), t.providerTransactionId(),
                Transaction.canonicalId(Providers.ATLAR, "acc_001", "t1"), t.providerRecordId(), t.amount(),
                t.direction(), t.status(), t.bookingDate(), t.bookedAt(), t.valueDate(), t.description(),
                t.reference(), t.merchantName(), t.category(), t.counterparty(), t.balanceAfter(), t.keyset(),
                t.providerUpdatedAt(), t.rawJson());

        assertThatThrownBy(() -> txns.upsertTransactions(List.of(wrong)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DYNAMO.items()).isEmpty();
    }

    @Test
    void upsert_emptyPage_costsNothing() {
        assertThat(txns.upsertTransactions(List.of())).isEqualTo(WriteCounts.ZERO);
        assertThat(stores.meter().reading()).isEqualTo(new CapacityMeter.Reading(0, 0));
    }
}
