package dev.bankfeed.sandbox;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sandbox's banks: connections, accounts and their ledgers. Readers take an immutable {@link Snapshot};
 * changes ({@link #advance}, {@link #insertBooked}) build new ledgers under the lock and publish a new
 * snapshot, so a page is always served from one consistent state. Its providers are the registered
 * {@link SandboxModules}; their APIs read it, and change it for faults that move data mid-walk.
 */
public final class World {

    public static final long SECOND = 1000L;
    public static final long HOUR = 3600 * SECOND;
    public static final long DAY = 24 * HOUR;

    /** The changing part of one account. {@code vanished} holds pending entries that disappeared. */
    public record AccountState(Ledger ledger, long nextSerial, List<Ledger.Entry> vanished) {
    }

    /** One consistent state of every account. */
    public record Snapshot(LocalDate today, AccountState[] states) {

        /** Midnight (UTC) starting {@code today}: every transaction is strictly before it. */
        public long now() {
            return today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }

        /** The ledger of {@code account} in this state. */
        public Ledger ledger(AccountSpec account) {
            return states[account.slot()].ledger();
        }
    }

    private final SandboxConfig config;
    private final long seed;
    private final List<SandboxConnection> connections = new ArrayList<>();
    private final Map<String, List<AccountSpec>> accountsByConnection = new LinkedHashMap<>();
    private final Map<String, Map<String, AccountSpec>> accountsById = new HashMap<>();
    private final List<AccountSpec> allAccounts = new ArrayList<>();
    private volatile Snapshot snapshot;

    World(SandboxConfig config, String baseUrl) {
        this.config = config;
        this.seed = config.seed();
        for (SandboxModule p : SandboxModules.all()) {
            accountsById.put(p.id(), new HashMap<>());
            for (int c = 0; c < config.connectionsPerProvider(); c++) {
                addConnection(p, c, baseUrl);
            }
        }
        AccountState[] states = new AccountState[allAccounts.size()];
        Snapshot initial = new Snapshot(config.today(), states);
        for (AccountSpec a : allAccounts) {
            states[a.slot()] = new AccountState(initialLedger(a, initial.now()), config.transactionsPerAccount(), List.of());
        }
        snapshot = initial;
    }

    private void addConnection(SandboxModule p, int index, String baseUrl) {
        String id = p.id() + "-" + (index + 1);
        List<AccountSpec> accounts = new ArrayList<>();
        for (int i = 0; i < config.accountsPerConnection(); i++) {
            AccountSpec a = AccountSpec.generate(seed, p, id, index, i, allAccounts.size());
            accounts.add(a);
            allAccounts.add(a);
            accountsById.get(p.id()).put(a.id(), a);
        }
        accountsByConnection.put(id, Collections.unmodifiableList(accounts));
        SplittableRandom own = Rng.of(seed, Rng.CREDENTIAL, p.seedIndex(), index);
        SplittableRandom shared = Rng.of(seed, Rng.CREDENTIAL, p.seedIndex(), -1);
        connections.add(p.connection(id, baseUrl, own, shared, accounts.stream().map(AccountSpec::id).toList()));
    }

    private Ledger initialLedger(AccountSpec a, long now) {
        int total = config.transactionsPerAccount();
        int pending = config.pendingPerAccount();
        long span = config.historyDays() * DAY;
        List<Ledger.Entry> entries = new ArrayList<>(total);
        long bookedSum = 0;
        for (int s = 0; s < total; s++) {
            SplittableRandom r = Rng.of(seed, Rng.TXN_TIME, a.key(), s);
            boolean isPending = s >= total - pending;
            // Pending transactions are recent: a card payment waits days, not months, to book.
            long back = 1 + r.nextLong((isPending ? Math.min(3 * DAY, span) : span) - SECOND);
            long time = floorToSecond(now - back);
            long inserted = Math.min(time + 60 * SECOND + r.nextLong(3 * HOUR), now - 1);
            long amount = TxnContent.amount(seed, a, s);
            entries.add(new Ledger.Entry(time, s, s, isPending, amount, inserted, inserted));
            if (!isPending) {
                bookedSum += amount;
            }
        }
        return Ledger.of(entries, a.targetBalanceMinor() - bookedSum);
    }

    private static long floorToSecond(long millis) {
        return millis - Math.floorMod(millis, SECOND);
    }

    /** The current state; it never changes once taken. */
    public Snapshot snapshot() {
        return snapshot;
    }

    public SandboxConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    List<SandboxConnection> connections() {
        return Collections.unmodifiableList(connections);
    }

    /** The connections of the provider with id {@code providerId}. */
    public List<SandboxConnection> connections(String providerId) {
        return connections.stream().filter(c -> c.provider().equals(providerId)).toList();
    }

    /** The accounts of one connection, in ordinal order. */
    public List<AccountSpec> accounts(String connectionId) {
        return accountsByConnection.getOrDefault(connectionId, List.of());
    }

    /** The account with this provider id, or null. */
    public AccountSpec account(String providerId, String accountId) {
        return accountId == null ? null : accountsById.get(providerId).get(accountId);
    }

    /** The record id served for a ledger entry ({@code id} in every provider's payload). */
    public String transactionId(AccountSpec a, long serial) {
        return a.provider().transactionId(Rng.of(seed, Rng.TXN_ID, a.key(), serial));
    }

    /**
     * Moves "today" forward by {@code days}, one day at a time. Each day, per account: every pending
     * transaction resolves (two in three book under a new record id, dated the new day; the third vanishes),
     * and {@link SandboxConfig#newTransactionsPerAdvance()} new ones arrive, the first back-dated two days (a
     * late booking) and the last one pending.
     */
    synchronized void advance(int days) {
        for (int d = 0; d < days; d++) {
            Snapshot old = snapshot;
            AccountState[] states = old.states().clone();
            long oldNow = old.now();
            for (AccountSpec a : allAccounts) {
                states[a.slot()] = advanceOneDay(a, old.states()[a.slot()], oldNow);
            }
            snapshot = new Snapshot(old.today().plusDays(1), states);
        }
    }

    private AccountState advanceOneDay(AccountSpec a, AccountState state, long oldNow) {
        long newNow = oldNow + DAY;
        long next = state.nextSerial();
        List<Ledger.Entry> entries = new ArrayList<>(state.ledger().size() + config.newTransactionsPerAdvance());
        List<Ledger.Entry> pendings = new ArrayList<>();
        for (Ledger.Entry e : state.ledger().entries()) {
            (e.pending() ? pendings : entries).add(e);
        }
        pendings.sort(Comparator.comparingLong(Ledger.Entry::serial));
        List<Ledger.Entry> vanished = new ArrayList<>(state.vanished());
        for (int k = 0; k < pendings.size(); k++) {
            Ledger.Entry p = pendings.get(k);
            if (k % 3 == 2) {
                vanished.add(p);
                continue;
            }
            SplittableRandom r = Rng.of(seed, Rng.TXN_TIME, a.key(), next);
            long time = floorToSecond(oldNow + r.nextLong(DAY));
            long inserted = Math.min(time + 60 * SECOND + r.nextLong(3 * HOUR), newNow - 1);
            entries.add(new Ledger.Entry(time, next, p.origin(), false, p.amount(), inserted, inserted));
            next++;
        }
        int n = config.newTransactionsPerAdvance();
        for (int j = 0; j < n; j++) {
            long s = next++;
            SplittableRandom r = Rng.of(seed, Rng.TXN_TIME, a.key(), s);
            boolean late = j == 0 && n >= 2;
            boolean pending = j == n - 1 && n >= 3;
            long time = floorToSecond(late ? oldNow - 2 * DAY + r.nextLong(DAY) : oldNow + r.nextLong(DAY));
            // A late booking is dated in the past but reaches the provider today.
            long inserted = late ? oldNow + r.nextLong(DAY - 1) : Math.min(time + 60 * SECOND + r.nextLong(3 * HOUR), newNow - 1);
            entries.add(new Ledger.Entry(time, s, s, pending, TxnContent.amount(seed, a, s), inserted, inserted));
        }
        return new AccountState(Ledger.of(entries, state.ledger().opening()), next, List.copyOf(vanished));
    }

    /** Adds a booked transaction dated {@code time} to one account (data changing mid-walk); returns its id. */
    synchronized String insertBooked(AccountSpec a, long time) {
        return insertBooked(a, time, -1);
    }

    /**
     * Adds a booked transaction dated {@code time} and, in the same change, makes the entry {@code dropSerial}
     * vanish (-1 for none): a window's count stays the same while its rows move.
     */
    public synchronized String insertBooked(AccountSpec a, long time, long dropSerial) {
        Snapshot old = snapshot;
        AccountState state = old.states()[a.slot()];
        long s = state.nextSerial();
        List<Ledger.Entry> entries = state.ledger().entries();
        List<Ledger.Entry> vanished = new ArrayList<>(state.vanished());
        entries.stream().filter(e -> e.serial() == dropSerial).findFirst().ifPresent(e -> {
            entries.remove(e);
            vanished.add(e);
        });
        long inserted = Math.max(time, old.now() - 1);
        entries.add(new Ledger.Entry(time, s, s, false, TxnContent.amount(seed, a, s), inserted, inserted));
        AccountState[] states = old.states().clone();
        states[a.slot()] = new AccountState(Ledger.of(entries, state.ledger().opening()), s + 1,
                List.copyOf(vanished));
        snapshot = new Snapshot(old.today(), states);
        return transactionId(a, s);
    }

    /**
     * Makes the newest open pending entry of one account vanish (moved to {@code vanished}, as a released hold
     * is); returns its record id, or null when the account has no pending entry.
     */
    synchronized String vanishNewestPending(AccountSpec a) {
        Snapshot old = snapshot;
        AccountState state = old.states()[a.slot()];
        List<Ledger.Entry> entries = state.ledger().entries();
        Ledger.Entry gone = entries.stream().filter(Ledger.Entry::pending).findFirst().orElse(null);
        if (gone == null) {
            return null;
        }
        entries.remove(gone);
        List<Ledger.Entry> vanished = new ArrayList<>(state.vanished());
        vanished.add(gone);
        AccountState[] states = old.states().clone();
        states[a.slot()] = new AccountState(Ledger.of(entries, state.ledger().opening()), state.nextSerial(),
                List.copyOf(vanished));
        snapshot = new Snapshot(old.today(), states);
        return transactionId(a, gone.serial());
    }

    /** The account with this provider id under any provider; throws when there is none. */
    AccountSpec account(String accountId) {
        return allAccounts.stream().filter(a -> a.id().equals(accountId)).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no sandbox account " + accountId));
    }

    List<AccountSpec> allAccounts() {
        return Collections.unmodifiableList(allAccounts);
    }
}
