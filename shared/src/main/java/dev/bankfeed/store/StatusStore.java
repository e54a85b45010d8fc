package dev.bankfeed.store;

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

    Optional<AccountStatus> status(String accountCanonicalId, String job);

    /** Every status of a connection's accounts. */
    List<AccountStatus> statuses(String connectionId);
}
