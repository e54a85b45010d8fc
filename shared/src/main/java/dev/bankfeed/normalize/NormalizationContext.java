package dev.bankfeed.normalize;

import java.time.Instant;

/**
 * What a provider body does not say about itself: the account it belongs to (Atoa's balance and
 * transaction bodies carry no account id) and when it was fetched (Atoa's balance has no timestamp).
 * {@code accountId} may be null where every record names its own account.
 */
public record NormalizationContext(String accountId, Instant fetchedAt) {

    public NormalizationContext {
        if (fetchedAt == null) {
            throw new IllegalArgumentException("fetchedAt is required");
        }
    }

    /** A context with no account id, fetched now. */
    public static NormalizationContext now() {
        return new NormalizationContext(null, Instant.now());
    }
}
