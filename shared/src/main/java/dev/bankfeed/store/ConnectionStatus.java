package dev.bankfeed.store;

import dev.bankfeed.model.ErrorClass;
import java.time.Instant;

/**
 * The health of one connection: the outcome of the last listing of its accounts at the provider, by whichever job
 * listed them ({@code lastJob}). It exists even when no account is known, so a consent that fails before the
 * first account is listed still shows; {@code accounts} is how many the last successful listing returned, and
 * {@code firstAttemptAt} when a job first tried to list them (null on items written before it was kept), from which
 * a connection that never succeeded counts stale.
 */
public record ConnectionStatus(
        String connectionId,
        String lastJob,
        Instant lastSuccessAt,
        Instant lastAttemptAt,
        ErrorClass lastErrorClass,
        String lastErrorMessage,
        boolean needsReauth,
        Integer accounts,
        String lastRunId,
        Instant firstAttemptAt) {
}
