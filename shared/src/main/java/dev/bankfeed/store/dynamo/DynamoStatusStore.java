package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.ConnectionStatus;
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
 * Statuses as items {@code ACCT#<account> / STATUS#<job>} and, per connection, {@code CONN#<connectionId> / STATUS},
 * written with UpdateItem so that {@code lastSuccessAt} survives failures; both are in the connection's
 * byConnection partition under {@code STATUS#}, so one query finds a connection's statuses.
 */
final class DynamoStatusStore implements StatusStore {

    /** Longer messages are cut: a status is a signal for a person, not a log. */
    static final int MAX_MESSAGE_LENGTH = 1000;
    private static final String CONTINUITY_CHECKED_AT = "continuityCheckedAt";
    /** A map: kind, fromDate, toDate, expectedMinor, actualMinor, currency, detail. */
    private static final String CONTINUITY_BREAK = "continuityBreak";
    private static final String ACCOUNT_KIND = "STATUS";
    private static final String CONNECTION_KIND = "CONNECTION_STATUS";
    /** On a connection status: when a job first tried to list its accounts (never moved afterwards). */
    private static final String FIRST_ATTEMPT_AT = "firstAttemptAt";

    private final DynamoOps ops;
    private final ConnectionIndex index;

    DynamoStatusStore(DynamoOps ops, ConnectionIndex index) {
        this.ops = ops;
        this.index = index;
    }

    @Override
    public void recordSuccess(String accountCanonicalId, String connectionId, String job, String runId, Instant at) {
        update(Attrs.key(Keys.account(accountCanonicalId), Keys.status(job)),
                succeeded(identity(accountCanonicalId, connectionId, job, runId, at), at));
    }

    @Override
    public void recordFailure(String accountCanonicalId, String connectionId, String job, String runId,
            ErrorClass errorClass, String message, Instant at) {
        update(Attrs.key(Keys.account(accountCanonicalId), Keys.status(job)),
                failed(identity(accountCanonicalId, connectionId, job, runId, at), errorClass, message));
    }

    @Override
    public void recordConnectionSuccess(String connectionId, String job, String runId, int accounts, Instant at) {
        update(connectionKey(connectionId),
                succeeded(connectionIdentity(connectionId, job, runId, at), at).set("accounts", Attrs.n(accounts)));
    }

    @Override
    public void recordConnectionFailure(String connectionId, String job, String runId, ErrorClass errorClass,
            String message, Instant at) {
        update(connectionKey(connectionId), failed(connectionIdentity(connectionId, job, runId, at), errorClass,
                message));
    }

    private void update(Map<String, AttributeValue> key, UpdateExpr u) {
        ops.update(b -> {
            b.key(key);
            u.applyTo(b);
        });
    }

    private static UpdateExpr succeeded(UpdateExpr u, Instant at) {
        return u.set("lastSuccessAt", Attrs.s(at.toString()))
                .set("needsReauth", Attrs.bool(false))
                .remove("lastErrorClass")
                .remove("lastErrorMessage");
    }

    private static UpdateExpr failed(UpdateExpr u, ErrorClass errorClass, String message) {
        String cut = message == null || message.length() <= MAX_MESSAGE_LENGTH
                ? message : message.substring(0, MAX_MESSAGE_LENGTH);
        return u.setOrRemove("lastErrorClass", errorClass == null ? null : errorClass.name())
                .setOrRemove("lastErrorMessage", cut)
                .set("needsReauth", Attrs.bool(errorClass == ErrorClass.NEEDS_REAUTH));
    }

    private static UpdateExpr identity(String accountCanonicalId, String connectionId, String job, String runId,
            Instant at) {
        Objects.requireNonNull(connectionId, "connectionId");
        return attempt(ACCOUNT_KIND, connectionId, Keys.statusGsiSort(accountCanonicalId, job), runId, at)
                .set("accountCanonicalId", Attrs.s(accountCanonicalId))
                .set("job", Attrs.s(job));
    }

    private static UpdateExpr connectionIdentity(String connectionId, String job, String runId, Instant at) {
        return attempt(CONNECTION_KIND, connectionId, Keys.CONNECTION_STATUS_GSI_SORT, runId, at)
                .set("lastJob", Attrs.s(job))
                .setIfAbsent(FIRST_ATTEMPT_AT, Attrs.s(at.toString()));
    }

    /** What every status write sets: its kind, its byConnection entry and the attempt. */
    private static UpdateExpr attempt(String kind, String connectionId, String gsiSort, String runId, Instant at) {
        Objects.requireNonNull(at, "at");
        return new UpdateExpr()
                .set(Attrs.KIND, Attrs.s(kind))
                .set("connectionId", Attrs.s(connectionId))
                .set(BankfeedTable.GSI1_PK, Attrs.s(Keys.connection(connectionId)))
                .set(BankfeedTable.GSI1_SK, Attrs.s(gsiSort))
                .set("lastAttemptAt", Attrs.s(at.toString()))
                .setOrRemove("lastRunId", runId);
    }

    private static Map<String, AttributeValue> connectionKey(String connectionId) {
        return Attrs.key(Keys.connection(connectionId), Keys.CONNECTION_STATUS);
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
        // The prefix also finds the connection's own status (it sorts first); that one is not an account's.
        return index.items(connectionId, Keys.GSI_STATUS_PREFIX).stream()
                .filter(item -> !CONNECTION_KIND.equals(Attrs.str(item, Attrs.KIND)))
                .map(DynamoStatusStore::fromItem)
                .sorted(Comparator.comparing(AccountStatus::accountCanonicalId).thenComparing(AccountStatus::job))
                .toList();
    }

    @Override
    public Optional<ConnectionStatus> connectionStatus(String connectionId) {
        return Optional.ofNullable(ops.get(connectionKey(connectionId))).map(DynamoStatusStore::connectionFromItem);
    }

    private static ConnectionStatus connectionFromItem(Map<String, AttributeValue> item) {
        Long accounts = Attrs.num(item, "accounts");
        Health h = Health.of(item);
        return new ConnectionStatus(Attrs.str(item, "connectionId"), Attrs.str(item, "lastJob"), h.lastSuccessAt,
                h.lastAttemptAt, h.errorClass, h.message, h.needsReauth, accounts == null ? null : accounts.intValue(),
                h.runId, Attrs.instant(item, FIRST_ATTEMPT_AT));
    }

    private static AccountStatus fromItem(Map<String, AttributeValue> item) {
        Health h = Health.of(item);
        return new AccountStatus(Attrs.str(item, "accountCanonicalId"), Attrs.str(item, "connectionId"),
                Attrs.str(item, "job"), h.lastSuccessAt, h.lastAttemptAt, h.errorClass, h.message, h.needsReauth,
                h.runId, Attrs.instant(item, CONTINUITY_CHECKED_AT), continuityBreak(item));
    }

    /** The attributes every status item has, whose it is aside. */
    private record Health(Instant lastSuccessAt, Instant lastAttemptAt, ErrorClass errorClass, String message,
            boolean needsReauth, String runId) {

        static Health of(Map<String, AttributeValue> item) {
            return new Health(Attrs.instant(item, "lastSuccessAt"), Attrs.instant(item, "lastAttemptAt"),
                    Attrs.enumOrNull(item, "lastErrorClass", ErrorClass.class), Attrs.str(item, "lastErrorMessage"),
                    Boolean.TRUE.equals(Attrs.boolOrNull(item, "needsReauth")), Attrs.str(item, "lastRunId"));
        }
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
}
