package dev.bankfeed.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Balance continuity: previous balance + booked amounts = new balance, per account and currency, in exact long
 * arithmetic. A break is a data-quality signal for a person; nothing here decides what is stored.
 */
public final class BalanceContinuity {

    private BalanceContinuity() {
    }

    /** Which pair of balances disagreed. */
    public enum Kind {
        /** Two consecutive booked transactions' balance-after (Atoa's {@code balance}). */
        BALANCE_AFTER,
        /** Two end-of-day booked balance snapshots and the booked transactions between their dates. */
        SNAPSHOTS
    }

    /** One booked transaction as the check reads it; {@code balanceAfter} is null where the provider gives none. */
    public record Entry(String providerTransactionId, LocalDate bookingDate, Instant bookedAt, Money amount,
            Money balanceAfter) {

        public Entry {
            Objects.requireNonNull(amount, "amount");
        }
    }

    /**
     * One break: the balance at {@code fromDate} plus what was booked after it up to {@code toDate} should be
     * {@code expectedMinor} but the provider says {@code actualMinor}. {@code detail} names where (a provider
     * transaction id, or a balance type), never an account number.
     */
    public record Break(Kind kind, LocalDate fromDate, LocalDate toDate, long expectedMinor, long actualMinor,
            String currency, String detail) {

        /** actual - expected. */
        public long differenceMinor() {
            return Math.subtractExact(actualMinor, expectedMinor);
        }

        /** One line for logs and statuses: dates, amounts and currency only. */
        public String describe() {
            return kind + " break " + fromDate + ".." + toDate + " " + currency + ": expected " + expectedMinor
                    + ", actual " + actualMinor + " (minor units; " + detail + ")";
        }
    }

    /**
     * True for a snapshot that states the booked balance at the end of its {@code localDate} (a closing booked
     * balance, or Atlar's {@code BOOKED} reported as {@code CLOSE}), without a credit limit in it. Intraday,
     * available and credit-limit figures move with things other than booked transactions, so a date bracket
     * cannot check them.
     */
    public static boolean isEndOfDayBooked(BalanceSnapshot s) {
        if (s.localDate() == null || s.amount() == null || Boolean.TRUE.equals(s.creditLimitIncluded())) {
            return false;
        }
        return switch (s.type()) {
            case CLOSING, CLOSING_BOOKED -> true;
            case BOOKED -> s.reportedType() != null && s.reportedType().toUpperCase(Locale.ROOT).startsWith("CLOS");
            default -> false;
        };
    }

    /**
     * Checks two end-of-day booked balances of one currency, {@code older} at d1 and {@code newer} at d2 > d1:
     * older + the booked amounts of that currency dated in (d1, d2] must equal newer.
     *
     * @return the break, or empty when they agree
     */
    public static Optional<Break> between(BalanceSnapshot older, BalanceSnapshot newer, List<Entry> booked) {
        String currency = older.amount().currency();
        if (!currency.equals(newer.amount().currency()) || !older.localDate().isBefore(newer.localDate())) {
            throw new IllegalArgumentException("need two balances of one currency with d1 < d2");
        }
        long expected = older.amount().minor();
        for (Entry e : booked) {
            if (currency.equals(e.amount().currency()) && e.bookingDate() != null
                    && e.bookingDate().isAfter(older.localDate()) && !e.bookingDate().isAfter(newer.localDate())) {
                expected = Math.addExact(expected, e.amount().minor());
            }
        }
        long actual = newer.amount().minor();
        return expected == actual ? Optional.empty()
                : Optional.of(new Break(Kind.SNAPSHOTS, older.localDate(), newer.localDate(), expected, actual,
                        currency, "balance " + newer.type()));
    }

    /**
     * Checks the balance-after chain of booked transactions, per currency, in booking order: each balance-after
     * must be the previous one plus the amount. Transactions of one moment have no order of their own, so among
     * them the one that continues the chain is taken next. A transaction without a balance-after (or a booking
     * date) leaves the running balance unknown, and the chain starts again at the next one that has it. After a
     * break the chain goes on from the provider's figure, so one break is reported once.
     *
     * @return every break, oldest first
     */
    public static List<Break> balanceAfterChain(List<Entry> booked) {
        Map<String, List<Entry>> byCurrency = new LinkedHashMap<>();
        for (Entry e : booked) {
            byCurrency.computeIfAbsent(e.amount().currency(), c -> new ArrayList<>()).add(e);
        }
        List<Break> breaks = new ArrayList<>();
        byCurrency.forEach((currency, entries) -> chain(currency, entries, breaks));
        return breaks;
    }

    private static final Comparator<Entry> BOOKING_ORDER = Comparator
            .comparing(Entry::bookingDate, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Entry::bookedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Entry::providerTransactionId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static void chain(String currency, List<Entry> entries, List<Break> breaks) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(BOOKING_ORDER);
        Long running = null;
        LocalDate runningDate = null;
        int i = 0;
        while (i < sorted.size()) {
            int end = i + 1;
            while (end < sorted.size() && sameMoment(sorted.get(i), sorted.get(end))) {
                end++;
            }
            List<Entry> moment = new ArrayList<>(sorted.subList(i, end));
            i = end;
            if (moment.stream().anyMatch(e -> e.balanceAfter() == null || e.bookingDate() == null
                    || !currency.equals(e.balanceAfter().currency()))) {
                running = null;
                continue;
            }
            while (!moment.isEmpty()) {
                Entry next = running == null ? null : continuing(moment, running);
                if (next == null) {
                    next = chainStart(moment);
                    if (running != null) {
                        breaks.add(new Break(Kind.BALANCE_AFTER, runningDate, next.bookingDate(),
                                Math.addExact(running, next.amount().minor()), next.balanceAfter().minor(), currency,
                                "transaction " + next.providerTransactionId()));
                    }
                }
                moment.remove(next);
                running = next.balanceAfter().minor();
                runningDate = next.bookingDate();
            }
        }
    }

    private static boolean sameMoment(Entry a, Entry b) {
        return Objects.equals(a.bookingDate(), b.bookingDate()) && Objects.equals(a.bookedAt(), b.bookedAt());
    }

    private static Entry continuing(List<Entry> moment, long running) {
        for (Entry e : moment) {
            if (Math.addExact(running, e.amount().minor()) == e.balanceAfter().minor()) {
                return e;
            }
        }
        return null;
    }

    /** The entry of a moment that no other entry of it leads to (the first one when every one is led to). */
    private static Entry chainStart(List<Entry> moment) {
        for (Entry e : moment) {
            long before = Math.subtractExact(e.balanceAfter().minor(), e.amount().minor());
            if (moment.stream().noneMatch(o -> o != e && o.balanceAfter().minor() == before)) {
                return e;
            }
        }
        return moment.get(0);
    }
}
