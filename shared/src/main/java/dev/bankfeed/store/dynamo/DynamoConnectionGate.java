package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.ConnectionGate;
import dev.bankfeed.util.Jitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Connection slots as items {@code CONN#<connection> / SLOT#<n>} ({@code n < limit}), each taken like an account
 * lease (conditional write on {@code slotOwner} and {@code slotUntil}, epoch seconds) so a crashed holder frees
 * it after its ttl; the throttle mark is {@code CONN#<connection> / THROTTLE} with {@code throttledUntil}. Both
 * carry the table's TTL attribute only for cleanup: the conditions never rely on TTL deletion.
 */
final class DynamoConnectionGate implements ConnectionGate {

    private static final String OWNER = "slotOwner";
    private static final String UNTIL = "slotUntil";
    private static final String THROTTLED_UNTIL = "throttledUntil";
    private static final Duration CLEANUP_AFTER = Duration.ofDays(1);

    private final DynamoOps ops;
    private final Clock clock;

    DynamoConnectionGate(DynamoOps ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    @Override
    public Optional<Integer> tryEnter(String connectionId, int limit, String owner, Duration ttl) {
        if (limit < 1) {
            throw new IllegalArgumentException("a connection needs at least one slot");
        }
        // A random first slot spreads contending workers over the slots instead of all racing for slot 0.
        int first = Jitter.below(limit);
        for (int i = 0; i < limit; i++) {
            int slot = (first + i) % limit;
            Instant now = clock.instant();
            long until = DynamoLeaseStore.epochSecondsCeil(now.plus(ttl));
            UpdateExpr u = new UpdateExpr()
                    .set(Attrs.KIND, Attrs.s("SLOT"))
                    .set(OWNER, Attrs.s(owner))
                    .set(UNTIL, Attrs.n(until))
                    .set(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(until + CLEANUP_AFTER.getSeconds()));
            u.condition("attribute_not_exists(" + u.name(OWNER) + ") OR " + u.name(UNTIL) + " <= "
                    + u.value(Attrs.n(now.getEpochSecond())) + " OR " + u.name(OWNER) + " = "
                    + u.value(Attrs.s(owner)));
            if (ops.update(b -> u.applyTo(b.key(slotKey(connectionId, slot))))) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    @Override
    public void leave(String connectionId, int slot, String owner) {
        UpdateExpr u = new UpdateExpr().remove(OWNER).remove(UNTIL);
        u.condition(u.name(OWNER) + " = " + u.value(Attrs.s(owner)));
        ops.update(b -> u.applyTo(b.key(slotKey(connectionId, slot))));
    }

    @Override
    public Optional<Instant> throttledUntil(String connectionId) {
        Map<String, AttributeValue> item = ops.get(throttleKey(connectionId));
        Long until = item == null ? null : Attrs.num(item, THROTTLED_UNTIL);
        return Optional.ofNullable(until).map(Instant::ofEpochMilli);
    }

    @Override
    public void throttle(String connectionId, Instant until) {
        UpdateExpr u = new UpdateExpr()
                .set(Attrs.KIND, Attrs.s("THROTTLE"))
                .set(THROTTLED_UNTIL, Attrs.n(until.toEpochMilli()))
                .set(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(until.plus(CLEANUP_AFTER).getEpochSecond()));
        u.condition("attribute_not_exists(" + u.name(THROTTLED_UNTIL) + ") OR " + u.name(THROTTLED_UNTIL) + " < "
                + u.value(Attrs.n(until.toEpochMilli())));
        ops.update(b -> u.applyTo(b.key(throttleKey(connectionId))));
    }

    private static Map<String, AttributeValue> slotKey(String connectionId, int slot) {
        return Attrs.key(Keys.connection(connectionId), Keys.slot(slot));
    }

    private static Map<String, AttributeValue> throttleKey(String connectionId) {
        return Attrs.key(Keys.connection(connectionId), Keys.THROTTLE);
    }
}
