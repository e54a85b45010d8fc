package dev.bankfeed.store;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.provider.ErrorClass;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Per-account, per-job sync status. */
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
}
