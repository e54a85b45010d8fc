package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.CursorStore;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.SyncCursor;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Cursors as items {@code ACCT#<account> / CURSOR}, saved in one transaction with a check that the account's
 * lease (the lease whose key is the account canonical id) is still held by the saving run.
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
        Map<String, AttributeValue> item = ops.get(Attrs.key(Keys.account(accountCanonicalId), Keys.CURSOR));
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new SyncCursor(Attrs.date(item, "watermark"), Attrs.str(item, "resumeState"),
                Attrs.date(item, "walkFrom"), Attrs.date(item, "walkNewest"),
                Boolean.TRUE.equals(Attrs.boolOrNull(item, "rejectedInWalk")), Attrs.instant(item, "updatedAt")));
    }

    @Override
    public void save(String accountCanonicalId, SyncCursor cursor, String leaseOwner) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(Keys.account(accountCanonicalId), Keys.CURSOR));
        item.put(Attrs.KIND, Attrs.s("CURSOR"));
        Attrs.put(item, "watermark", cursor.watermark());
        Attrs.put(item, "resumeState", cursor.resumeState());
        Attrs.put(item, "walkFrom", cursor.walkFrom());
        Attrs.put(item, "walkNewest", cursor.walkNewest());
        Attrs.putBool(item, "rejectedInWalk", cursor.rejectedInWalk());
        Attrs.put(item, "updatedAt", cursor.updatedAt());
        item.put("savedBy", Attrs.s(leaseOwner));
        boolean saved = ops.transactWrite(() -> List.of(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                        .tableName(ops.table())
                        .key(Attrs.key(Keys.lease(accountCanonicalId), Keys.LEASE_SK))
                        .conditionExpression(DynamoLeaseStore.HELD_CONDITION)
                        .expressionAttributeNames(DynamoLeaseStore.heldNames())
                        .expressionAttributeValues(DynamoLeaseStore.heldValues(leaseOwner, clock.instant()))
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(ops.table()).item(item).build()).build()),
                "cursor save of account " + accountCanonicalId);
        if (!saved) {
            throw new LeaseLostException("cursor of account " + accountCanonicalId
                    + " not saved: its lease is no longer held by this run");
        }
    }
}
