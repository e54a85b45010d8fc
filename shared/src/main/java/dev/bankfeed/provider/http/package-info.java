/**
 * The HTTP resilience every provider client shares: {@link dev.bankfeed.provider.http.HttpExecutor} (timeouts,
 * retries with jittered backoff and Retry-After, deadline, classification) and its small helpers.
 */
package dev.bankfeed.provider.http;
