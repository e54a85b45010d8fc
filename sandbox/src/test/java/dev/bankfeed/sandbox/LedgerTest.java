package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LedgerTest {

    /** Times drawn from a small range so that many entries share a time, which is where searches go wrong. */
    private static Ledger randomLedger(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Ledger.Entry> entries = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            long time = 1_000L * r.nextInt(n / 3 + 1);
            entries.add(new Ledger.Entry(time, s, s, r.nextInt(10) == 0, r.nextLong(-5000, 5000), time, time));
        }
        return Ledger.of(entries, 777);
    }

    @Test
    void entries_areNewestFirstWithSerialBreakingTies() {
        Ledger l = randomLedger(1, 500);

        for (int i = 1; i < l.size(); i++) {
            assertThat(l.time(i) < l.time(i - 1) || (l.time(i) == l.time(i - 1) && l.serial(i) < l.serial(i - 1))).isTrue();
        }
    }

    @Test
    void firstBefore_andFirstAfter_agreeWithALinearScan() {
        Ledger l = randomLedger(2, 300);
        for (int i = 0; i < l.size(); i++) {
            long t = l.time(i);
            int linearBefore = 0;
            while (linearBefore < l.size() && l.time(linearBefore) >= t) {
                linearBefore++;
            }
            assertThat(l.firstBefore(t)).isEqualTo(linearBefore);
            assertThat(l.firstAfter(t, l.serial(i))).isEqualTo(i + 1);
        }
        assertThat(l.firstBefore(Long.MAX_VALUE)).isZero();
        assertThat(l.firstBefore(Long.MIN_VALUE)).isEqualTo(l.size());
    }

    @Test
    void balanceAfter_isTheOpeningPlusBookedAmountsUpToThatEntry() {
        Ledger l = randomLedger(3, 200);
        long running = l.opening();
        for (int i = l.size() - 1; i >= 0; i--) {
            if (!l.pending(i)) {
                running += l.amount(i);
            }
            assertThat(l.balanceAfter(i)).isEqualTo(running);
        }
        assertThat(l.bookedBalance()).isEqualTo(running);
        assertThat(l.bookedBalanceBefore(Long.MIN_VALUE)).isEqualTo(777);
    }
}
