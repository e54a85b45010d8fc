package dev.bankfeed.store;

import dev.bankfeed.provider.ErrorClass;
import java.time.Instant;

/**
 * The health of one account for one job ("accounts", "balances", "transactions"): last success, last
 * attempt, and the class and message of the last error (null after a success). {@code needsReauth} is
 * the flag a person acts on when a bank consent expired.
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
        String lastRunId) {
}
