package dev.bankfeed.sandbox;

import java.util.List;

/**
 * Walks the transactions of several accounts as one list, newest first, ordered by (time desc, account
 * ordinal asc, serial desc): a strict total order, so a position (a {@link Key}) resumes a walk exactly, even
 * after transactions were added or removed elsewhere in the list.
 */
public final class MergedWalk {

    /** A position in the merged order. */
    public record Key(long time, int ordinal, long serial) {

        public String encode() {
            return time + ":" + ordinal + ":" + serial;
        }

        /** Null when {@code text} is not a key. */
        public static Key decode(String text) {
            String[] parts = text.split(":");
            if (parts.length != 3) {
                return null;
            }
            try {
                return new Key(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** Decides which entries a walk yields (filters). */
    @FunctionalInterface
    public interface Filter {
        boolean accept(AccountSpec account, Ledger ledger, int index);
    }

    private final List<AccountSpec> accounts;
    private final Ledger[] ledgers;
    private final int[] next;
    private final Filter filter;
    private int currentAccount = -1;
    private int currentIndex = -1;

    public MergedWalk(List<AccountSpec> accounts, World.Snapshot snapshot, Key after, Filter filter) {
        this.accounts = accounts;
        this.filter = filter;
        this.ledgers = new Ledger[accounts.size()];
        this.next = new int[accounts.size()];
        for (int a = 0; a < accounts.size(); a++) {
            Ledger l = snapshot.ledger(accounts.get(a));
            ledgers[a] = l;
            int ordinal = accounts.get(a).ordinal();
            if (after == null) {
                next[a] = 0;
            } else if (ordinal < after.ordinal()) {
                next[a] = l.firstBefore(after.time());
            } else if (ordinal > after.ordinal()) {
                next[a] = l.firstBefore(after.time() + 1);
            } else {
                next[a] = l.firstAfter(after.time(), after.serial());
            }
            skipRejected(a);
        }
    }

    private void skipRejected(int a) {
        while (next[a] < ledgers[a].size() && !filter.accept(accounts.get(a), ledgers[a], next[a])) {
            next[a]++;
        }
    }

    public boolean hasNext() {
        for (int a = 0; a < ledgers.length; a++) {
            if (next[a] < ledgers[a].size()) {
                return true;
            }
        }
        return false;
    }

    /** Moves to the next entry; read it through {@link #account()}, {@link #ledger()} and {@link #index()}. */
    public void advance() {
        int best = -1;
        for (int a = 0; a < ledgers.length; a++) {
            if (next[a] >= ledgers[a].size()) {
                continue;
            }
            // Accounts are in ordinal order, so on equal times the first one found wins.
            if (best < 0 || ledgers[a].time(next[a]) > ledgers[best].time(next[best])) {
                best = a;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("walk is complete");
        }
        currentAccount = best;
        currentIndex = next[best]++;
        skipRejected(best);
    }

    public AccountSpec account() {
        return accounts.get(currentAccount);
    }

    public Ledger ledger() {
        return ledgers[currentAccount];
    }

    public int index() {
        return currentIndex;
    }

    public Key key() {
        return new Key(ledger().time(currentIndex), account().ordinal(), ledger().serial(currentIndex));
    }
}
