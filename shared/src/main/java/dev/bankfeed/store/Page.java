package dev.bankfeed.store;

import java.util.List;

/**
 * One page of a paged read: its items, the store position to continue after them ({@code next}, opaque to
 * callers; null when a finite listing has ended) and whether more items were already known to follow.
 */
public record Page<T>(List<T> items, String next, boolean more) {
}
