package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.CreditLimitMeaning;
import dev.bankfeed.model.Money;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.BalanceStore;
import dev.bankfeed.store.WriteCounts;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoBalanceStoreIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private static final String ACCOUNT = "finqware:f1";

    private DynamoStores stores;
    private BalanceStore balances;

    @BeforeEach
    void setUp() {
        stores = DynamoStores.create(DYNAMO.client(), DYNAMO.table(),
                new MutableClock(Instant.parse("2026-03-12T08:00:00Z")), ProviderModules.twinning());
        balances = stores.balances();
    }

    private static BalanceSnapshot snapshot(String providerType, String asOf, long minor) {
        Instant at = Instant.parse(asOf);
        return BalanceSnapshot.builder().provider(Providers.FINQWARE).providerAccountId("f1")
                .providerBalanceId("bal-" + asOf).type(BalanceType.fromProvider(providerType)).providerType(providerType)
                .amount(Money.ofMinor(minor, "RON")).creditLimitIncluded(false)
                .creditLimitMeaning(CreditLimitMeaning.OWN_FUNDS).localDate(LocalDate.ofInstant(at, ZoneOffset.UTC))
                .asOf(at).rawJson("{\"amount\":\"" + minor + "\"}").build();
    }

    @Test
    void appendSnapshots_new_roundTripsThroughLatestAndHistory() {
        BalanceSnapshot s = snapshot("available", "2026-03-10T22:59:59.999999999Z", -12345);
        BalanceSnapshot sparse = BalanceSnapshot.builder().provider(Providers.ATOA).providerAccountId("acc_001")
                .type(BalanceType.CURRENT).providerType("current").amount(Money.ofMinor(10045, "GBP"))
                .creditLimitMeaning(CreditLimitMeaning.NOT_APPLICABLE).asOf(Instant.parse("2026-03-10T10:00:00Z"))
                .build();

        WriteCounts counts = balances.appendSnapshots(List.of(s, sparse));

        assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
        assertThat(balances.latest(ACCOUNT, BalanceType.AVAILABLE)).contains(s);
        assertThat(balances.history(ACCOUNT, BalanceType.AVAILABLE, 10)).containsExactly(s);
        assertThat(balances.latest("atoa:acc_001", BalanceType.CURRENT)).contains(sparse);
        assertThat(balances.latest(ACCOUNT, BalanceType.CLOSING)).isEmpty();
    }

    @Test
    void appendSnapshots_sameTypeWithAndWithoutCreditLimit_keepsBothAndLatestIsTheOwnBalance() {
        BalanceSnapshot own = snapshot("available", "2026-03-10T22:59:59Z", 5716024);
        Instant at = own.asOf();
        BalanceSnapshot withLimit = own.toBuilder().providerBalanceId(null).amount(Money.ofMinor(6216024, "RON"))
                .creditLimitIncluded(true).creditLimitMeaning(CreditLimitMeaning.FUNDS_INCLUDING_CREDIT_LIMIT)
                .rawJson("{\"amount\":\"62160.24\"}").build();

        WriteCounts counts = balances.appendSnapshots(List.of(own, withLimit));

        assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
        assertThat(balances.history(ACCOUNT, BalanceType.AVAILABLE, 10)).containsExactlyInAnyOrder(own, withLimit);
        assertThat(balances.latest(ACCOUNT, BalanceType.AVAILABLE)).contains(own);
    }

    @Test
    void appendSnapshots_sameSnapshotAgain_writesNothing() {
        List<BalanceSnapshot> list = List.of(snapshot("available", "2026-03-10T10:00:00Z", 100),
                snapshot("closing", "2026-03-10T10:00:00Z", 100));
        balances.appendSnapshots(list);
        int items = DYNAMO.items().size();
        CapacityMeter.Reading before = stores.meter().reading();

        WriteCounts counts = balances.appendSnapshots(list);

        assertThat(counts).isEqualTo(new WriteCounts(0, 0, 2));
        assertThat(stores.meter().reading().minus(before).writeUnits()).isZero();
        assertThat(DYNAMO.items()).hasSize(items);
    }

    @Test
    void appendSnapshots_outOfOrder_latestOnlyMovesForward() {
        BalanceSnapshot day2 = snapshot("available", "2026-03-11T10:00:00Z", 200);
        BalanceSnapshot day1 = snapshot("available", "2026-03-10T10:00:00Z", 100);
        BalanceSnapshot day3 = snapshot("available", "2026-03-12T10:00:00.5Z", 300);

        balances.appendSnapshots(List.of(day2));
        balances.appendSnapshots(List.of(day1));
        assertThat(balances.latest(ACCOUNT, BalanceType.AVAILABLE)).contains(day2);

        balances.appendSnapshots(List.of(day3, day1));
        assertThat(balances.latest(ACCOUNT, BalanceType.AVAILABLE)).contains(day3);
        assertThat(balances.history(ACCOUNT, BalanceType.AVAILABLE, 10)).containsExactly(day3, day2, day1);
        assertThat(balances.history(ACCOUNT, BalanceType.AVAILABLE, 2)).containsExactly(day3, day2);
        assertThat(balances.history(ACCOUNT, BalanceType.AVAILABLE, 0)).isEmpty();
    }

    @Test
    void history_fractionalSecondsAroundWholeSecond_sortsByTime() {
        BalanceSnapshot whole = snapshot("available", "2026-03-10T10:00:00Z", 1);
        BalanceSnapshot half = snapshot("available", "2026-03-10T10:00:00.5Z", 2);
        BalanceSnapshot next = snapshot("available", "2026-03-10T10:00:01Z", 3);

        balances.appendSnapshots(List.of(half, next, whole));

        assertThat(balances.history(ACCOUNT, BalanceType.AVAILABLE, 10)).containsExactly(next, half, whole);
        assertThat(balances.latest(ACCOUNT, BalanceType.AVAILABLE)).contains(next);
    }

    @Test
    void appendSnapshots_typesKeptApart_closingNotMixedWithClosingBooked() {
        BalanceSnapshot closing = snapshot("closing", "2026-03-10T10:00:00Z", 1);
        BalanceSnapshot closingBooked = snapshot("closing_booked", "2026-03-11T10:00:00Z", 2);

        balances.appendSnapshots(List.of(closing, closingBooked));

        assertThat(balances.history(ACCOUNT, BalanceType.CLOSING, 10)).containsExactly(closing);
        assertThat(balances.latest(ACCOUNT, BalanceType.CLOSING)).contains(closing);
        assertThat(balances.latest(ACCOUNT, BalanceType.CLOSING_BOOKED)).contains(closingBooked);
    }

    @Test
    void appendSnapshots_correctedAmountAtSameInstant_replacesSnapshotAndLatest() {
        balances.appendSnapshots(List.of(snapshot("available", "2026-03-10T10:00:00Z", 100)));
        BalanceSnapshot corrected = snapshot("available", "2026-03-10T10:00:00Z", 101);

        WriteCounts counts = balances.appendSnapshots(List.of(corrected));

        assertThat(counts).isEqualTo(new WriteCounts(0, 1, 0));
        assertThat(balances.latest(ACCOUNT, BalanceType.AVAILABLE)).contains(corrected);
        assertThat(balances.history(ACCOUNT, BalanceType.AVAILABLE, 10)).containsExactly(corrected);
    }
}
