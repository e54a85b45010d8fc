package dev.bankfeed.job;

import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.store.OpenRejection;
import dev.bankfeed.store.RejectionStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk's view of an account's open rejections. A rejected record is kept in the store until it is stored: the
 * walk opens a rejection per rejected record and closes one when its record normalizes and is stored, or when a
 * complete walk over its dates no longer returns it. An open rejection keeps the account failing even after its
 * record has aged out of the backfill window and no walk reads it any more.
 */
final class RejectedRecords {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedRecords.class);

    private final RejectionStore store;
    private final String accountId;
    private final Map<String, OpenRejection> open = new LinkedHashMap<>();
    /** Opened or refreshed by this walk. */
    private final Set<String> rejectedInThisWalk = new HashSet<>();
    private boolean changed;

    private RejectedRecords(RejectionStore store, String accountId, List<OpenRejection> open) {
        this.store = store;
        this.accountId = accountId;
        open.forEach(r -> this.open.put(r.recordKey(), r));
    }

    static RejectedRecords load(RejectionStore store, String accountId) {
        return new RejectedRecords(store, accountId, store.open(accountId));
    }

    /** Where the walks that first read the open rejections started ({@link WalkWindow#newWalkFrom} reaches back). */
    List<LocalDate> readFroms() {
        return open.values().stream().map(OpenRejection::readFrom).toList();
    }

    /**
     * After a page is durable (and before its checkpoint): opens the page's rejections, closes those whose record
     * it stored.
     */
    void pageStored(List<Transaction> stored, List<Rejection> rejected, LocalDate walkFrom, String runId,
            Instant at) {
        if (!rejected.isEmpty()) {
            store.recordOpen(accountId, rejected, walkFrom, runId, at);
            rejected.forEach(r -> rejectedInThisWalk.add(OpenRejection.keyOf(r)));
            changed = true;
        }
        List<String> closed = new ArrayList<>();
        for (Transaction t : stored) {
            String key = OpenRejection.keyOfRecord(t.providerTransactionId());
            if (open.containsKey(key) || rejectedInThisWalk.contains(key)) {
                closed.add(key);
            }
        }
        close(closed, "its record is stored");
    }

    /**
     * After a complete walk from {@code walkFrom} read every record it covers in this run: an open rejection that it
     * covers and did not meet again is no longer served (a record without an id that the bank corrected has new
     * content, so a new key).
     */
    void walkCompleted(LocalDate walkFrom) {
        List<String> gone = new ArrayList<>();
        for (OpenRejection r : open.values()) {
            if (r.readFrom() != null && !r.readFrom().isBefore(walkFrom)
                    && !rejectedInThisWalk.contains(r.recordKey())) {
                gone.add(r.recordKey());
            }
        }
        close(gone, "no longer served");
    }

    /** The account's rejections still open after this walk. */
    List<OpenRejection> stillOpen() {
        return changed ? store.open(accountId) : List.copyOf(open.values());
    }

    /** The status message for open rejections: how many, and the first. */
    static String summary(List<OpenRejection> open) {
        return open.size() + " rejected record(s) open, not stored; first: " + open.get(0).describe();
    }

    private void close(List<String> keys, String why) {
        if (keys.isEmpty()) {
            return;
        }
        store.close(accountId, keys);
        for (String key : keys) {
            open.remove(key);
            rejectedInThisWalk.remove(key);
            LOG.info("rejection {} closed: {}", key, why);
        }
        changed = true;
    }
}
