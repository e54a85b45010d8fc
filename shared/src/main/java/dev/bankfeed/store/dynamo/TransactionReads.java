package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.Page;
import dev.bankfeed.store.StoredTransaction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The read API's paged reads of an account's transactions: a booking-date window in provider id order, and the
 * change feed (DATA_MODEL.md, "Change feed"). Every read is strongly consistent: a position handed out is never
 * ahead of what a later read sees.
 */
final class TransactionReads {

    /** Query calls one window page may spend on items its date filter drops, before it hands back a position. */
    private static final int MAX_WINDOW_CALLS = 20;
    /** Feed records read per query call: each lists up to a page of ids. */
    private static final int RECORDS_PER_CALL = 25;

    private final DynamoOps ops;

    TransactionReads(DynamoOps ops) {
        this.ops = ops;
    }

    /**
     * The query of an account's transaction items booked from {@code from} to {@code to} (null: no bound), in
     * provider id order, consistent: ISO dates compare as strings, and an undated record fails either bound.
     */
    static Consumer<QueryRequest.Builder> windowQuery(String account, LocalDate from, LocalDate to) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> filter = new ArrayList<>();
        if (from != null) {
            names.put("#bd", "bookingDate");
            values.put(":from", Attrs.s(from.toString()));
            filter.add("#bd >= :from");
        }
        if (to != null) {
            names.put("#bd", "bookingDate");
            values.put(":to", Attrs.s(to.toString()));
            filter.add("#bd <= :to");
        }
        return PrefixQuery.of(Keys.account(account), Keys.TXN_PREFIX, names, values).andThen(b -> {
            b.consistentRead(true);
            if (!filter.isEmpty()) {
                b.filterExpression(String.join(" AND ", filter));
            }
        });
    }

    Page<StoredTransaction> window(String account, LocalDate from, LocalDate to, String after, int limit) {
        Consumer<QueryRequest.Builder> query = windowQuery(account, from, to);
        List<StoredTransaction> out = new ArrayList<>();
        Map<String, AttributeValue> start = after == null ? null
                : Attrs.key(Keys.account(account), Keys.txn(after));
        for (int call = 0; call < MAX_WINDOW_CALLS; call++) {
            QueryResponse r = ops.queryOnce(query, start, limit - out.size());
            r.items().forEach(item -> out.add(DynamoTransactionStore.stored(item)));
            start = DynamoOps.next(r);
            if (start == null) {
                return new Page<>(out, null, false);
            }
            if (out.size() >= limit) {
                break;
            }
        }
        // Resume right after the last item read, matched or not: the next page starts where this one stopped.
        String position = Attrs.str(start, BankfeedTable.SK).substring(Keys.TXN_PREFIX.length());
        return new Page<>(out, position, true);
    }

    /** A place in the feed: the sort key of a record and how many of its ids were handed out already. */
    private record Position(String recordKey, int consumed) {

        static Position parse(String text) {
            if (text == null) {
                return new Position("", 0);
            }
            int bar = text.lastIndexOf('|');
            if (bar < 0 || !(bar == 0 || text.startsWith(ChangeFeedItems.PREFIX))) {
                throw new IllegalArgumentException("not a change feed position");
            }
            try {
                int consumed = Integer.parseInt(text.substring(bar + 1));
                if (consumed < 0) {
                    throw new IllegalArgumentException("not a change feed position");
                }
                return new Position(text.substring(0, bar), consumed);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a change feed position");
            }
        }

        String text() {
            return recordKey + "|" + consumed;
        }
    }

    private record Candidate(long seq, String id) {
    }

    /**
     * Reads feed records after {@code after} up to the committed number, and hands out each listed transaction
     * whose item still carries that record's number: a transaction written again later is handed out at its
     * later record instead, and a record of a write that never happened (a run died in between) lists an item
     * whose number differs. Numbers above the committed one are never read: their writes may still be under way.
     */
    Page<StoredTransaction> changes(String account, String after, int limit) {
        Position position = Position.parse(after);
        Map<String, AttributeValue> cursor = ops.get(DynamoLeaseStore.key(account));
        Long committedOrNull = cursor == null ? null : Attrs.num(cursor, ChangeFeedItems.COMMITTED);
        long committed = committedOrNull == null ? 0 : committedOrNull;
        if (committed == 0) {
            return new Page<>(List.of(), position.text(), false);
        }
        Map<String, AttributeValue> values = Map.of(":pk", Attrs.s(Keys.account(account)),
                ":lo", Attrs.s(position.recordKey().isEmpty() ? ChangeFeedItems.PREFIX : position.recordKey()),
                // The first key of the next number: nothing of a number not yet committed is read.
                ":hi", Attrs.s(ChangeFeedItems.seqKey(committed + 1)));
        List<Candidate> candidates = new ArrayList<>();
        String lastKey = position.recordKey();
        int lastConsumed = position.consumed();
        boolean more = false;
        Map<String, AttributeValue> start = null;
        outer:
        do {
            QueryResponse r = ops.queryOnce(b -> b.consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                    .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK, "#sk", BankfeedTable.SK))
                    .expressionAttributeValues(values), start, RECORDS_PER_CALL);
            for (Map<String, AttributeValue> record : r.items()) {
                String key = Attrs.str(record, BankfeedTable.SK);
                List<AttributeValue> ids = record.get(ChangeFeedItems.IDS).l();
                int from = key.equals(position.recordKey()) ? position.consumed() : 0;
                for (int i = from; i < ids.size(); i++) {
                    if (candidates.size() == limit) {
                        more = true;
                        break outer;
                    }
                    candidates.add(new Candidate(ChangeFeedItems.seqOf(key), ids.get(i).s()));
                    lastKey = key;
                    lastConsumed = i + 1;
                }
                if (from >= ids.size() && !key.equals(lastKey)) {
                    lastKey = key;
                    lastConsumed = ids.size();
                }
            }
            start = DynamoOps.next(r);
        } while (start != null);
        return new Page<>(handOut(account, candidates), new Position(lastKey, lastConsumed).text(), more);
    }

    private List<StoredTransaction> handOut(String account, List<Candidate> candidates) {
        Set<String> distinct = new LinkedHashSet<>();
        candidates.forEach(c -> distinct.add(c.id()));
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        ops.batchGet(distinct.stream().map(id -> Attrs.key(Keys.account(account), Keys.txn(id))).toList(), List.of())
                .forEach(item -> items.put(Attrs.str(item, BankfeedTable.SK).substring(Keys.TXN_PREFIX.length()),
                        item));
        List<StoredTransaction> out = new ArrayList<>();
        Set<Candidate> handedOut = new LinkedHashSet<>();
        for (Candidate c : candidates) {
            Map<String, AttributeValue> item = items.get(c.id());
            Long seq = item == null ? null : Attrs.num(item, ChangeFeedItems.ITEM_SEQ);
            if (seq != null && seq == c.seq() && handedOut.add(c)) {
                out.add(DynamoTransactionStore.stored(item));
            }
        }
        return out;
    }
}
