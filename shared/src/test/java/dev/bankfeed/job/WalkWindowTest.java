package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.testing.Providers;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WalkWindowTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 30);
    /** Lookback 3 days, backfill 90: the limit is 2026-04-01. */
    private static final WalkWindow WINDOW = new WalkWindow(TODAY, 3, 90);
    private static final LocalDate LIMIT = LocalDate.of(2026, 4, 1);
    private static final LocalDate WATERMARK = LocalDate.of(2026, 6, 20);

    private static Transaction txn(TransactionStatus status, LocalDate date) {
        return Transaction.builder().provider(Providers.ATOA).providerAccountId("a").providerTransactionId("t")
                .amount(Money.ofMinor(-1, "GBP")).direction(Direction.DEBIT).status(status).bookingDate(date).build();
    }

    private static List<LocalDate> dates(LocalDate... dates) {
        return Arrays.asList(dates);
    }

    @Test
    void aFirstWalkStartsAtTheBackfillLimit() {
        assertThat(WINDOW.backfillLimit()).isEqualTo(LIMIT);
        assertThat(WINDOW.newWalkFrom(null, dates(LocalDate.of(2026, 5, 1)), dates())).isEqualTo(LIMIT);
    }

    @Test
    void anIncrementalWalkStartsTheLookbackBehindTheWatermark() {
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates(), dates())).isEqualTo(WATERMARK.minusDays(3));
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates(WATERMARK), dates(WATERMARK.minusDays(1))))
                .isEqualTo(WATERMARK.minusDays(3));
    }

    @Test
    void anOlderOpenPendingPullsTheStartToTheDayBeforeItsDate() {
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates(LocalDate.of(2026, 5, 10), LocalDate.of(2026, 6, 1)), dates()))
                .isEqualTo(LocalDate.of(2026, 5, 9));
    }

    @Test
    void anUndatedOrAgedOutPendingPullsTheStartToTheBackfillLimitOnly() {
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates((LocalDate) null), dates())).isEqualTo(LIMIT);
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates(LocalDate.of(2025, 1, 1)), dates())).isEqualTo(LIMIT);
    }

    @Test
    void anOpenRejectionReachesBackToItsReadFromUnlessThatIsAtOrBeforeTheLimit() {
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates(), dates(LocalDate.of(2026, 5, 2), null)))
                .isEqualTo(LocalDate.of(2026, 5, 2));
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates(), dates(LIMIT))).isEqualTo(WATERMARK.minusDays(3));
        assertThat(WINDOW.newWalkFrom(WATERMARK, dates(), dates(LIMIT.minusDays(10))))
                .isEqualTo(WATERMARK.minusDays(3));
    }

    @Test
    void aWalkCoversThePendingDatesAfterItsStartAndEverythingFromTheLimit() {
        LocalDate from = LocalDate.of(2026, 6, 10);

        assertThat(WINDOW.covers(from, from.plusDays(1))).isTrue();
        assertThat(WINDOW.covers(from, from)).isFalse();
        assertThat(WINDOW.covers(from, null)).isFalse();
        assertThat(WINDOW.covers(LIMIT, null)).isTrue();
        assertThat(WINDOW.covers(LIMIT, LIMIT.minusYears(1))).isTrue();
        assertThat(WINDOW.covers(LIMIT.minusDays(1), LIMIT)).isTrue();
    }

    @Test
    void theWatermarkCandidateIsTheNewestBookedDateNotPastToday() {
        LocalDate d = LocalDate.of(2026, 6, 25);

        assertThat(WINDOW.newer(null, txn(TransactionStatus.BOOKED, d))).isEqualTo(d);
        assertThat(WINDOW.newer(d, txn(TransactionStatus.BOOKED, d.minusDays(1)))).isEqualTo(d);
        assertThat(WINDOW.newer(d, txn(TransactionStatus.PENDING, TODAY))).isEqualTo(d);
        assertThat(WINDOW.newer(d, txn(TransactionStatus.BOOKED, TODAY.plusDays(1)))).isEqualTo(d);
        assertThat(WINDOW.newer(d, txn(TransactionStatus.BOOKED, null))).isEqualTo(d);
        assertThat(WINDOW.newer(d, txn(TransactionStatus.BOOKED, TODAY))).isEqualTo(TODAY);
    }

    @Test
    void aCompletedWalkMovesTheWatermarkForwardOnlyAndNotAfterARejection() {
        LocalDate later = WATERMARK.plusDays(2);

        assertThat(WalkWindow.completedWatermark(null, later, false)).isEqualTo(later);
        assertThat(WalkWindow.completedWatermark(WATERMARK, later, false)).isEqualTo(later);
        assertThat(WalkWindow.completedWatermark(WATERMARK, WATERMARK.minusDays(5), false)).isEqualTo(WATERMARK);
        assertThat(WalkWindow.completedWatermark(WATERMARK, null, false)).isEqualTo(WATERMARK);
        assertThat(WalkWindow.completedWatermark(WATERMARK, later, true)).isEqualTo(WATERMARK);
        assertThat(WalkWindow.completedWatermark(null, later, true)).isNull();
    }

    @Property
    void theStartIsNeverBeforeTheLimitNorAfterTheLookbackAndAnOpenPendingIsCoveredByIt(
            @ForAll @IntRange(min = 0, max = 200) int watermarkAgo, @ForAll @IntRange(min = -1, max = 200) int pendingAgo,
            @ForAll @IntRange(min = -1, max = 200) int rejectionAgo) {
        LocalDate watermark = TODAY.minusDays(watermarkAgo);
        LocalDate pending = pendingAgo < 0 ? null : TODAY.minusDays(pendingAgo);
        LocalDate rejection = rejectionAgo < 0 ? null : TODAY.minusDays(rejectionAgo);

        LocalDate from = WINDOW.newWalkFrom(watermark, dates(pending), dates(rejection));

        assertThat(from).isAfterOrEqualTo(LIMIT);
        assertThat(from).isBeforeOrEqualTo(watermark.minusDays(3).isBefore(LIMIT) ? LIMIT : watermark.minusDays(3));
        assertThat(WINDOW.covers(from, pending)).isTrue();
    }
}
