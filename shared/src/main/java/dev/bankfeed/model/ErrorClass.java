package dev.bankfeed.model;

/** How a provider failure should be treated, and what an account's status shows for it. */
public enum ErrorClass {
    /** I/O failure, timeout or 5xx: retried, then the account is retried on the next run. */
    TRANSIENT,
    /** 429 or a provider cooldown: retried after Retry-After, else left for the next run. */
    RATE_LIMITED,
    /** Consent expired or unknown, or credentials refused even after a fresh token: a person must act. */
    NEEDS_REAUTH,
    /** A request the provider will never accept as sent (4xx other than the above). */
    PERMANENT,
    /** A 2xx whose body is not the documented shape. */
    MALFORMED_RESPONSE
}
