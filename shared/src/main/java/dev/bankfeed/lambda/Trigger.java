package dev.bankfeed.lambda;

import java.time.LocalDate;

/**
 * What started a run, decoded from the Lambda event: a schedule (with the key that makes a duplicate
 * delivery a no-op) or an HTTP API request (with its optional connection, account and date window).
 */
public record Trigger(boolean http, String eventKey, String requestId, String connectionId, String accountId,
        LocalDate from, LocalDate to) {
}
