package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.model.TwinRule;
import dev.bankfeed.model.TwinningProviders;
import dev.bankfeed.store.Page;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.WriteCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Transactions as items {@code ACCT#<account> / TXN#<providerTransactionId>}, with change records
 * {@code CHG#<id>#<at>} beside them and open PENDING items in the sparse openPending index.
 *
 * <p>A page costs one consistent BatchGetItem per 100 ids; only new or changed records are written, so an
 * unchanged re-read writes nothing. Items are rewritten whole (the lease keeps one writer per account).
 */
final class DynamoTransactionStore implements TransactionStore {

    private static final List<String> PROJECTION = Stream.concat(
            Stream.of(BankfeedTable.PK, BankfeedTable.SK, Attrs.HASH, TransactionItems.FIRST_SEEN_AT,
                    TransactionItems.SUPERSEDED_BY, TransactionItems.SUPERSEDED_AT, TransactionItems.SUPERSEDES,
                    TransactionItems.VANISHED_AT),
            TransactionItems.TRACKED.stream()).toList();

    private enum Outcome { ADDED, CHANGED, REAPPEARED, UNCHANGED }

    /** One transaction of the page, what is stored for it, and what this upsert will do with it. */
    private static final class Entry {
        final Transaction t;
        final Map<String, AttributeValue> content;
        final String hash;
        final Map<String, AttributeValue> stored;
        final Outcome outcome;
        String supersededBy;
        String supersededAt;
        String supersedes;
        /** Written with its twin in one transaction, so not part of the page's batch. */
        boolean writtenWithTwin;
        /** Its provider books a pending record under a new id: the twin rule applies. */
        final boolean twinning;

        Entry(Transaction t, Map<String, AttributeValue> stored, boolean twinning) {
            this.t = t;
            this.twinning = twinning;
            this.content = TransactionItems.content(t);
            this.hash = Attrs.contentHash(content);
            this.stored = stored;
            if (stored == null) {
                outcome = Outcome.ADDED;
            } else if (!hash.equals(Attrs.str(stored, Attrs.HASH))) {
                outcome = Outcome.CHANGED;
            } else if (stored.containsKey(TransactionItems.VANISHED_AT)) {
                outcome = Outcome.REAPPEARED;
            } else {
                outcome = Outcome.UNCHANGED;
            }
            if (stored != null) {
                // Only a pending item is ever closed: a booked record is a real transaction, whatever a
                // look-alike booked record once made of it while it was pending.
                if (t.status() == TransactionStatus.PENDING) {
                    supersededBy = Attrs.str(stored, TransactionItems.SUPERSEDED_BY);
                    supersededAt = Attrs.str(stored, TransactionItems.SUPERSEDED_AT);
                }
                supersedes = Attrs.str(stored, TransactionItems.SUPERSEDES);
            }
        }

        boolean written() {
            return outcome != Outcome.UNCHANGED;
        }

        boolean openPending() {
            return t.status() == TransactionStatus.PENDING && supersededBy == null;
        }

        /**
         * A booked record seen for the first time, of a provider that books a pending record under a new id:
         * the only kind that may be the twin of a pending one. A changed booked record was already looked at
         * when it was new, and a pending record that books under its own id is simply changed.
         */
        boolean newBookedOfTwinningProvider() {
            return outcome == Outcome.ADDED && t.status() == TransactionStatus.BOOKED && twinning;
        }

        /**
         * A pending record seen for the first time, of such a provider, still open after the page's booked
         * records were paired: its booked twin may have come first (another page, an earlier run).
         */
        boolean newOpenPendingOfTwinningProvider() {
            return outcome == Outcome.ADDED && openPending() && !writtenWithTwin && twinning;
        }

        /** A booked item of such a provider that closed no pending one yet: findable by a later pending twin. */
        boolean unpairedBookedOfTwinningProvider() {
            return t.status() == TransactionStatus.BOOKED && supersedes == null && twinning;
        }
    }

    /**
     * The change feed of one upsert: its number, its time, and the ids its page record lists already. An item
     * that a twin pairing updates outside that list gets a record part of its own, in the same transaction.
     */
    private record Feed(String account, long seq, Instant now, Set<String> listed) {

        TransactWriteItem recordFor(DynamoOps ops, String providerTransactionId) {
            return TransactWriteItem.builder().put(Put.builder().tableName(ops.table())
                    .item(ChangeFeedItems.record(account, seq, "t#" + providerTransactionId,
                            List.of(providerTransactionId), now)).build()).build();
        }
    }

    /** A pending item that a booked one may close: stored (entry null or unchanged) or written by this page. */
    private record Candidate(Transaction t, Entry entry) {
    }

    private final DynamoOps ops;
    private final Clock clock;
    private final TransactionReads reads;
    private final TwinningProviders twinning;

    DynamoTransactionStore(DynamoOps ops, Clock clock, TwinningProviders twinning) {
        this.ops = ops;
        this.clock = clock;
        this.twinning = Objects.requireNonNull(twinning, "twinning");
        this.reads = new TransactionReads(ops);
    }

    /** Provider ids per feed record part: a part stays far below DynamoDB's 400 KB item limit. */
    private static final int IDS_PER_PART = 500;

    @Override
    public WriteCounts upsertTransactions(List<Transaction> page) {
        // Outside a walk nobody holds the lease: each account's page commits its own number.
        Map<String, List<Transaction>> byAccount = new LinkedHashMap<>();
        page.forEach(t -> {
            requireConsistentId(t);
            byAccount.computeIfAbsent(TransactionItems.accountId(t), a -> new ArrayList<>()).add(t);
        });
        WriteCounts counts = WriteCounts.ZERO;
        for (Map.Entry<String, List<Transaction>> e : byAccount.entrySet()) {
            // Numbered only when something is written: an unchanged re-read still costs its reads alone.
            long[] seq = {0};
            counts = counts.plus(upsert(e.getValue(), () -> seq[0] = nextChangeSeq(e.getKey())));
            if (seq[0] > 0) {
                commitUnfenced(e.getKey(), seq[0]);
            }
        }
        return counts;
    }

    @Override
    public long nextChangeSeq(String accountCanonicalId) {
        return nextChangeSeq(accountCanonicalId, ops.get(DynamoLeaseStore.key(accountCanonicalId)));
    }

    @Override
    public long nextChangeSeq(String accountCanonicalId, String leaseOwner, Duration leaseTtl) {
        Map<String, AttributeValue> cursor = ops.get(DynamoLeaseStore.key(accountCanonicalId));
        long next = nextChangeSeq(accountCanonicalId, cursor);
        return ChangeFeedStamp.done(cursor) ? next
                : new ChangeFeedStamp(ops, clock).stamp(accountCanonicalId, next, leaseOwner, leaseTtl);
    }

    private long nextChangeSeq(String accountCanonicalId, Map<String, AttributeValue> cursor) {
        Long committed = cursor == null ? null : Attrs.num(cursor, ChangeFeedItems.COMMITTED);
        // A run that died between its writes and its checkpoint left records above the committed number: the
        // next number goes above them, so no record is ever written twice, and committing it shows them too.
        List<Map<String, AttributeValue>> highest = ops.query(
                PrefixQuery.of(Keys.account(accountCanonicalId), ChangeFeedItems.PREFIX)
                        .andThen(b -> b.consistentRead(true).scanIndexForward(false).projectionExpression("#sk")), 1);
        long written = highest.isEmpty() ? 0 : ChangeFeedItems.seqOf(Attrs.str(highest.get(0), BankfeedTable.SK));
        return Math.max(committed == null ? 0 : committed, written) + 1;
    }

    /** Commits {@code seq} unless a higher number is committed already: for writes outside a walk only. */
    private void commitUnfenced(String accountCanonicalId, long seq) {
        UpdateExpr u = new UpdateExpr();
        ChangeFeedItems.commit(u, seq);
        u.condition("attribute_not_exists(" + u.name(ChangeFeedItems.COMMITTED) + ") OR "
                + u.name(ChangeFeedItems.COMMITTED) + " < " + u.value(Attrs.n(seq)));
        ops.update(b -> u.applyTo(b.key(DynamoLeaseStore.key(accountCanonicalId))));
    }

    @Override
    public WriteCounts upsertTransactions(List<Transaction> page, long changeSeq) {
        return upsert(page, () -> changeSeq);
    }

    /** The upsert of one account's page; {@code changeSeq} is asked for once, and only if the page writes. */
    private WriteCounts upsert(List<Transaction> page, LongSupplier changeSeqIfWriting) {
        if (page.isEmpty()) {
            return WriteCounts.ZERO;
        }
        String account = TransactionItems.accountId(page.get(0));
        if (page.stream().anyMatch(t -> !account.equals(TransactionItems.accountId(t)))) {
            throw new IllegalArgumentException("a page under a change sequence number must be of one account");
        }
        // A key may appear once per batch call: the last version of a repeated id wins.
        Map<String, Transaction> byKey = new LinkedHashMap<>();
        for (Transaction t : page) {
            requireConsistentId(t);
            byKey.put(Attrs.keyString(TransactionItems.key(t)), t);
        }
        Map<String, Map<String, AttributeValue>> stored = new HashMap<>();
        ops.batchGet(byKey.values().stream().map(TransactionItems::key).toList(), PROJECTION)
                .forEach(item -> stored.put(Attrs.keyString(item), item));
        List<Entry> entries = new ArrayList<>();
        byKey.forEach((key, t) -> entries.add(
                new Entry(t, stored.get(key), twinning.booksPendingUnderNewId(t.provider()))));

        Instant now = clock.instant();
        // The feed record goes with the change records, before any item: an item written under this number is
        // always listed; a listed item that was not written yet is skipped by readers (its number differs).
        List<String> listed = entries.stream().filter(Entry::written).map(e -> e.t.providerTransactionId()).toList();
        if (listed.isEmpty()) {
            return new WriteCounts(0, 0, page.size());
        }
        long changeSeq = changeSeqIfWriting.getAsLong();
        List<WriteRequest> first = new ArrayList<>();
        for (int from = 0, part = 0; from < listed.size(); from += IDS_PER_PART, part++) {
            first.add(put(ChangeFeedItems.record(account, changeSeq, "p" + part,
                    listed.subList(from, Math.min(listed.size(), from + IDS_PER_PART)), now)));
        }
        // Change records first, all durable before any item moves: BatchWriteItem is not atomic, and an item
        // written without its change record would read as unchanged on the replay, its before-values lost.
        // The other way round, a replay records the same change again (same oldHash and newHash): a
        // repeated history entry, never a missing one.
        entries.stream().filter(e -> e.written() && e.outcome != Outcome.ADDED)
                .forEach(e -> first.add(put(changeRecord(e, now))));
        ops.batchWrite(first);
        Feed feed = new Feed(account, changeSeq, now, Set.copyOf(listed));
        closePendingTwins(entries, feed);
        closeByStoredBookedTwins(entries, feed);
        ops.batchWrite(entries.stream().filter(e -> e.written() && !e.writtenWithTwin)
                .map(e -> put(item(e, feed))).toList());
        long added = entries.stream().filter(e -> e.outcome == Outcome.ADDED).count();
        long changed = entries.stream().filter(e -> e.written() && e.outcome != Outcome.ADDED).count();
        return new WriteCounts(added, changed, page.size() - added - changed);
    }

    private static void requireConsistentId(Transaction t) {
        if (t.provider() == null || t.providerAccountId() == null || t.providerTransactionId() == null) {
            throw new IllegalArgumentException("transaction " + t.canonicalId() + " lacks provider, account or id");
        }
        String expected = Transaction.canonicalId(t.provider(), t.providerAccountId(), t.providerTransactionId());
        if (!expected.equals(t.canonicalId())) {
            throw new IllegalArgumentException("transaction canonicalId " + t.canonicalId() + " is not " + expected);
        }
    }

    /**
     * Pending to booked: each new BOOKED record of a provider that books pending records under a new id
     * closes the closest open PENDING twin of its account ({@link TwinRule}). The booked item and the closed pending one are
     * written in one transaction: a run that dies leaves both written or neither, so a replay that finds the
     * booked record new again has closed nothing yet, and never closes a second pending record for it.
     */
    private void closePendingTwins(List<Entry> entries, Feed feed) {
        Map<String, List<Entry>> bookedByAccount = entries.stream()
                .filter(Entry::newBookedOfTwinningProvider)
                .collect(Collectors.groupingBy(e -> TransactionItems.accountId(e.t), LinkedHashMap::new,
                        Collectors.toList()));
        bookedByAccount.forEach((account, booked) -> {
            List<Entry> pageOfAccount = entries.stream()
                    .filter(e -> TransactionItems.accountId(e.t).equals(account)).toList();
            Set<String> pageIds = pageOfAccount.stream().map(e -> e.t.providerTransactionId())
                    .collect(Collectors.toSet());
            List<Candidate> pool = new ArrayList<>();
            openPending(account, null).stream()
                    .filter(p -> !pageIds.contains(p.providerTransactionId()))
                    .forEach(p -> pool.add(new Candidate(p, null)));
            pageOfAccount.stream().filter(Entry::openPending).forEach(e -> pool.add(new Candidate(e.t, e)));
            for (Entry b : booked) {
                pairWithTwin(b, pool, feed);
            }
        });
    }

    private void pairWithTwin(Entry booked, List<Candidate> pool, Feed feed) {
        Instant now = feed.now();
        while (true) {
            Optional<Candidate> best = TwinRule.closestPending(booked.t, pool, Candidate::t);
            if (best.isEmpty()) {
                return;
            }
            Candidate twin = best.get();
            pool.remove(twin);
            booked.supersedes = twin.t.canonicalId();
            if (twin.entry != null) {
                twin.entry.supersededBy = booked.t.canonicalId();
                twin.entry.supersededAt = now.toString();
            }
            if (writeWithTwin(booked, twin, feed)) {
                booked.writtenWithTwin = true;
                if (twin.entry != null) {
                    twin.entry.writtenWithTwin = true;
                }
                return;
            }
            // Another run closed that pending record first: it is no longer this booked record's twin.
            booked.supersedes = null;
            if (twin.entry != null) {
                twin.entry.supersededBy = null;
                twin.entry.supersededAt = null;
            }
        }
    }

    /**
     * Booked to pending: a new PENDING record whose booked twin is already stored (the bank listed the booking
     * first, or on an earlier page) is stored closed as superseded by it ({@link TwinRule}). The twin is looked up through its
     * byConnection entry, keyed by amount and date, then checked on the item itself (the index lags and is keys
     * only). The pending item and the booked one's {@code supersedes} are one transaction, conditional on the
     * booked item being unpaired, so each booked item closes at most one pending item, whichever came first.
     */
    private void closeByStoredBookedTwins(List<Entry> entries, Feed feed) {
        Instant now = feed.now();
        Map<String, Entry> pageByKey = new HashMap<>();
        entries.forEach(e -> pageByKey.put(Attrs.keyString(TransactionItems.key(e.t)), e));
        for (Entry pending : entries) {
            if (!pending.newOpenPendingOfTwinningProvider()) {
                continue;
            }
            List<Transaction> candidates = TwinRule.bookedTwinsClosestFirst(pending.t,
                    storedUnpairedBooked(pending.t));
            for (Transaction booked : candidates) {
                pending.supersededBy = booked.canonicalId();
                pending.supersededAt = now.toString();
                if (closeWithStoredBooked(pending, booked, feed)) {
                    pending.writtenWithTwin = true;
                    Entry bookedInPage = pageByKey.get(Attrs.keyString(TransactionItems.key(booked)));
                    if (bookedInPage != null) {
                        // Rewritten by this page's batch: it must keep the pairing just made.
                        bookedInPage.supersedes = pending.t.canonicalId();
                    }
                    break;
                }
                // Another pending record took that booked one first.
                pending.supersededBy = null;
                pending.supersededAt = null;
            }
        }
    }

    /** Stored booked items of the pending record's account, amount and twin window that closed nothing yet. */
    private List<Transaction> storedUnpairedBooked(Transaction pending) {
        String prefix = TransactionItems.twinSortPrefix(pending);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":g", Attrs.s(TransactionItems.twinPartition(pending)));
        String range;
        if (pending.bookingDate() == null) {
            values.put(":prefix", Attrs.s(prefix));
            range = "begins_with(#s, :prefix)";
        } else {
            // The rule's booking dates of a twin; the upper bound is the first date past them: "<date>#<id>"
            // sorts after "<date>".
            values.put(":lo", Attrs.s(prefix + TwinRule.earliestBookingOfTwin(pending.bookingDate())));
            values.put(":hi", Attrs.s(prefix + TwinRule.latestBookingOfTwin(pending.bookingDate()).plusDays(1)));
            range = "#s BETWEEN :lo AND :hi";
        }
        List<Map<String, AttributeValue>> keys = ops.query(b -> b.indexName(BankfeedTable.BY_CONNECTION_INDEX)
                        .keyConditionExpression("#g = :g AND " + range)
                        .expressionAttributeNames(Map.of("#g", BankfeedTable.GSI1_PK, "#s", BankfeedTable.GSI1_SK))
                        .expressionAttributeValues(values))
                .stream()
                .map(k -> Attrs.key(Attrs.str(k, BankfeedTable.PK), Attrs.str(k, BankfeedTable.SK)))
                .toList();
        if (keys.isEmpty()) {
            return List.of();
        }
        return ops.batchGet(keys, List.of()).stream()
                .filter(item -> TransactionStatus.BOOKED.name().equals(Attrs.str(item, TransactionItems.STATUS))
                        && !item.containsKey(TransactionItems.SUPERSEDES))
                .map(TransactionItems::fromItem)
                .toList();
    }

    /** Puts the closed pending item and marks its stored booked twin, if that is still unpaired. */
    private boolean closeWithStoredBooked(Entry pending, Transaction booked, Feed feed) {
        UpdateExpr u = new UpdateExpr()
                .set(TransactionItems.SUPERSEDES, Attrs.s(pending.t.canonicalId()))
                .set(ChangeFeedItems.ITEM_SEQ, Attrs.n(feed.seq()))
                .remove(BankfeedTable.GSI1_PK)
                .remove(BankfeedTable.GSI1_SK);
        u.condition("attribute_not_exists(" + u.name(TransactionItems.SUPERSEDES) + ") AND "
                + u.name(TransactionItems.STATUS) + " = " + u.value(Attrs.s(TransactionStatus.BOOKED.name())));
        TransactWriteItem bookedUpdate = TransactWriteItem.builder()
                .update(u.toUpdate(ops.table(), TransactionItems.key(booked))).build();
        TransactWriteItem pendingPut = TransactWriteItem.builder().put(Put.builder().tableName(ops.table())
                .item(item(pending, feed)).build()).build();
        List<TransactWriteItem> writes = feed.listed().contains(booked.providerTransactionId())
                ? List.of(bookedUpdate, pendingPut)
                : List.of(bookedUpdate, pendingPut, feed.recordFor(ops, booked.providerTransactionId()));
        return ops.transactWrite(() -> writes,
                "pending transaction " + pending.t.canonicalId() + " closed by its stored booked twin");
    }

    /**
     * Writes a booked item and closes its pending twin in one transaction. A pending item of this page that
     * is written anyway is put whole; a stored one is closed only if it is still open. False when it was not.
     */
    private boolean writeWithTwin(Entry booked, Candidate twin, Feed feed) {
        Instant now = feed.now();
        List<TransactWriteItem> writes = new ArrayList<>();
        if (twin.entry != null && twin.entry.written()) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(ops.table())
                    .item(item(twin.entry, feed)).build()).build());
        } else {
            UpdateExpr u = new UpdateExpr()
                    .set(TransactionItems.SUPERSEDED_BY, Attrs.s(booked.t.canonicalId()))
                    .set(TransactionItems.SUPERSEDED_AT, Attrs.s(now.toString()))
                    .set(ChangeFeedItems.ITEM_SEQ, Attrs.n(feed.seq()))
                    .remove(BankfeedTable.PEND_PK)
                    .remove(BankfeedTable.PEND_SK);
            u.condition("attribute_exists(" + u.name(BankfeedTable.PEND_PK) + ")");
            writes.add(TransactWriteItem.builder().update(u.toUpdate(ops.table(), TransactionItems.key(twin.t)))
                    .build());
            writes.add(feed.recordFor(ops, twin.t.providerTransactionId()));
        }
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(ops.table())
                .item(item(booked, feed)).build()).build());
        return ops.transactWrite(() -> writes,
                "booked transaction " + booked.t.canonicalId() + " with its pending twin");
    }

    private static Map<String, AttributeValue> item(Entry e, Feed feed) {
        Instant now = feed.now();
        Map<String, AttributeValue> item = new HashMap<>(e.content);
        item.put(ChangeFeedItems.ITEM_SEQ, Attrs.n(feed.seq()));
        item.putAll(TransactionItems.key(e.t));
        item.put(Attrs.KIND, Attrs.s("TXN"));
        item.put(Attrs.HASH, Attrs.s(e.hash));
        String firstSeen = e.stored == null ? null : Attrs.str(e.stored, TransactionItems.FIRST_SEEN_AT);
        item.put(TransactionItems.FIRST_SEEN_AT, Attrs.s(firstSeen == null ? now.toString() : firstSeen));
        item.put("updatedAt", Attrs.s(now.toString()));
        Attrs.put(item, TransactionItems.SUPERSEDED_BY, e.supersededBy);
        Attrs.put(item, TransactionItems.SUPERSEDED_AT, e.supersededAt);
        Attrs.put(item, TransactionItems.SUPERSEDES, e.supersedes);
        // vanishedAt is not carried over: a record seen again has not vanished.
        if (e.openPending()) {
            item.put(BankfeedTable.PEND_PK, Attrs.s(TransactionItems.accountId(e.t)));
            item.put(BankfeedTable.PEND_SK, Attrs.s(TransactionItems.pendingSort(e.t)));
        }
        if (e.unpairedBookedOfTwinningProvider()) {
            item.put(BankfeedTable.GSI1_PK, Attrs.s(TransactionItems.twinPartition(e.t)));
            item.put(BankfeedTable.GSI1_SK, Attrs.s(TransactionItems.twinSort(e.t)));
        }
        return item;
    }

    /** What changed, before and after, for the fields a reader cares about; the hashes cover the rest. */
    private static Map<String, AttributeValue> changeRecord(Entry e, Instant now) {
        Map<String, AttributeValue> before = new HashMap<>();
        Map<String, AttributeValue> after = new HashMap<>();
        List<AttributeValue> changedFields = new ArrayList<>();
        for (String field : TransactionItems.TRACKED) {
            AttributeValue old = e.stored.get(field);
            AttributeValue fresh = e.content.get(field);
            if (old != null) {
                before.put(field, old);
            }
            if (fresh != null) {
                after.put(field, fresh);
            }
            if (!Objects.equals(old, fresh)) {
                changedFields.add(Attrs.s(field));
            }
        }
        if (changedFields.isEmpty() && e.outcome == Outcome.CHANGED) {
            changedFields.add(Attrs.s("other"));
        }
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(Keys.account(TransactionItems.accountId(e.t)),
                Keys.change(e.t.providerTransactionId(), now)));
        item.put(Attrs.KIND, Attrs.s("CHG"));
        item.put(TransactionItems.CANONICAL_ID, Attrs.s(e.t.canonicalId()));
        item.put("at", Attrs.s(now.toString()));
        item.put("reason", Attrs.s(e.outcome.name()));
        item.put("changed", AttributeValue.fromL(changedFields));
        item.put("before", AttributeValue.fromM(before));
        item.put("after", AttributeValue.fromM(after));
        item.put("oldHash", e.stored.get(Attrs.HASH));
        item.put("newHash", Attrs.s(e.hash));
        if (e.stored.containsKey(TransactionItems.VANISHED_AT)) {
            item.put(TransactionItems.VANISHED_AT, e.stored.get(TransactionItems.VANISHED_AT));
        }
        return item;
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    @Override
    public Optional<Transaction> find(String canonicalId) {
        for (Map<String, AttributeValue> key : TransactionItems.candidateKeys(canonicalId)) {
            Map<String, AttributeValue> item = ops.get(key);
            if (item != null && canonicalId.equals(Attrs.str(item, TransactionItems.CANONICAL_ID))) {
                return Optional.of(TransactionItems.fromItem(item));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Transaction> openPending(String accountCanonicalId, LocalDate from) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":a", Attrs.s(accountCanonicalId));
        String condition = "#pp = :a";
        if (from != null) {
            values.put(":from", Attrs.s(from.toString()));
            condition += " AND #ps >= :from";
        }
        String keyCondition = condition;
        Map<String, String> names = new HashMap<>(Map.of("#pp", BankfeedTable.PEND_PK));
        if (from != null) {
            names.put("#ps", BankfeedTable.PEND_SK);
        }
        return ops.query(b -> b.indexName(BankfeedTable.OPEN_PENDING_INDEX)
                        .keyConditionExpression(keyCondition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values))
                .stream().map(TransactionItems::fromItem).toList();
    }

    @Override
    public void markVanished(String canonicalId, Instant at) {
        for (Map<String, AttributeValue> key : TransactionItems.candidateKeys(canonicalId)) {
            String account = Attrs.str(key, BankfeedTable.PK).substring(Keys.account("").length());
            long seq = nextChangeSeq(account);
            if (vanish(key, canonicalId, at, seq)) {
                commitUnfenced(account, seq);
                return;
            }
        }
    }

    @Override
    public void markVanished(String canonicalId, Instant at, long changeSeq) {
        for (Map<String, AttributeValue> key : TransactionItems.candidateKeys(canonicalId)) {
            if (vanish(key, canonicalId, at, changeSeq)) {
                return;
            }
        }
    }

    /**
     * Marks the item at {@code key} vanished if it is that pending transaction, and lists it in the change feed in
     * the same transaction: a refused mark leaves no record, and a mark is never without one. Marks are rare (a
     * few per walk at most), so the transaction's double price is small.
     */
    private boolean vanish(Map<String, AttributeValue> key, String canonicalId, Instant at, long seq) {
        String account = Attrs.str(key, BankfeedTable.PK).substring(Keys.account("").length());
        String id = Attrs.str(key, BankfeedTable.SK).substring(Keys.TXN_PREFIX.length());
        UpdateExpr u = new UpdateExpr()
                .setIfAbsent(TransactionItems.VANISHED_AT, Attrs.s(at.toString()))
                .set(ChangeFeedItems.ITEM_SEQ, Attrs.n(seq))
                .remove(BankfeedTable.PEND_PK)
                .remove(BankfeedTable.PEND_SK);
        // Only a pending record vanishes; a booked one that the provider stops listing is kept as is.
        u.condition(u.name(TransactionItems.CANONICAL_ID) + " = " + u.value(Attrs.s(canonicalId))
                + " AND " + u.name(TransactionItems.STATUS) + " = "
                + u.value(Attrs.s(TransactionStatus.PENDING.name())));
        TransactWriteItem mark = TransactWriteItem.builder().update(u.toUpdate(ops.table(), key)).build();
        TransactWriteItem record = TransactWriteItem.builder().put(Put.builder().tableName(ops.table())
                .item(ChangeFeedItems.record(account, seq, "v#" + id, List.of(id), clock.instant())).build()).build();
        return ops.transactWrite(() -> List.of(mark, record), "vanished mark of " + canonicalId);
    }

    @Override
    public List<Transaction> listByAccount(String accountCanonicalId) {
        return ops.query(PrefixQuery.of(Keys.account(accountCanonicalId), Keys.TXN_PREFIX)
                        .andThen(b -> b.consistentRead(true)))
                .stream().map(TransactionItems::fromItem).toList();
    }

    @Override
    public void forEachStored(String accountCanonicalId, LocalDate from, LocalDate to,
            Consumer<StoredTransaction> sink) {
        ops.forEach(TransactionReads.windowQuery(accountCanonicalId, from, to), item -> sink.accept(stored(item)));
    }

    /** A transaction item as a reader gets it: the record without the provider's raw payload, and its pairing. */
    static StoredTransaction stored(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> withoutRaw = new HashMap<>(item);
        withoutRaw.remove(Attrs.RAW);
        return new StoredTransaction(TransactionItems.fromItem(withoutRaw),
                Attrs.str(item, TransactionItems.SUPERSEDED_BY), Attrs.str(item, TransactionItems.SUPERSEDES),
                Attrs.instant(item, TransactionItems.VANISHED_AT));
    }

    @Override
    public Page<StoredTransaction> window(String accountCanonicalId, LocalDate from, LocalDate to, String after,
            int limit) {
        return reads.window(accountCanonicalId, from, to, after, limit);
    }

    @Override
    public Page<StoredTransaction> changes(String accountCanonicalId, String after, int limit) {
        return reads.changes(accountCanonicalId, after, limit);
    }

    @Override
    public long countActive(String accountCanonicalId) {
        return ops.count(PrefixQuery.of(Keys.account(accountCanonicalId), Keys.TXN_PREFIX,
                        Map.of("#sb", TransactionItems.SUPERSEDED_BY, "#va", TransactionItems.VANISHED_AT), Map.of())
                .andThen(b -> b.filterExpression("attribute_not_exists(#sb) AND attribute_not_exists(#va)")));
    }

    @Override
    public List<BalanceContinuity.Entry> bookedEntries(String accountCanonicalId) {
        Map<String, String> names = Map.ofEntries(Map.entry("#st", TransactionItems.STATUS),
                Map.entry("#sb", TransactionItems.SUPERSEDED_BY),
                Map.entry("#va", TransactionItems.VANISHED_AT), Map.entry("#id", "providerTransactionId"),
                Map.entry("#bd", "bookingDate"), Map.entry("#ba", "bookedAt"),
                Map.entry("#am", "amountMinor"), Map.entry("#ac", "amountCurrency"),
                Map.entry("#bam", "balanceAfterMinor"), Map.entry("#bac", "balanceAfterCurrency"));
        return ops.query(PrefixQuery.of(Keys.account(accountCanonicalId), Keys.TXN_PREFIX, names,
                        Map.of(":booked", Attrs.s(TransactionStatus.BOOKED.name())))
                        .andThen(b -> b.consistentRead(true)
                                .filterExpression("#st = :booked AND attribute_not_exists(#sb) "
                                        + "AND attribute_not_exists(#va)")
                                .projectionExpression("#id, #bd, #ba, #am, #ac, #bam, #bac")))
                .stream()
                .map(m -> new BalanceContinuity.Entry(Attrs.str(m, "providerTransactionId"), Attrs.date(m, "bookingDate"),
                        Attrs.instant(m, "bookedAt"), ModelCodec.money(m, "amount"), ModelCodec.money(m, "balanceAfter")))
                .toList();
    }
}
