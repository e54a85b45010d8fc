package dev.bankfeed.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.store.WriteCounts;
import java.time.Duration;

/**
 * What one run did for one account (or, with a null {@code accountId}, for a whole connection that failed
 * before its accounts were known). Its JSON names the {@link Status} and the {@link ErrorClass} (null when none).
 * Messages never carry secrets.
 * {@code retryAfterSeconds}: on a RATE_LIMITED failure, the wait the bank asked for, when it said.
 */
public record AccountOutcome(
        String connectionId,
        String provider,
        String accountId,
        Status status,
        long added,
        long changed,
        long unchanged,
        int pages,
        int rejected,
        ErrorClass errorClass,
        String message,
        long durationMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterSeconds) {

    /** Done: everything up to now is stored ({@code message} may say how, e.g. that the walk restarted). */
    public static AccountOutcome ok(String connectionId, String provider, String accountId, WriteCounts stored,
            int pages, int rejected, String message, long durationMillis) {
        return walked(connectionId, provider, accountId, true, stored, pages, rejected, message, durationMillis);
    }

    /** OK when the walk {@code complete}d, else STOPPED_AT_DEADLINE with what it stored so far. */
    public static AccountOutcome walked(String connectionId, String provider, String accountId, boolean complete,
            WriteCounts stored, int pages, int rejected, String message, long durationMillis) {
        return new AccountOutcome(connectionId, provider, accountId, complete ? Status.OK : Status.STOPPED_AT_DEADLINE,
                stored.added(), stored.changed(), stored.unchanged(), pages, rejected, null, message, durationMillis,
                null);
    }

    /** STOPPED_AT_DEADLINE before it began: nothing stored, the next run takes it. */
    public static AccountOutcome notStartedAtDeadline(String connectionId, String provider, String accountId,
            String message) {
        return nothingDone(connectionId, provider, accountId, Status.STOPPED_AT_DEADLINE, null, message, 0, null);
    }

    /** FAILED with nothing stored; {@code errorClass} null when the cause is not classified. */
    public static AccountOutcome failed(String connectionId, String provider, String accountId, ErrorClass errorClass,
            String message, long durationMillis) {
        return nothingDone(connectionId, provider, accountId, Status.FAILED, errorClass, message, durationMillis,
                null);
    }

    /** FAILED at the provider, with its class, message and (when it said) the wait it asked for. */
    public static AccountOutcome failed(String connectionId, String provider, String accountId, ProviderException e,
            long durationMillis) {
        return nothingDone(connectionId, provider, accountId, Status.FAILED, e.errorClass(), e.getMessage(),
                durationMillis, e.retryAfter().map(Duration::toSeconds).orElse(null));
    }

    /** LEASE_HELD: another run works on the account. */
    public static AccountOutcome leaseHeld(String connectionId, String provider, String accountId, String message,
            long durationMillis) {
        return nothingDone(connectionId, provider, accountId, Status.LEASE_HELD, null, message, durationMillis, null);
    }

    /** POSTPONED before it began; {@code errorClass} RATE_LIMITED when that is why, else null. */
    public static AccountOutcome postponed(String connectionId, String provider, String accountId,
            ErrorClass errorClass, String message) {
        return nothingDone(connectionId, provider, accountId, Status.POSTPONED, errorClass, message, 0, null);
    }

    /** This outcome as FAILED for rejected records (MALFORMED_RESPONSE); what it stored stays counted. */
    public AccountOutcome failedForRejections(String message) {
        return new AccountOutcome(connectionId, provider, accountId, Status.FAILED, added, changed, unchanged, pages,
                rejected, ErrorClass.MALFORMED_RESPONSE, message, durationMillis, null);
    }

    private static AccountOutcome nothingDone(String connectionId, String provider, String accountId, Status status,
            ErrorClass errorClass, String message, long durationMillis, Long retryAfterSeconds) {
        return new AccountOutcome(connectionId, provider, accountId, status, 0, 0, 0, 0, 0, errorClass, message,
                durationMillis, retryAfterSeconds);
    }

    /** What became of the account in this run; its name is the JSON value. */
    public enum Status {
        /** Done: everything up to now is stored. */
        OK,
        /** Failed; {@code errorClass} and {@code message} say why, and the account's status holds them. */
        FAILED,
        /** Another run works on it. */
        LEASE_HELD,
        /** State saved at the run's deadline; the next run resumes. */
        STOPPED_AT_DEADLINE,
        /** Not started: its connection was rate-limited or had no free slot in time; the next run takes it. */
        POSTPONED
    }
}
