package dev.bankfeed.job;

import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import java.time.LocalDate;
import java.util.Collection;

/**
 * The dates of an account's transaction walk, decided from what the stores hold: where a new walk starts, how far
 * the watermark moves when it completes, and which open pending records a complete walk covers (may prove
 * vanished). Pure: {@link SyncTransactionsJob} fetches the inputs and acts on the answers.
 */
record WalkWindow(LocalDate today, int lookbackDays, int backfillDays) {

    /** The earliest date any walk reads: the backfill depth behind today. */
    LocalDate backfillLimit() {
        return today.minusDays(backfillDays);
    }

    /**
     * Where a new incremental walk starts: the lookback behind the watermark, or earlier if an open pending
     * transaction is older (its booking may come with its original date, and only a walk that covers its date
     * can prove it vanished), never before the backfill limit. A pending pulls the start to the day before its
     * date, the margin {@link #covers} needs to count that date as covered. An undated one (a null in
     * {@code openPendingDates}) has no date to window by: the walk starts at the backfill limit while one is open.
     * An open rejection pulls the start back to where the walk that first read its record started
     * ({@code rejectionReadFroms}), so that a corrected record is stored; one first read at or before the backfill
     * limit does not pull (re-reading the whole backfill every run would not bring it back). Without a watermark
     * (a first walk) the start is the backfill limit.
     */
    LocalDate newWalkFrom(LocalDate watermark, Collection<LocalDate> openPendingDates,
            Collection<LocalDate> rejectionReadFroms) {
        LocalDate backfillLimit = backfillLimit();
        if (watermark == null) {
            return backfillLimit;
        }
        LocalDate from = watermark.minusDays(lookbackDays);
        for (LocalDate date : openPendingDates) {
            LocalDate needed = date == null ? backfillLimit : date.minusDays(1);
            if (needed.isBefore(from)) {
                from = needed;
            }
        }
        for (LocalDate needed : rejectionReadFroms) {
            if (needed != null && needed.isAfter(backfillLimit) && needed.isBefore(from)) {
                from = needed;
            }
        }
        return from.isBefore(backfillLimit) ? backfillLimit : from;
    }

    /**
     * Whether a complete walk from {@code walkFrom} proves an open pending record dated {@code pendingDate} vanished
     * when it did not return it. Covered are the dates after {@code walkFrom}: a day's margin, because a provider
     * may window by UTC instant while a booking date is in the record's own offset. A walk from the backfill limit
     * (or earlier) also covers what no walk will ever read again: undated pending records, and those dated at or
     * before the limit (aged out: a pending older than the backfill depth that the bank no longer lists is not
     * coming back under its date).
     */
    boolean covers(LocalDate walkFrom, LocalDate pendingDate) {
        return !walkFrom.isAfter(backfillLimit()) || (pendingDate != null && pendingDate.isAfter(walkFrom));
    }

    /**
     * The watermark candidate after seeing {@code t}: booked transactions only (a pending date may move) and
     * never past today (one future-dated record must not make later runs skip the present).
     */
    LocalDate newer(LocalDate newest, Transaction t) {
        LocalDate d = t.bookingDate();
        if (t.status() != TransactionStatus.BOOKED || d == null || d.isAfter(today)) {
            return newest;
        }
        return newest == null || d.isAfter(newest) ? d : newest;
    }

    /**
     * The watermark a completed walk leaves: the later of the old one and the newest booked date it read; the old
     * one unmoved when the walk rejected a record, so that the next walk reads the rejected record's dates again
     * (until it normalizes; should it age out first, its open rejection keeps the account failing).
     */
    static LocalDate completedWatermark(LocalDate watermark, LocalDate walkNewest, boolean rejectedInWalk) {
        if (rejectedInWalk) {
            return watermark;
        }
        if (watermark == null) {
            return walkNewest;
        }
        return walkNewest == null || walkNewest.isBefore(watermark) ? watermark : walkNewest;
    }
}
