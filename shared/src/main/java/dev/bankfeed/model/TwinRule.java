package dev.bankfeed.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pending-to-booked twin rule of providers that book a pending record under a new id: which pending record a
 * booked one closes. A twin has the same account, amount, reference and counterparty name, another id, and a
 * booking date at most {@link #WINDOW_DAYS} away; among several, the closest date wins. Stores fetch the
 * candidates; this class decides.
 */
public final class TwinRule {

    /**
     * A pending record and its booked twin are at most this many days apart. Without a bound, a recurring payment
     * (same amount, reference and payee) booked today would close next week's genuine pending one.
     */
    public static final long WINDOW_DAYS = 14;

    private TwinRule() {
    }

    /** Whether {@code booked} may close {@code pending}: the rule's fields agree and the dates are close enough. */
    public static boolean isTwin(Transaction booked, Transaction pending) {
        return Objects.equals(booked.provider(), pending.provider())
                && Objects.equals(booked.providerAccountId(), pending.providerAccountId())
                && !booked.providerTransactionId().equals(pending.providerTransactionId())
                && Objects.equals(booked.amount(), pending.amount())
                && Objects.equals(booked.reference(), pending.reference())
                && Objects.equals(counterpartyName(booked), counterpartyName(pending))
                && daysApart(booked.bookingDate(), pending.bookingDate()) <= WINDOW_DAYS;
    }

    /** Days between two booking dates; 0 when either is unknown (no date to tell them apart). */
    public static long daysApart(LocalDate a, LocalDate b) {
        return a == null || b == null ? 0 : Math.abs(ChronoUnit.DAYS.between(a, b));
    }

    /**
     * The open pending record a new booked one closes, of {@code pool}: the closest date first, then undated before
     * dated, the earlier date, the smaller id (a stable choice on a tie, the same on every replay).
     */
    public static <C> Optional<C> closestPending(Transaction booked, Collection<C> pool,
            Function<C, Transaction> transaction) {
        Comparator<Transaction> closest = Comparator
                .comparingLong((Transaction p) -> daysApart(booked.bookingDate(), p.bookingDate()))
                .thenComparing(Transaction::bookingDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Transaction::providerTransactionId);
        return pool.stream().filter(c -> isTwin(booked, transaction.apply(c)))
                .min(Comparator.comparing(transaction, closest));
    }

    /**
     * The stored unpaired booked records that a new pending one may be closed by (its booking came first), in the
     * order to try them: the closest date first, then the smaller id.
     */
    public static List<Transaction> bookedTwinsClosestFirst(Transaction pending, Collection<Transaction> booked) {
        return booked.stream()
                .filter(b -> isTwin(b, pending))
                .sorted(Comparator.comparingLong((Transaction b) -> daysApart(b.bookingDate(), pending.bookingDate()))
                        .thenComparing(Transaction::providerTransactionId))
                .toList();
    }

    /**
     * The earliest booking date of a booked record stored before its dated pending twin: a booking comes on or
     * after its pending record's date, with a day's margin for offsets (last week's booking of a recurring payment
     * is not this week's pending one).
     */
    public static LocalDate earliestBookingOfTwin(LocalDate pendingDate) {
        return pendingDate.minusDays(1);
    }

    /** The latest booking date of a booked twin of a pending record dated {@code pendingDate}. */
    public static LocalDate latestBookingOfTwin(LocalDate pendingDate) {
        return pendingDate.plusDays(WINDOW_DAYS);
    }

    private static String counterpartyName(Transaction t) {
        Counterparty c = t.counterparty();
        return c == null ? null : c.name();
    }
}
