package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.testing.Providers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TwinRuleTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 10);

    private static Transaction txn(String id, TransactionStatus status, LocalDate date) {
        return txn(id, status, date, "acc_001", Money.ofMinor(-8999, "GBP"), "INV-42", "Corner Shop Ltd");
    }

    private static Transaction txn(String id, TransactionStatus status, LocalDate date, String account, Money amount,
            String reference, String counterparty) {
        return Transaction.builder().provider(Providers.ATOA).providerAccountId(account).providerTransactionId(id)
                .amount(amount).direction(Direction.DEBIT).status(status).bookingDate(date).description("Card payment")
                .reference(reference).counterparty(counterparty == null ? null : new Counterparty(counterparty, null))
                .build();
    }

    private static Transaction pending(String id, LocalDate date) {
        return txn(id, TransactionStatus.PENDING, date);
    }

    private static Transaction booked(String id, LocalDate date) {
        return txn(id, TransactionStatus.BOOKED, date);
    }

    @Test
    void twinNeedsSameAccountAmountReferenceAndCounterpartyNameAndAnotherId() {
        Transaction b = booked("b", DAY);

        assertThat(TwinRule.isTwin(b, pending("p", DAY))).isTrue();
        assertThat(TwinRule.isTwin(b, pending("b", DAY))).isFalse();
        assertThat(TwinRule.isTwin(b, txn("p", TransactionStatus.PENDING, DAY, "acc_002",
                Money.ofMinor(-8999, "GBP"), "INV-42", "Corner Shop Ltd"))).isFalse();
        assertThat(TwinRule.isTwin(b, txn("p", TransactionStatus.PENDING, DAY, "acc_001",
                Money.ofMinor(-9000, "GBP"), "INV-42", "Corner Shop Ltd"))).isFalse();
        assertThat(TwinRule.isTwin(b, txn("p", TransactionStatus.PENDING, DAY, "acc_001",
                Money.ofMinor(-8999, "GBP"), "INV-43", "Corner Shop Ltd"))).isFalse();
        assertThat(TwinRule.isTwin(b, txn("p", TransactionStatus.PENDING, DAY, "acc_001",
                Money.ofMinor(-8999, "GBP"), "INV-42", "Other Shop"))).isFalse();
        assertThat(TwinRule.isTwin(b, txn("p", TransactionStatus.PENDING, DAY, "acc_001",
                Money.ofMinor(-8999, "GBP"), "INV-42", null))).isFalse();
    }

    @Test
    void anUndatedSideIsZeroDaysFromAnything() {
        assertThat(TwinRule.isTwin(booked("b", DAY), pending("p", null))).isTrue();
        assertThat(TwinRule.isTwin(booked("b", null), pending("p", DAY.minusYears(1)))).isTrue();
    }

    @Test
    void closestPendingPrefersTheNearestDateThenUndatedThenEarlierDateThenSmallerId() {
        Transaction b = booked("b", DAY);
        Transaction farEarlier = pending("p1", DAY.minusDays(5));
        Transaction nearLater = pending("p2", DAY.plusDays(2));
        Transaction nearEarlier = pending("p3", DAY.minusDays(2));
        Transaction sameDayB = pending("p5", DAY);
        Transaction sameDayA = pending("p4", DAY);
        Transaction undated = pending("p0", null);

        assertThat(TwinRule.closestPending(b, List.of(farEarlier, nearLater, nearEarlier), Function.identity()))
                .contains(nearEarlier);
        assertThat(TwinRule.closestPending(b, List.of(sameDayB, sameDayA, undated), Function.identity()))
                .contains(undated);
        assertThat(TwinRule.closestPending(b, List.of(sameDayB, sameDayA), Function.identity())).contains(sameDayA);
        assertThat(TwinRule.closestPending(b, List.of(pending("p", DAY.minusDays(15))), Function.identity()))
                .isEmpty();
    }

    @Test
    void bookedTwinsAreTriedClosestFirstThenBySmallerId() {
        List<Transaction> stored = List.of(booked("b1", DAY.plusDays(9)), booked("b0", DAY.plusDays(15)),
                booked("b3", DAY.plusDays(1)), booked("b2", DAY.minusDays(1)));

        assertThat(TwinRule.bookedTwinsClosestFirst(pending("p", DAY), stored))
                .extracting(Transaction::providerTransactionId).containsExactly("b2", "b3", "b1");
    }

    @Test
    void aStoredBookedTwinIsLookedForFromTheDayBeforeToTheWindowAfter() {
        assertThat(TwinRule.earliestBookingOfTwin(DAY)).isEqualTo(DAY.minusDays(1));
        assertThat(TwinRule.latestBookingOfTwin(DAY)).isEqualTo(DAY.plusDays(TwinRule.WINDOW_DAYS));
    }

    @Property
    void twinIffAtMostTheWindowApart(@ForAll @IntRange(min = -60, max = 60) int offset) {
        boolean twin = TwinRule.isTwin(booked("b", DAY.plusDays(offset)), pending("p", DAY));

        assertThat(twin).isEqualTo(Math.abs(offset) <= TwinRule.WINDOW_DAYS);
        assertThat(TwinRule.isTwin(booked("b", DAY), pending("p", DAY.plusDays(offset)))).isEqualTo(twin);
    }

    @Property
    void closestPendingIsTheNearestTwinWhateverThePoolOrder(
            @ForAll @Size(max = 12) List<@IntRange(min = -30, max = 30) Integer> offsets, @ForAll long seed) {
        Transaction b = booked("b", DAY);
        List<Transaction> pool = new ArrayList<>();
        for (int i = 0; i < offsets.size(); i++) {
            pool.add(pending("p" + i, DAY.plusDays(offsets.get(i))));
        }
        Optional<Transaction> chosen = TwinRule.closestPending(b, pool, Function.identity());
        List<Transaction> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(TwinRule.closestPending(b, shuffled, Function.identity())).isEqualTo(chosen);
        long nearest = offsets.stream().mapToLong(Math::abs).filter(d -> d <= TwinRule.WINDOW_DAYS).min().orElse(-1);
        assertThat(chosen.map(p -> TwinRule.daysApart(p.bookingDate(), DAY)).orElse(-1L)).isEqualTo(nearest);
    }
}
