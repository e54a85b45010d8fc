package dev.bankfeed.sandbox;

/**
 * How Atlar list pages are sized. Atlar warns that a page may hold fewer items than {@code limit} while more
 * pages follow; the sandbox does that on purpose so that clients which stop on a short page fail in tests.
 */
public enum ShortPages {
    /** Every page but the last is full. */
    NEVER,
    /** About one page in three is short (1 to limit-1 items) while {@code nextToken} is not empty. Default. */
    SOMETIMES,
    /** Like {@link #SOMETIMES}, and about one page in ten is empty while {@code nextToken} is not empty. */
    WITH_EMPTY
}
