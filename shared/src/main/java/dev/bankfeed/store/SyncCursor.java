package dev.bankfeed.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Where an account's transaction sync stands. {@code watermark} is the newest booking date covered by
 * the last complete walk (null before the first). {@code resumeState} is non-null while a walk is
 * unfinished: the provider-specific state that resumes right after the last durable page, and
 * {@code walkFrom} the oldest date that walk asked for. {@code walkNewest} is the newest booking date
 * seen so far in the unfinished walk; it becomes the watermark when the walk completes, unless
 * {@code rejectedInWalk}: a walk that had to reject a record keeps the old watermark, so the record's dates are
 * read again (and the account's status keeps saying so) until the record normalizes.
 */
public record SyncCursor(LocalDate watermark, String resumeState, LocalDate walkFrom, LocalDate walkNewest,
        boolean rejectedInWalk, Instant updatedAt) {

    public boolean walkInProgress() {
        return resumeState != null;
    }
}
