package dev.bankfeed.provider;

import java.time.LocalDate;

/**
 * Where a transaction walk starts. {@code from} is the oldest booking date wanted (watermark minus the
 * lookback window, or today minus the backfill depth on a first run). {@code resumeState} is the
 * {@link TransactionPage#resumeState()} saved after the last durable page of an unfinished walk, or null
 * to start a new walk; a resumed walk keeps the window it was started with.
 */
public record WalkRequest(LocalDate from, String resumeState, int pageSize) {

    public WalkRequest {
        if (from == null) {
            throw new IllegalArgumentException("from is required");
        }
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
    }
}
