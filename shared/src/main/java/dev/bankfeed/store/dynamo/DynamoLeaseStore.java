package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Leases as items {@code LEASE#<key> / LEASE} with {@code owner} and {@code expiresAt} (epoch seconds, also
 * the table's TTL). A lease is held while {@code now < expiresAt}; another owner may take it from
 * {@code now >= expiresAt}: the two conditions are complements, so there is no instant with two holders.
 */
final class DynamoLeaseStore implements LeaseStore {

    static final String OWNER = "owner";

    /** The condition "the lease is held by :owner at :now", for a transaction's ConditionCheck. */
    static final String HELD_CONDITION = "#owner = :owner AND #exp > :now";

    private final DynamoOps ops;
    private final Clock clock;

    DynamoLeaseStore(DynamoOps ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String key, String owner, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease ttl must be positive");
        }
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(Keys.lease(key), Keys.LEASE_SK));
        item.put(Attrs.KIND, Attrs.s("LEASE"));
        item.put("leaseKey", Attrs.s(key));
        item.put(OWNER, Attrs.s(owner));
        item.put("acquiredAt", Attrs.s(now.toString()));
        item.put(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(epochSecondsCeil(now.plus(ttl))));
        return ops.put(b -> b.item(item)
                .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR #owner = :owner")
                .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK, "#owner", OWNER,
                        "#exp", BankfeedTable.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":now", Attrs.n(now.getEpochSecond()),
                        ":owner", Attrs.s(owner))));
    }

    @Override
    public void release(String key, String owner) {
        ops.delete(b -> b.key(Attrs.key(Keys.lease(key), Keys.LEASE_SK))
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#owner", OWNER))
                .expressionAttributeValues(Map.of(":owner", Attrs.s(owner))));
    }

    static Map<String, String> heldNames() {
        return Map.of("#owner", OWNER, "#exp", BankfeedTable.TTL_ATTRIBUTE);
    }

    static Map<String, AttributeValue> heldValues(String owner, Instant now) {
        return Map.of(":owner", Attrs.s(owner), ":now", Attrs.n(now.getEpochSecond()));
    }

    /** Rounded up, so a lease never ends before the ttl asked for. */
    static long epochSecondsCeil(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }
}
