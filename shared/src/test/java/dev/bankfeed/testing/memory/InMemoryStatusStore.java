package dev.bankfeed.testing.memory;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.ConnectionStatus;
import dev.bankfeed.store.StatusStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link StatusStore} in memory: the last success survives a failure; a success clears the error. */
public final class InMemoryStatusStore implements StatusStore {

    private final Map<String, AccountStatus> accounts = new LinkedHashMap<>();
    private final Map<String, ConnectionStatus> connections = new LinkedHashMap<>();

    @Override
    public synchronized void recordSuccess(String accountCanonicalId, String connectionId, String job, String runId,
            Instant at) {
        AccountStatus old = accounts.get(key(accountCanonicalId, job));
        accounts.put(key(accountCanonicalId, job), new AccountStatus(accountCanonicalId, connectionId, job, at, at,
                null, null, false, runId, old == null ? null : old.continuityCheckedAt(),
                old == null ? null : old.continuityBreak()));
    }

    @Override
    public synchronized void recordFailure(String accountCanonicalId, String connectionId, String job, String runId,
            ErrorClass errorClass, String message, Instant at) {
        AccountStatus old = accounts.get(key(accountCanonicalId, job));
        accounts.put(key(accountCanonicalId, job), new AccountStatus(accountCanonicalId, connectionId, job,
                old == null ? null : old.lastSuccessAt(), at, errorClass, message,
                errorClass == ErrorClass.NEEDS_REAUTH, runId, old == null ? null : old.continuityCheckedAt(),
                old == null ? null : old.continuityBreak()));
    }

    @Override
    public synchronized void recordContinuity(String accountCanonicalId, String job, Instant checkedAt,
            BalanceContinuity.Break found) {
        AccountStatus o = accounts.get(key(accountCanonicalId, job));
        accounts.put(key(accountCanonicalId, job), o == null
                ? new AccountStatus(accountCanonicalId, null, job, null, null, null, null, false, null, checkedAt,
                        found)
                : new AccountStatus(o.accountCanonicalId(), o.connectionId(), job, o.lastSuccessAt(),
                        o.lastAttemptAt(), o.lastErrorClass(), o.lastErrorMessage(), o.needsReauth(), o.lastRunId(),
                        checkedAt, found));
    }

    @Override
    public synchronized Optional<AccountStatus> status(String accountCanonicalId, String job) {
        return Optional.ofNullable(accounts.get(key(accountCanonicalId, job)));
    }

    @Override
    public synchronized List<AccountStatus> statuses(String connectionId) {
        return accounts.values().stream().filter(s -> connectionId.equals(s.connectionId())).toList();
    }

    @Override
    public synchronized void recordConnectionSuccess(String connectionId, String job, String runId, int accountCount,
            Instant at) {
        ConnectionStatus old = connections.get(connectionId);
        connections.put(connectionId, new ConnectionStatus(connectionId, job, at, at, null, null, false,
                accountCount, runId, firstAttempt(old, at)));
    }

    @Override
    public synchronized void recordConnectionFailure(String connectionId, String job, String runId,
            ErrorClass errorClass, String message, Instant at) {
        ConnectionStatus old = connections.get(connectionId);
        connections.put(connectionId, new ConnectionStatus(connectionId, job, old == null ? null : old.lastSuccessAt(),
                at, errorClass, message, errorClass == ErrorClass.NEEDS_REAUTH, old == null ? null : old.accounts(),
                runId, firstAttempt(old, at)));
    }

    /** Written once, at the first attempt, never moved (as the DynamoDB store keeps it). */
    private static Instant firstAttempt(ConnectionStatus old, Instant at) {
        return old == null || old.firstAttemptAt() == null ? at : old.firstAttemptAt();
    }

    @Override
    public synchronized Optional<ConnectionStatus> connectionStatus(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    private static String key(String account, String job) {
        return account + "#" + job;
    }
}
