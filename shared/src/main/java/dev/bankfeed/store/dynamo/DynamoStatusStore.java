package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.provider.ErrorClass;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.StatusStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Statuses as items {@code ACCT#<account> / STATUS#<job>}, written with UpdateItem so that
 * {@code lastSuccessAt} survives failures; listed per connection through the byConnection index.
 */
final class DynamoStatusStore implements StatusStore {

    /** Longer messages are cut: a status is a signal for a person, not a log. */
    static final int MAX_MESSAGE_LENGTH = 1000;
    private static final String CONTINUITY_CHECKED_AT = "continuityCheckedAt";
    /** A map: kind, fromDate, toDate, expectedMinor, actualMinor, currency, detail. */
    private static final String CONTINUITY_BREAK = "continuityBreak";

    private final DynamoOps ops;
    private final ConnectionIndex index;

    DynamoStatusStore(DynamoOps ops, ConnectionIndex index) {
        this.ops = ops;
        this.index = index;
    }

    @Override
    public void recordSuccess(String accountCanonicalId, String connectionId, String job, String runId, Instant at) {
        UpdateExpr u = identity(accountCanonicalId, connectionId, job, runId, at)
                .set("lastSuccessAt", Attrs.s(at.toString()))
                .set("needsReauth", Attrs.bool(false))
                .remove("lastErrorClass")
                .remove("lastErrorMessage");
        ops.update(b -> {
            b.key(Attrs.key(Keys.account(accountCanonicalId), Keys.status(job)));
            u.applyTo(b);
        });
    }

    @Override
    public void recordFailure(String accountCanonicalId, String connectionId, String job, String runId,
            ErrorClass errorClass, String message, Instant at) {
        String cut = message == null || message.length() <= MAX_MESSAGE_LENGTH
                ? message : message.substring(0, MAX_MESSAGE_LENGTH);
        UpdateExpr u = identity(accountCanonicalId, connectionId, job, runId, at)
                .setOrRemove("lastErrorClass", errorClass == null ? null : errorClass.name())
                .setOrRemove("lastErrorMessage", cut)
                .set("needsReauth", Attrs.bool(errorClass == ErrorClass.NEEDS_REAUTH));
        ops.update(b -> {
            b.key(Attrs.key(Keys.account(accountCanonicalId), Keys.status(job)));
            u.applyTo(b);
        });
    }

    private static UpdateExpr identity(String accountCanonicalId, String connectionId, String job, String runId,
            Instant at) {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(at, "at");
        return new UpdateExpr()
                .set(Attrs.KIND, Attrs.s("STATUS"))
                .set("accountCanonicalId", Attrs.s(accountCanonicalId))
                .set("connectionId", Attrs.s(connectionId))
                .set("job", Attrs.s(job))
                .set(BankfeedTable.GSI1_PK, Attrs.s(Keys.connection(connectionId)))
                .set(BankfeedTable.GSI1_SK, Attrs.s(Keys.statusGsiSort(accountCanonicalId, job)))
                .set("lastAttemptAt", Attrs.s(at.toString()))
                .setOrRemove("lastRunId", runId);
    }

    @Override
    public void recordContinuity(String accountCanonicalId, String job, Instant checkedAt,
            BalanceContinuity.Break found) {
        UpdateExpr u = new UpdateExpr().set(CONTINUITY_CHECKED_AT, Attrs.s(checkedAt.toString()));
        if (found == null) {
            u.remove(CONTINUITY_BREAK);
        } else {
            Map<String, AttributeValue> m = new HashMap<>();
            Attrs.put(m, "kind", found.kind());
            Attrs.put(m, "fromDate", found.fromDate());
            Attrs.put(m, "toDate", found.toDate());
            m.put("expectedMinor", Attrs.n(found.expectedMinor()));
            m.put("actualMinor", Attrs.n(found.actualMinor()));
            Attrs.put(m, "currency", found.currency());
            Attrs.put(m, "detail", found.detail());
            u.set(CONTINUITY_BREAK, AttributeValue.fromM(m));
        }
        ops.update(b -> {
            b.key(Attrs.key(Keys.account(accountCanonicalId), Keys.status(job)));
            u.applyTo(b);
        });
    }

    @Override
    public Optional<AccountStatus> status(String accountCanonicalId, String job) {
        return Optional.ofNullable(ops.get(Attrs.key(Keys.account(accountCanonicalId), Keys.status(job))))
                .map(DynamoStatusStore::fromItem);
    }

    @Override
    public List<AccountStatus> statuses(String connectionId) {
        return index.items(connectionId, Keys.GSI_STATUS_PREFIX).stream()
                .map(DynamoStatusStore::fromItem)
                .sorted(Comparator.comparing(AccountStatus::accountCanonicalId).thenComparing(AccountStatus::job))
                .toList();
    }

    private static BalanceContinuity.Break continuityBreak(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(CONTINUITY_BREAK);
        if (v == null || !v.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = v.m();
        return new BalanceContinuity.Break(
                Attrs.enumOrNull(m, "kind", BalanceContinuity.Kind.class),
                Attrs.date(m, "fromDate"),
                Attrs.date(m, "toDate"),
                Attrs.num(m, "expectedMinor"),
                Attrs.num(m, "actualMinor"),
                Attrs.str(m, "currency"),
                Attrs.str(m, "detail"));
    }

    private static AccountStatus fromItem(Map<String, AttributeValue> item) {
        Boolean needsReauth = Attrs.boolOrNull(item, "needsReauth");
        return new AccountStatus(
                Attrs.str(item, "accountCanonicalId"),
                Attrs.str(item, "connectionId"),
                Attrs.str(item, "job"),
                Attrs.instant(item, "lastSuccessAt"),
                Attrs.instant(item, "lastAttemptAt"),
                Attrs.enumOrNull(item, "lastErrorClass", ErrorClass.class),
                Attrs.str(item, "lastErrorMessage"),
                needsReauth != null && needsReauth,
                Attrs.str(item, "lastRunId"),
                Attrs.instant(item, CONTINUITY_CHECKED_AT),
                continuityBreak(item));
    }
}
