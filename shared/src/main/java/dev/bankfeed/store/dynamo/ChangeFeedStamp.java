package dev.bankfeed.store.dynamo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Puts into an account's change feed the transaction items a release before the feed wrote (DATA_MODEL.md, "Change
 * feed"): they carry no {@code chgseq} and no feed record lists them, so a consumer following the feed from its start
 * would never get them. Run by the account's first walk after the upgrade, under its lease, once: the commit that
 * ends it sets {@code feedStamped} on the cursor item, and a walk that finds it there reads nothing more (an account
 * with no transaction item yet is marked by its second walk instead, so that its first writes what it did before).
 *
 * <p>Per chunk of at most {@value #ITEMS_PER_SEQ} items read, under one new number: the feed record listing the
 * chunk's unnumbered ids, then {@code chgseq} on each of them on condition that it is still absent (a write of the
 * item since it was read has its own number and record, and wins), then the commit of the number, fenced by the lease
 * as a checkpoint is. A run that dies in between leaves a record and items under a number above the committed one:
 * hidden from readers, and shown, once, by the next walk's first commit (of a stamp chunk or of a page), whose number
 * is above it; the items it did not reach are still unnumbered, and the next walk stamps them under its own numbers.
 */
final class ChangeFeedStamp {

    /** On the cursor item: the account's items from before the feed are in it. */
    static final String STAMPED = "feedStamped";
    /** Items read per number: their ids fit one feed record part, as a page's do. */
    private static final int ITEMS_PER_SEQ = 500;

    private final DynamoOps ops;
    private final Clock clock;

    ChangeFeedStamp(DynamoOps ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    /** True when the account's cursor item (null: none yet) says its older items are in the feed already. */
    static boolean done(Map<String, AttributeValue> cursorItem) {
        return cursorItem != null && Boolean.TRUE.equals(Attrs.boolOrNull(cursorItem, STAMPED));
    }

    /**
     * Stamps every unnumbered transaction item of the account under numbers from {@code next} on, commits them and
     * marks the account stamped, each commit on condition that {@code leaseOwner} holds the account's lease (which it
     * extends). Returns the first number the walk's pages may use.
     *
     * @throws dev.bankfeed.store.LeaseLostException when the lease is no longer held
     */
    long stamp(String accountCanonicalId, long next, String leaseOwner, Duration leaseTtl) {
        DynamoCursorStore cursors = new DynamoCursorStore(ops, clock);
        long seq = next;
        long read = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = ops.queryOnce(PrefixQuery.of(Keys.account(accountCanonicalId), Keys.TXN_PREFIX,
                            Map.of("#seq", ChangeFeedItems.ITEM_SEQ), Map.of())
                    .andThen(b -> b.consistentRead(true).filterExpression("attribute_not_exists(#seq)")
                            .projectionExpression("#sk")), start, ITEMS_PER_SEQ);
            start = DynamoOps.next(r);
            read += r.scannedCount();
            List<String> ids = r.items().stream()
                    .map(item -> Attrs.str(item, BankfeedTable.SK).substring(Keys.TXN_PREFIX.length())).toList();
            UpdateExpr commit = new UpdateExpr();
            if (!ids.isEmpty()) {
                stampChunk(accountCanonicalId, seq, ids);
                ChangeFeedItems.commit(commit, seq++);
            }
            if (start == null) {
                if (read == 0) {
                    // A new account: nothing to stamp, and no marker written, so its first walk writes what it wrote
                    // before. Its next walk reads its items (numbered by then) once, and marks it.
                    break;
                }
                if (ids.isEmpty() && seq > 1) {
                    // Nothing left unnumbered, but a stamp that died before its commit may have left numbers up to
                    // here: committed now, as the walk's first checkpoint would.
                    ChangeFeedItems.commit(commit, seq - 1);
                }
                commit.set(STAMPED, Attrs.bool(true));
            }
            if (!ids.isEmpty() || start == null) {
                cursors.fencedWrite(accountCanonicalId, commit, leaseOwner, leaseTtl, "change feed stamp");
            }
        } while (start != null);
        return seq;
    }

    /** The record first, so that an item never carries a number no record lists it under. */
    private void stampChunk(String account, long seq, List<String> ids) {
        ops.put(b -> b.item(ChangeFeedItems.record(account, seq, "p0", ids, clock.instant())));
        for (String id : ids) {
            UpdateExpr u = new UpdateExpr().set(ChangeFeedItems.ITEM_SEQ, Attrs.n(seq));
            u.condition("attribute_exists(" + u.name(BankfeedTable.SK) + ") AND attribute_not_exists("
                    + u.name(ChangeFeedItems.ITEM_SEQ) + ")");
            ops.update(b -> u.applyTo(b.key(Attrs.key(Keys.account(account), Keys.txn(id)))));
        }
    }
}
