package dev.bankfeed.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one run did for one account (or, with a null {@code accountId}, for a whole connection that failed
 * before its accounts were known). {@code status}: OK, FAILED, LEASE_HELD (another run works on it),
 * STOPPED_AT_DEADLINE (state saved; the next run resumes), POSTPONED (not started: its connection was
 * rate-limited or had no free slot in time; the next run takes it). Messages never carry secrets.
 * {@code retryAfterSeconds}: on a RATE_LIMITED failure, the wait the bank asked for, when it said.
 */
public record AccountOutcome(
        String connectionId,
        String provider,
        String accountId,
        String status,
        long added,
        long changed,
        long unchanged,
        int pages,
        int rejected,
        String errorClass,
        String message,
        long durationMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterSeconds) {

    /** An outcome without a provider-requested wait. */
    public AccountOutcome(String connectionId, String provider, String accountId, String status, long added,
            long changed, long unchanged, int pages, int rejected, String errorClass, String message,
            long durationMillis) {
        this(connectionId, provider, accountId, status, added, changed, unchanged, pages, rejected, errorClass,
                message, durationMillis, null);
    }

    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String LEASE_HELD = "LEASE_HELD";
    public static final String STOPPED_AT_DEADLINE = "STOPPED_AT_DEADLINE";
    public static final String POSTPONED = "POSTPONED";
}
