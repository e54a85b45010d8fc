package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.provider.ProviderClient;

/** Builds (or reuses) the client of one connection. */
@FunctionalInterface
public interface ProviderClientFactory {

    ProviderClient forConnection(Connection connection);
}
