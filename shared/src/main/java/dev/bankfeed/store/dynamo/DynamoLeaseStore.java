package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Account leases fenced inside the account's cursor item ({@code ACCT#<account> / CURSOR}): attributes
 * {@code leaseOwner} and {@code leaseUntil} (epoch seconds). A lease is held while {@code now < leaseUntil};
 * another owner may take it from {@code now >= leaseUntil}: the two conditions are complements, so there is no
 * instant with two holders. Living in the cursor item lets every cursor save prove and extend the lease in one
 * conditional write ({@link DynamoCursorStore}), with no transaction on the per-page path.
 */
final class DynamoLeaseStore implements LeaseStore {

    static final String OWNER = "leaseOwner";
    static final String UNTIL = "leaseUntil";
    static final String ACQUIRED_AT = "leaseAcquiredAt";

    private final DynamoOps ops;
    private final Clock clock;

    DynamoLeaseStore(DynamoOps ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String accountCanonicalId, String owner, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        UpdateExpr u = new UpdateExpr()
                .set(Attrs.KIND, Attrs.s("CURSOR"))
                .set(OWNER, Attrs.s(owner))
                .set(ACQUIRED_AT, Attrs.s(now.toString()))
                .set(UNTIL, Attrs.n(epochSecondsCeil(now.plus(ttl))));
        u.condition("attribute_not_exists(" + u.name(OWNER) + ") OR " + u.name(UNTIL) + " <= "
                + u.value(Attrs.n(now.getEpochSecond())) + " OR " + u.name(OWNER) + " = " + u.value(Attrs.s(owner)));
        return ops.update(b -> u.applyTo(b.key(key(accountCanonicalId))));
    }

    @Override
    public void release(String accountCanonicalId, String owner) {
        UpdateExpr u = new UpdateExpr().remove(OWNER).remove(UNTIL).remove(ACQUIRED_AT);
        u.condition(u.name(OWNER) + " = " + u.value(Attrs.s(owner)));
        ops.update(b -> u.applyTo(b.key(key(accountCanonicalId))));
    }

    /**
     * Adds to {@code u} what every fenced write needs: the condition that {@code owner} is still the lease's
     * owner, and the lease's extension to {@code now + ttl}. Expiry is deliberately not part of the condition:
     * taking a lease replaces its owner, so an unchanged owner proves no other run has taken the account since,
     * even when a slow page let the lease run out; the write then simply renews it.
     */
    static void fence(UpdateExpr u, String owner, Instant now, Duration ttl) {
        requirePositive(ttl);
        u.set(UNTIL, Attrs.n(epochSecondsCeil(now.plus(ttl))));
        u.condition(u.name(OWNER) + " = " + u.value(Attrs.s(owner)));
    }

    static Map<String, AttributeValue> key(String accountCanonicalId) {
        return Attrs.key(Keys.account(accountCanonicalId), Keys.CURSOR);
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease ttl must be positive");
        }
    }

    /** Rounded up, so a lease never ends before the ttl asked for. */
    static long epochSecondsCeil(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }
}
