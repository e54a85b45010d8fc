package dev.bankfeed.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One account's transactions as parallel primitive arrays (about 60 bytes a transaction), ordered newest
 * first by (time desc, serial desc). Immutable: a change builds a new ledger. Text fields are not stored;
 * {@link TxnContent} regenerates them from {@code origin} when an item is served.
 */
public final class Ledger {

    /** One transaction while a ledger is being built. */
    public record Entry(long time, long serial, long origin, boolean pending, long amount, long insertedAt, long updatedAt) {
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::time)
            .thenComparingLong(Entry::serial).reversed();

    private final long[] time;
    private final long[] serial;
    private final long[] origin;
    private final boolean[] pending;
    private final long[] amount;
    private final long[] insertedAt;
    private final long[] updatedAt;
    /** The booked balance right after entry i (pending entries do not move it). */
    private final long[] balanceAfter;
    private final long opening;

    private Ledger(List<Entry> entries, long opening) {
        int n = entries.size();
        time = new long[n];
        serial = new long[n];
        origin = new long[n];
        pending = new boolean[n];
        amount = new long[n];
        insertedAt = new long[n];
        updatedAt = new long[n];
        balanceAfter = new long[n];
        this.opening = opening;
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            time[i] = e.time();
            serial[i] = e.serial();
            origin[i] = e.origin();
            pending[i] = e.pending();
            amount[i] = e.amount();
            insertedAt[i] = e.insertedAt();
            updatedAt[i] = e.updatedAt();
        }
        long running = opening;
        for (int i = n - 1; i >= 0; i--) {
            if (!pending[i]) {
                running = Math.addExact(running, amount[i]);
            }
            balanceAfter[i] = running;
        }
    }

    /** A ledger of {@code entries} (any order) whose booked history starts from {@code opening}. */
    public static Ledger of(List<Entry> entries, long opening) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(NEWEST_FIRST);
        return new Ledger(sorted, opening);
    }

    /** The entries, newest first, for building a changed ledger. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            list.add(entry(i));
        }
        return list;
    }

    public Entry entry(int i) {
        return new Entry(time[i], serial[i], origin[i], pending[i], amount[i], insertedAt[i], updatedAt[i]);
    }

    public int size() {
        return time.length;
    }

    public long time(int i) {
        return time[i];
    }

    public long serial(int i) {
        return serial[i];
    }

    public long origin(int i) {
        return origin[i];
    }

    public boolean pending(int i) {
        return pending[i];
    }

    public long amount(int i) {
        return amount[i];
    }

    public long insertedAt(int i) {
        return insertedAt[i];
    }

    public long updatedAt(int i) {
        return updatedAt[i];
    }

    public long balanceAfter(int i) {
        return balanceAfter[i];
    }

    public long opening() {
        return opening;
    }

    /** The booked balance now. */
    public long bookedBalance() {
        return size() == 0 ? opening : balanceAfter[0];
    }

    /** The booked balance at instant {@code t} (transactions strictly before {@code t}). */
    public long bookedBalanceBefore(long t) {
        int i = firstBefore(t);
        return i < size() ? balanceAfter[i] : opening;
    }

    /** The sum of pending debits (negative or zero): what the available balance already holds back. */
    public long pendingDebits() {
        long sum = 0;
        for (int i = 0; i < size(); i++) {
            if (pending[i] && amount[i] < 0) {
                sum += amount[i];
            }
        }
        return sum;
    }

    /** The first index whose time is strictly before {@code t} (size() if none). */
    public int firstBefore(long t) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time[mid] < t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The first index that comes after the position (t, s) in newest-first order (size() if none). */
    public int firstAfter(long t, long s) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time[mid] < t || (time[mid] == t && serial[mid] < s)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
