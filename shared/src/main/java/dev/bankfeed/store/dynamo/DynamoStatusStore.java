package dev.bankfeed.store.dynamo;

import dev.bankfeed.provider.ErrorClass;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.StatusStore;
import java.time.Instant;
import java.util.Comparator;
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
                Attrs.str(item, "lastRunId"));
    }
}
