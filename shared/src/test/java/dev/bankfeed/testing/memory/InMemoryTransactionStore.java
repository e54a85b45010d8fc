package dev.bankfeed.testing.memory;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.model.TwinRule;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.Page;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.WriteCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link TransactionStore} in memory, for fast job tests: the same upsert counts, twin pairing ({@link TwinRule}),
 * vanished marks and change sequence numbers as the DynamoDB store, without its partial-failure paths (every call
 * here is atomic). The change feed lists each transaction once, in its latest state, at the number of its latest
 * committed write.
 */
public final class InMemoryTransactionStore implements TransactionStore {

    /** A stored transaction and what the store tracks beside it. */
    private record Item(Transaction t, String supersededBy, String supersedes, Instant vanishedAt, long seq) {

        boolean openPending() {
            return t.status() == TransactionStatus.PENDING && supersededBy == null && vanishedAt == null;
        }

        boolean active() {
            return supersededBy == null && vanishedAt == null;
        }

        StoredTransaction stored() {
            return new StoredTransaction(withoutRaw(t), supersededBy, supersedes, vanishedAt);
        }
    }

    private final Map<String, TreeMap<String, Item>> byAccount = new LinkedHashMap<>();
    private final InMemoryLeasesAndCursors cursors;

    /** A store whose change sequence numbers are committed through {@code cursors}, as cursor saves commit them. */
    public InMemoryTransactionStore(InMemoryLeasesAndCursors cursors) {
        this.cursors = cursors;
    }

    @Override
    public synchronized WriteCounts upsertTransactions(List<Transaction> page) {
        Map<String, List<Transaction>> pages = new LinkedHashMap<>();
        page.forEach(t -> pages.computeIfAbsent(accountOf(t), a -> new ArrayList<>()).add(t));
        WriteCounts counts = WriteCounts.ZERO;
        for (Map.Entry<String, List<Transaction>> e : pages.entrySet()) {
            long seq = nextChangeSeq(e.getKey());
            WriteCounts c = upsertTransactions(e.getValue(), seq);
            if (c.added() + c.changed() > 0) {
                cursors.commitUnfenced(e.getKey(), seq);
            }
            counts = counts.plus(c);
        }
        return counts;
    }

    @Override
    public synchronized long nextChangeSeq(String accountCanonicalId) {
        long written = items(accountCanonicalId).values().stream().mapToLong(Item::seq).max().orElse(0);
        return Math.max(cursors.committed(accountCanonicalId), written) + 1;
    }

    /** Every item this store holds was written with a number: there is nothing from before the feed to stamp. */
    @Override
    public synchronized long nextChangeSeq(String accountCanonicalId, String leaseOwner, Duration leaseTtl) {
        return nextChangeSeq(accountCanonicalId);
    }

    @Override
    public synchronized WriteCounts upsertTransactions(List<Transaction> page, long changeSeq) {
        if (page.isEmpty()) {
            return WriteCounts.ZERO;
        }
        String account = accountOf(page.get(0));
        if (page.stream().anyMatch(t -> !account.equals(accountOf(t)))) {
            throw new IllegalArgumentException("a page under a change sequence number must be of one account");
        }
        TreeMap<String, Item> items = items(account);
        Map<String, Transaction> byId = new LinkedHashMap<>();
        page.forEach(t -> byId.put(t.providerTransactionId(), t));
        Map<String, Item> before = new TreeMap<>(items);
        long added = 0;
        long changed = 0;
        List<Transaction> newBooked = new ArrayList<>();
        List<Transaction> newPending = new ArrayList<>();
        for (Transaction t : byId.values()) {
            Item stored = before.get(t.providerTransactionId());
            if (stored != null && stored.t.equals(t) && stored.vanishedAt == null) {
                continue;
            }
            if (stored == null) {
                added++;
                if (ProviderModules.of(t.provider()).booksPendingUnderNewId()) {
                    (t.status() == TransactionStatus.BOOKED ? newBooked : newPending).add(t);
                }
            } else {
                changed++;
            }
            // A booked record is never closed, whatever it made of a look-alike while it was pending.
            boolean pending = t.status() == TransactionStatus.PENDING;
            items.put(t.providerTransactionId(), new Item(t, pending && stored != null ? stored.supersededBy : null,
                    stored == null ? null : stored.supersedes, null, changeSeq));
        }
        for (Transaction booked : newBooked) {
            TwinRule.closestPending(booked, items.values().stream().filter(Item::openPending).toList(), Item::t)
                    .ifPresent(p -> pair(items, booked, p.t, changeSeq));
        }
        for (Transaction pending : newPending) {
            if (!items.get(pending.providerTransactionId()).openPending()) {
                continue;
            }
            // Only booked items stored before this page: the DynamoDB store looks them up before it writes the page.
            List<Transaction> unpaired = before.keySet().stream().map(items::get)
                    .filter(i -> i.t.status() == TransactionStatus.BOOKED && i.supersedes == null
                            && bookedInTwinDates(i.t, pending))
                    .map(Item::t).toList();
            TwinRule.bookedTwinsClosestFirst(pending, unpaired).stream().findFirst()
                    .ifPresent(b -> pair(items, b, pending, changeSeq));
        }
        return added + changed == 0 ? new WriteCounts(0, 0, page.size())
                : new WriteCounts(added, changed, page.size() - added - changed);
    }

    private static boolean bookedInTwinDates(Transaction booked, Transaction pending) {
        LocalDate d = pending.bookingDate();
        return d == null || booked.bookingDate() != null
                && !booked.bookingDate().isBefore(TwinRule.earliestBookingOfTwin(d))
                && !booked.bookingDate().isAfter(TwinRule.latestBookingOfTwin(d));
    }

    private void pair(TreeMap<String, Item> items, Transaction booked, Transaction pending, long seq) {
        Item b = items.get(booked.providerTransactionId());
        Item p = items.get(pending.providerTransactionId());
        items.put(booked.providerTransactionId(), new Item(b.t, null, pending.canonicalId(), b.vanishedAt, seq));
        items.put(pending.providerTransactionId(),
                new Item(p.t, booked.canonicalId(), p.supersedes, p.vanishedAt, seq));
    }

    @Override
    public synchronized Optional<Transaction> find(String canonicalId) {
        return all().filter(i -> i.t.canonicalId().equals(canonicalId)).map(Item::t).findFirst();
    }

    @Override
    public synchronized List<Transaction> listByAccount(String accountCanonicalId) {
        return items(accountCanonicalId).values().stream().map(Item::t).toList();
    }

    @Override
    public synchronized void forEachStored(String accountCanonicalId, LocalDate from, LocalDate to,
            Consumer<StoredTransaction> sink) {
        inWindow(accountCanonicalId, from, to).forEach(i -> sink.accept(i.stored()));
    }

    @Override
    public synchronized List<Transaction> openPending(String accountCanonicalId, LocalDate from) {
        return items(accountCanonicalId).values().stream().filter(Item::openPending)
                .filter(i -> from == null || i.t.bookingDate() != null && !i.t.bookingDate().isBefore(from))
                .map(Item::t)
                .sorted(Comparator.comparing(Transaction::bookingDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Transaction::providerTransactionId))
                .toList();
    }

    @Override
    public synchronized void markVanished(String canonicalId, Instant at) {
        find(canonicalId).ifPresent(t -> {
            long seq = nextChangeSeq(accountOf(t));
            markVanished(canonicalId, at, seq);
            cursors.commitUnfenced(accountOf(t), seq);
        });
    }

    @Override
    public synchronized void markVanished(String canonicalId, Instant at, long changeSeq) {
        all().filter(i -> i.t.canonicalId().equals(canonicalId) && i.t.status() == TransactionStatus.PENDING)
                .findFirst().ifPresent(i -> items(accountOf(i.t)).put(i.t.providerTransactionId(), new Item(i.t,
                        i.supersededBy, i.supersedes, i.vanishedAt == null ? at : i.vanishedAt, changeSeq)));
    }

    @Override
    public synchronized Page<StoredTransaction> window(String accountCanonicalId, LocalDate from, LocalDate to,
            String after, int limit) {
        List<Item> rest = inWindow(accountCanonicalId, from, to)
                .filter(i -> after == null || i.t.providerTransactionId().compareTo(after) > 0).toList();
        List<Item> page = rest.subList(0, Math.min(limit, rest.size()));
        boolean more = rest.size() > page.size();
        return new Page<>(page.stream().map(Item::stored).toList(),
                more ? page.get(page.size() - 1).t.providerTransactionId() : null, more);
    }

    @Override
    public synchronized Page<StoredTransaction> changes(String accountCanonicalId, String after, int limit) {
        long committed = cursors.committed(accountCanonicalId);
        Comparator<Item> order = Comparator.comparingLong(Item::seq).thenComparing(i -> i.t.providerTransactionId());
        List<Item> rest = items(accountCanonicalId).values().stream()
                .filter(i -> i.seq <= committed && (after == null || position(i).compareTo(after) > 0))
                .sorted(order).toList();
        List<Item> page = rest.subList(0, Math.min(limit, rest.size()));
        String next = page.isEmpty() ? (after == null ? "" : after) : position(page.get(page.size() - 1));
        return new Page<>(page.stream().map(Item::stored).toList(), next, rest.size() > page.size());
    }

    /** A feed position that sorts as the feed does: the number zero-padded, then the id. */
    private static String position(Item i) {
        return String.format("%019d#%s", i.seq, i.t.providerTransactionId());
    }

    @Override
    public synchronized long countActive(String accountCanonicalId) {
        return items(accountCanonicalId).values().stream().filter(Item::active).count();
    }

    @Override
    public synchronized List<BalanceContinuity.Entry> bookedEntries(String accountCanonicalId) {
        return items(accountCanonicalId).values().stream()
                .filter(i -> i.active() && i.t.status() == TransactionStatus.BOOKED)
                .map(i -> new BalanceContinuity.Entry(i.t.providerTransactionId(), i.t.bookingDate(), i.t.bookedAt(),
                        i.t.amount(), i.t.balanceAfter()))
                .toList();
    }

    /** The stored pairing and vanished mark of a transaction, as a reader gets it. */
    public synchronized Optional<StoredTransaction> stored(String canonicalId) {
        return all().filter(i -> i.t.canonicalId().equals(canonicalId)).map(Item::stored).findFirst();
    }

    private Stream<Item> inWindow(String account, LocalDate from, LocalDate to) {
        return items(account).values().stream().filter(i -> {
            LocalDate d = i.t.bookingDate();
            if (from == null && to == null) {
                return true;
            }
            return d != null && (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to));
        });
    }

    private Stream<Item> all() {
        return byAccount.values().stream().flatMap(m -> m.values().stream());
    }

    private TreeMap<String, Item> items(String account) {
        return byAccount.computeIfAbsent(account, a -> new TreeMap<>());
    }

    private static String accountOf(Transaction t) {
        return t.provider().id() + ":" + t.providerAccountId();
    }

    private static Transaction withoutRaw(Transaction t) {
        return t.toBuilder().rawJson(null).build();
    }
}
