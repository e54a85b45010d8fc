package dev.bankfeed.provider;

import java.util.Optional;
import dev.bankfeed.provider.http.ProviderException;

/** A lazy walk over one account's transaction pages; not thread-safe. */
public interface TransactionWalk {

    /**
     * The next page, or empty once the walk is complete.
     *
     * @throws ProviderException when the page cannot be fetched within the deadline
     */
    Optional<TransactionPage> next();
}
