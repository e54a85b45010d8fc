package dev.bankfeed.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Where an account's transaction sync stands. {@code watermark} is the newest booking date covered by
 * the last complete walk (null before the first). {@code resumeState} is non-null while a walk is
 * unfinished: the provider-specific state that resumes right after the last durable page, and
 * {@code walkFrom} the oldest date that walk asked for. {@code walkNewest} is the newest booking date
 * seen so far in the unfinished walk; it becomes the watermark when the walk completes.
 */
public record SyncCursor(LocalDate watermark, String resumeState, LocalDate walkFrom, LocalDate walkNewest,
        Instant updatedAt) {

    public boolean walkInProgress() {
        return resumeState != null;
    }
}
