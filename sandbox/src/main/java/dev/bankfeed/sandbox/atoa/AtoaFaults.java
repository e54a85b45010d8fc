package dev.bankfeed.sandbox.atoa;

import dev.bankfeed.sandbox.ConsentFaults;
import dev.bankfeed.sandbox.Countdown;

/** Atoa's fault knobs: the common ones, consent expiry, and data that changes or shifts in the middle of a walk. */
public final class AtoaFaults extends ConsentFaults {

    private final Countdown midWalkChanges = new Countdown();
    private final Countdown midWalkShifts = new Countdown();

    AtoaFaults() {
        super(AtoaSandbox.ID);
    }

    /**
     * After each of the next {@code n} transaction pages served, a new booked transaction appears inside that
     * request's {@code [from, before)} window, newest in it: {@code totalCount} grows by one and every later
     * offset shifts, so a client that keeps paging without restarting sees an item twice and misses the new one.
     */
    public void changeDataMidWalk(int n) {
        midWalkChanges.add(n);
    }

    boolean takeMidWalkChange() {
        return midWalkChanges.take();
    }

    /**
     * After each of the next {@code n} transaction pages served, a new booked transaction appears newest in that
     * request's window and the window's oldest one vanishes: {@code totalCount} stays the same, yet every later
     * offset shifts by one, so a client that trusts an unchanged count sees the row ending one page again at
     * the start of the next and misses the new one.
     */
    public void shiftDataMidWalk(int n) {
        midWalkShifts.add(n);
    }

    boolean takeMidWalkShift() {
        return midWalkShifts.take();
    }

    @Override
    public void clear() {
        super.clear();
        midWalkChanges.reset();
        midWalkShifts.reset();
    }
}
