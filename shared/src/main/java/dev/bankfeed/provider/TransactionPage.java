package dev.bankfeed.provider;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page of a transaction walk: the raw body (the transactions normalizer reads it) and the opaque
 * state that resumes the walk right after this page. {@code last} is true when the walk is complete,
 * and then {@code resumeState} is null. {@code restarted} is true on the first page of a walk that the
 * client restarted because the provider's data moved mid-walk (re-reading is harmless: upserts are idempotent).
 */
public record TransactionPage(JsonNode body, String resumeState, boolean last, boolean restarted, int pageIndex) {
}
