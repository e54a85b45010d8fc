package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.EventLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claims as items {@code EVENT#<key> / EVENT}, expiring through the table's TTL. A claim past its retention
 * but not yet swept by TTL (which may lag by days) counts as gone.
 */
final class DynamoEventLedger implements EventLedger {

    private final DynamoOps ops;
    private final Clock clock;

    DynamoEventLedger(DynamoOps ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    @Override
    public boolean claim(String eventKey, Duration retention) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(Keys.event(eventKey), Keys.EVENT_SK));
        item.put(Attrs.KIND, Attrs.s("EVENT"));
        item.put("eventKey", Attrs.s(eventKey));
        item.put("claimedAt", Attrs.s(now.toString()));
        item.put(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(DynamoLeaseStore.epochSecondsCeil(now.plus(retention))));
        return ops.put(b -> b.item(item)
                .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now")
                .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK, "#exp", BankfeedTable.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":now", Attrs.n(now.getEpochSecond()))));
    }

    @Override
    public void release(String eventKey) {
        ops.delete(b -> b.key(Attrs.key(Keys.event(eventKey), Keys.EVENT_SK)));
    }
}
