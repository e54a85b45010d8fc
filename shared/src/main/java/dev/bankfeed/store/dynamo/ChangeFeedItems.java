package dev.bankfeed.store.dynamo;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shape of an account's change feed (DATA_MODEL.md, "Change feed"): every write of a transaction item carries
 * the change sequence number of the write ({@code chgseq}), a feed record {@code FEED#<seq>#<part>} beside the
 * items lists the provider ids written under that number, and the cursor item's {@code changeSeq} is the highest
 * committed number: readers never look past it.
 */
final class ChangeFeedItems {

    static final String PREFIX = "FEED#";
    /** On a transaction item: the sequence number of its latest write. */
    static final String ITEM_SEQ = "chgseq";
    /** On the cursor item: the highest committed sequence number. */
    static final String COMMITTED = "changeSeq";
    static final String IDS = "ids";
    static final String SEQ = "seq";

    private ChangeFeedItems() {
    }

    /** Fixed width, so that string order is number order. */
    static String seqKey(long seq) {
        return PREFIX + String.format("%020d", seq);
    }

    static String recordKey(long seq, String part) {
        return seqKey(seq) + "#" + part;
    }

    static long seqOf(String recordKey) {
        return Long.parseLong(recordKey.substring(PREFIX.length(), PREFIX.length() + 20));
    }

    static Map<String, AttributeValue> record(String accountCanonicalId, long seq, String part, List<String> ids,
            Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(Keys.account(accountCanonicalId),
                recordKey(seq, part)));
        item.put(Attrs.KIND, Attrs.s("FEED"));
        item.put(SEQ, Attrs.n(seq));
        item.put(IDS, AttributeValue.fromL(ids.stream().map(Attrs::s).toList()));
        item.put("at", Attrs.s(at.toString()));
        return item;
    }

    /** Adds the commit of {@code seq} to a write of the cursor item. */
    static void commit(UpdateExpr u, long seq) {
        u.set(COMMITTED, Attrs.n(seq));
    }
}
