package dev.bankfeed.store;

import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.ErrorClass;
import java.time.Instant;

/**
 * The health of one account for one job ("accounts", "balances", "transactions"): last success, last
 * attempt, and the class and message of the last error (null after a success). {@code needsReauth} is
 * the flag a person acts on when a bank consent expired. On the "balances" status, {@code continuityCheckedAt} is
 * the last balance continuity check and {@code continuityBreak} what it found wrong (null when it passed).
 */
public record AccountStatus(
        String accountCanonicalId,
        String connectionId,
        String job,
        Instant lastSuccessAt,
        Instant lastAttemptAt,
        ErrorClass lastErrorClass,
        String lastErrorMessage,
        boolean needsReauth,
        String lastRunId,
        Instant continuityCheckedAt,
        BalanceContinuity.Break continuityBreak) {

    /** A status without a continuity check. */
    public AccountStatus(String accountCanonicalId, String connectionId, String job, Instant lastSuccessAt,
            Instant lastAttemptAt, ErrorClass lastErrorClass, String lastErrorMessage, boolean needsReauth,
            String lastRunId) {
        this(accountCanonicalId, connectionId, job, lastSuccessAt, lastAttemptAt, lastErrorClass, lastErrorMessage,
                needsReauth, lastRunId, null, null);
    }
}
