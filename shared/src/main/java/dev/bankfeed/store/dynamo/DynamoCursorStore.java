package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.CursorStore;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.SyncCursor;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cursors as items {@code ACCT#<account> / CURSOR}, the same item that holds the account's lease
 * ({@link DynamoLeaseStore}). A save is one conditional UpdateItem: it moves the cursor only while the saving
 * run holds the lease, and extends the lease in the same write, so a page's checkpoint costs one write and one
 * round trip.
 */
final class DynamoCursorStore implements CursorStore {

    private final DynamoOps ops;
    private final Clock clock;

    DynamoCursorStore(DynamoOps ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    @Override
    public Optional<SyncCursor> load(String accountCanonicalId) {
        Map<String, AttributeValue> item = ops.get(DynamoLeaseStore.key(accountCanonicalId));
        // An item with only a lease on it (the account's first walk has not saved yet) is no cursor.
        if (item == null || !item.containsKey("updatedAt")) {
            return Optional.empty();
        }
        return Optional.of(new SyncCursor(Attrs.date(item, "watermark"), Attrs.str(item, "resumeState"),
                Attrs.date(item, "walkFrom"), Attrs.date(item, "walkNewest"),
                Boolean.TRUE.equals(Attrs.boolOrNull(item, "rejectedInWalk")), Attrs.instant(item, "updatedAt")));
    }

    @Override
    public void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner, Duration leaseTtl) {
        save(accountCanonicalId, cursor, leaseOwner, leaseTtl, 0);
    }

    @Override
    public void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner, Duration leaseTtl,
            long changeSeq) {
        UpdateExpr u = new UpdateExpr()
                .set(Attrs.KIND, Attrs.s("CURSOR"))
                .setOrRemove("watermark", text(cursor.watermark()))
                .setOrRemove("resumeState", cursor.resumeState())
                .setOrRemove("walkFrom", text(cursor.walkFrom()))
                .setOrRemove("walkNewest", text(cursor.walkNewest()))
                .set("rejectedInWalk", Attrs.bool(cursor.rejectedInWalk()))
                .set("updatedAt", Attrs.s(cursor.updatedAt().toString()))
                .set("savedBy", Attrs.s(leaseOwner));
        if (changeSeq > 0) {
            ChangeFeedItems.commit(u, changeSeq);
        }
        fencedWrite(accountCanonicalId, u, leaseOwner, leaseTtl, "cursor");
    }

    @Override
    public void commitChanges(String accountCanonicalId, long changeSeq, String leaseOwner, Duration leaseTtl) {
        UpdateExpr u = new UpdateExpr().set(Attrs.KIND, Attrs.s("CURSOR"));
        ChangeFeedItems.commit(u, changeSeq);
        fencedWrite(accountCanonicalId, u, leaseOwner, leaseTtl, "change feed");
    }

    /** Applies {@code u} to the cursor item on the lease's condition, extending the lease. */
    void fencedWrite(String accountCanonicalId, UpdateExpr u, String leaseOwner, Duration leaseTtl,
            String what) {
        DynamoLeaseStore.fence(u, leaseOwner, clock.instant(), leaseTtl);
        if (!ops.update(b -> u.applyTo(b.key(DynamoLeaseStore.key(accountCanonicalId))))) {
            throw new LeaseLostException(what + " of account " + accountCanonicalId
                    + " not saved: its lease is no longer held by this run");
        }
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
