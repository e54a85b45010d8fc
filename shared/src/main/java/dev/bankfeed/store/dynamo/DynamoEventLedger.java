package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.EventLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claims as items {@code EVENT#<key> / EVENT}: {@code claimStatus} IN_PROGRESS with an {@code expiresAt} of the
 * run's remaining time, then COMPLETED with the retention. A claim past {@code expiresAt} but not yet swept by
 * TTL (which may lag by days) counts as gone, whatever its status.
 */
final class DynamoEventLedger implements EventLedger {

    static final String STATUS = "claimStatus";

    private final DynamoOps ops;
    private final Clock clock;

    DynamoEventLedger(DynamoOps ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    @Override
    public Claim begin(String eventKey, Duration inProgressFor) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(Keys.event(eventKey), Keys.EVENT_SK));
        item.put(Attrs.KIND, Attrs.s("EVENT"));
        item.put("eventKey", Attrs.s(eventKey));
        item.put("claimedAt", Attrs.s(now.toString()));
        item.put(STATUS, Attrs.s(Claim.IN_PROGRESS.name()));
        item.put(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(DynamoLeaseStore.epochSecondsCeil(now.plus(inProgressFor))));
        if (ops.put(b -> b.item(item)
                .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now")
                .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK, "#exp", BankfeedTable.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":now", Attrs.n(now.getEpochSecond()))))) {
            return Claim.CLAIMED;
        }
        Map<String, AttributeValue> held = ops.get(Attrs.key(Keys.event(eventKey), Keys.EVENT_SK));
        // Claims written before claimStatus existed were taken for the whole retention: handled.
        return held != null && Claim.IN_PROGRESS.name().equals(Attrs.str(held, STATUS))
                ? Claim.IN_PROGRESS : Claim.COMPLETED;
    }

    @Override
    public void complete(String eventKey, Duration retention) {
        Instant now = clock.instant();
        UpdateExpr u = new UpdateExpr()
                .set(STATUS, Attrs.s(Claim.COMPLETED.name()))
                .set("completedAt", Attrs.s(now.toString()))
                .set(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(DynamoLeaseStore.epochSecondsCeil(now.plus(retention))));
        ops.update(b -> {
            b.key(Attrs.key(Keys.event(eventKey), Keys.EVENT_SK));
            u.applyTo(b);
        });
    }

    @Override
    public void release(String eventKey) {
        ops.delete(b -> b.key(Attrs.key(Keys.event(eventKey), Keys.EVENT_SK)));
    }
}
