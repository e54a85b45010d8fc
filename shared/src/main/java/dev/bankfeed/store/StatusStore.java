package dev.bankfeed.store;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.ErrorClass;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Per-account, per-job sync status, and per connection the status of listing its accounts. */
public interface StatusStore {

    void recordSuccess(String accountCanonicalId, String connectionId, String job, String runId, Instant at);

    /** {@code message} must already be free of secrets (ProviderException messages are). */
    void recordFailure(String accountCanonicalId, String connectionId, String job, String runId,
            ErrorClass errorClass, String message, Instant at);

    /**
     * Records a balance continuity check on the account's {@code job} status: {@code found} is the break it
     * found, or null when it passed, which clears an earlier break. Leaves every other field alone.
     */
    void recordContinuity(String accountCanonicalId, String job, Instant checkedAt, BalanceContinuity.Break found);

    Optional<AccountStatus> status(String accountCanonicalId, String job);

    /** Every status of a connection's accounts. */
    List<AccountStatus> statuses(String connectionId);

    /** {@code job} listed the connection's {@code accounts} accounts at the provider. */
    void recordConnectionSuccess(String connectionId, String job, String runId, int accounts, Instant at);

    /** {@code job} could not list the connection's accounts; {@code message} already free of secrets. */
    void recordConnectionFailure(String connectionId, String job, String runId, ErrorClass errorClass,
            String message, Instant at);

    /** The connection's own status; empty until a job has tried to list its accounts. */
    Optional<ConnectionStatus> connectionStatus(String connectionId);
}
