package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.BalanceContinuity.Break;
import dev.bankfeed.model.BalanceContinuity.Entry;
import dev.bankfeed.model.BalanceContinuity.Kind;
import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BalanceContinuityTest {

    private static final LocalDate D0 = LocalDate.of(2026, 3, 1);

    private static Entry entry(String id, LocalDate date, int second, long amount, Long after, String cur) {
        return new Entry(id, date, date.atStartOfDay(ZoneOffset.UTC).plusSeconds(second).toInstant(),
                Money.ofMinor(amount, cur), after == null ? null : Money.ofMinor(after, cur));
    }

    private static BalanceSnapshot closing(LocalDate day, long minor, String cur) {
        Instant asOf = day.atTime(22, 59, 59).toInstant(ZoneOffset.UTC);
        return BalanceSnapshot.builder().provider(Providers.ATLAR).providerAccountId("acc").providerBalanceId("b")
                .type(BalanceType.BOOKED).providerType("BOOKED").reportedType("CLOSE").amount(Money.ofMinor(minor, cur))
                .creditLimitMeaning(CreditLimitMeaning.NOT_APPLICABLE).localDate(day).asOf(asOf).rawJson("{}").build();
    }

    /** A consistent ledger from {@code opening}: each entry's balance-after is the running sum; days ascending. */
    private static List<Entry> ledger(long opening, long[] amounts, int[] dayOffsets, String cur) {
        List<Entry> list = new ArrayList<>();
        long running = opening;
        int day = 0;
        for (int i = 0; i < amounts.length; i++) {
            day += dayOffsets[i];
            running = Math.addExact(running, amounts[i]);
            list.add(entry("t" + i, D0.plusDays(day), i, amounts[i], running, cur));
        }
        return list;
    }

    @Test
    void chain_consistent_hasNoBreak() {
        List<Entry> l = List.of(entry("a", D0, 1, -500, 9500L, "GBP"), entry("b", D0, 2, 200, 9700L, "GBP"),
                entry("c", D0.plusDays(1), 0, -9700, 0L, "GBP"));

        assertThat(BalanceContinuity.balanceAfterChain(l)).isEmpty();
    }

    @Test
    void chain_oneWrongBalanceAfter_reportsDatesExpectedActualAndTheTransaction() {
        List<Entry> l = List.of(entry("a", D0, 1, -500, 9500L, "GBP"),
                entry("b", D0.plusDays(2), 2, 200, 9800L, "GBP"), // 9500 + 200 = 9700, bank says 9800
                entry("c", D0.plusDays(3), 0, -800, 9000L, "GBP"));

        assertThat(BalanceContinuity.balanceAfterChain(l)).containsExactly(
                new Break(Kind.BALANCE_AFTER, D0, D0.plusDays(2), 9700, 9800, "GBP", "transaction b"));
    }

    @Test
    void chain_sameMomentInAnyListOrder_isOrderedByTheChainItself() {
        // Three transactions of one second: only the order b, c, a is consistent, and ids sort a, b, c.
        List<Entry> l = new ArrayList<>(List.of(entry("z", D0, 0, 100, 100L, "EUR"),
                entry("a", D0, 5, -30, 120L, "EUR"), entry("b", D0, 5, 100, 200L, "EUR"),
                entry("c", D0, 5, -50, 150L, "EUR")));
        Collections.reverse(l);

        assertThat(BalanceContinuity.balanceAfterChain(l)).isEmpty();
    }

    @Test
    void chain_isPerCurrency_andSkipsPastTransactionsWithoutBalanceAfter() {
        List<Entry> l = List.of(entry("g1", D0, 1, 100, 100L, "GBP"), entry("e1", D0, 2, 7, 7L, "EUR"),
                entry("g2", D0, 3, 50, null, "GBP"), // no balance: the running GBP balance is unknown after it
                entry("g3", D0, 4, 1, 999L, "GBP"), entry("e2", D0, 5, 3, 10L, "EUR"),
                entry("g4", D0, 6, 1, 1000L, "GBP"));

        assertThat(BalanceContinuity.balanceAfterChain(l)).isEmpty();
    }

    @Test
    void chain_nearLongLimits_isExactOrFailsLoudly() {
        List<Entry> exact = List.of(entry("a", D0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE - 1, "JPY"),
                entry("b", D0, 2, 1, Long.MAX_VALUE, "JPY"));
        assertThat(BalanceContinuity.balanceAfterChain(exact)).isEmpty();

        List<Entry> overflow = List.of(entry("a", D0, 1, 5, Long.MAX_VALUE, "JPY"), entry("b", D0, 2, 1, 0L, "JPY"));
        assertThatThrownBy(() -> BalanceContinuity.balanceAfterChain(overflow)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void snapshots_agreeWhenTheBookedAmountsInBetweenExplainTheMove() {
        List<Entry> booked = List.of(entry("before", D0, 1, 1_000_000, null, "SEK"),
                entry("in1", D0.plusDays(1), 1, -300, null, "SEK"), entry("in2", D0.plusDays(2), 1, 50, null, "SEK"),
                entry("otherCurrency", D0.plusDays(1), 1, 77, null, "EUR"),
                entry("after", D0.plusDays(3), 1, 9, null, "SEK"));

        assertThat(BalanceContinuity.between(closing(D0, 1000, "SEK"), closing(D0.plusDays(2), 750, "SEK"), booked))
                .isEmpty();
        assertThat(BalanceContinuity.between(closing(D0, 1000, "SEK"), closing(D0.plusDays(2), 751, "SEK"), booked))
                .contains(new Break(Kind.SNAPSHOTS, D0, D0.plusDays(2), 750, 751, "SEK", "balance BOOKED"));
    }

    @Test
    void snapshots_ofTwoCurrenciesOrOutOfOrder_areRefused() {
        assertThatThrownBy(() -> BalanceContinuity.between(closing(D0, 1, "SEK"), closing(D0.plusDays(1), 1, "EUR"),
                List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BalanceContinuity.between(closing(D0, 1, "SEK"), closing(D0, 1, "SEK"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyEndOfDayBookedBalancesWithoutCreditLimit_areCheckedByDate() {
        BalanceSnapshot close = closing(D0, 1, "EUR");
        assertThat(BalanceContinuity.isEndOfDayBooked(close)).isTrue();
        assertThat(BalanceContinuity.isEndOfDayBooked(withType(close, BalanceType.BOOKED, "INTERIM", null)))
                .isFalse();
        assertThat(BalanceContinuity.isEndOfDayBooked(withType(close, BalanceType.CLOSING, null, false))).isTrue();
        assertThat(BalanceContinuity.isEndOfDayBooked(withType(close, BalanceType.CLOSING, null, true))).isFalse();
        assertThat(BalanceContinuity.isEndOfDayBooked(withType(close, BalanceType.CLOSING_BOOKED, null, null)))
                .isTrue();
        assertThat(BalanceContinuity.isEndOfDayBooked(withType(close, BalanceType.AVAILABLE, "CLOSE", null)))
                .isFalse();
        assertThat(BalanceContinuity.isEndOfDayBooked(withType(close, BalanceType.INTERIM_BOOKED, null, null)))
                .isFalse();
    }

    private static BalanceSnapshot withType(BalanceSnapshot s, BalanceType type, String reported, Boolean credit) {
        return s.toBuilder().type(type).providerType(type.name()).reportedType(reported).creditLimitIncluded(credit)
                .build();
    }

    @Property
    void aConsistentLedger_neverBreaks_inAnyListOrder(
            @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long opening,
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = -100_000_000L, max = 100_000_000L) Long> amounts,
            @ForAll long shuffleSeed) {
        List<Entry> l = ledger(opening, toArray(amounts), days(amounts.size(), shuffleSeed), "GBP");
        List<Entry> shuffled = new ArrayList<>(l);
        Collections.shuffle(shuffled, new Random(shuffleSeed));

        assertThat(BalanceContinuity.balanceAfterChain(shuffled)).isEmpty();
        Entry last = l.get(l.size() - 1);
        assertThat(BalanceContinuity.between(closing(D0.minusDays(1), opening, "GBP"),
                closing(last.bookingDate(), last.balanceAfter().minor(), "GBP"), shuffled)).isEmpty();
    }

    @Property
    void anySingleChangedAmount_alwaysBreaks(
            @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long opening,
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = -100_000_000L, max = 100_000_000L) Long> amounts,
            @ForAll @IntRange(min = 0, max = 39) int which,
            @ForAll @LongRange(min = -1_000_000L, max = 1_000_000L) long anyDelta,
            @ForAll long seed) {
        long delta = anyDelta == 0 ? 1 : anyDelta;
        int k = which % amounts.size();
        List<Entry> l = ledger(opening, toArray(amounts), days(amounts.size(), seed), "GBP");
        List<Entry> changed = new ArrayList<>(l);
        Entry e = l.get(k);
        changed.set(k, new Entry(e.providerTransactionId(), e.bookingDate(), e.bookedAt(),
                Money.ofMinor(e.amount().minor() + delta, "GBP"), e.balanceAfter()));
        Entry last = l.get(l.size() - 1);

        assertThat(BalanceContinuity.between(closing(D0.minusDays(1), opening, "GBP"),
                closing(last.bookingDate(), last.balanceAfter().minor(), "GBP"), changed))
                .hasValueSatisfying(b -> assertThat(b.differenceMinor()).isEqualTo(-delta));
        if (k > 0) {
            // The first transaction has no predecessor in the chain; any later one does.
            assertThat(BalanceContinuity.balanceAfterChain(changed)).isNotEmpty();
        }
    }

    private static long[] toArray(List<Long> amounts) {
        return amounts.stream().mapToLong(Long::longValue).toArray();
    }

    /** Day steps of 0 (same day), 1 or 2 days, from a seed. */
    private static int[] days(int n, long seed) {
        Random r = new Random(seed);
        int[] steps = new int[n];
        for (int i = 0; i < n; i++) {
            steps[i] = r.nextInt(3);
        }
        return steps;
    }
}
