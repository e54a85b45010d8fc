package dev.bankfeed.provider;

import dev.bankfeed.config.Connection;
import dev.bankfeed.config.CredentialsReader;
import dev.bankfeed.model.Provider;
import dev.bankfeed.normalize.ProviderNormalizer;
import dev.bankfeed.provider.http.ErrorDialect;
import dev.bankfeed.provider.http.HttpExecutor;

/**
 * Everything Bankfeed knows about one provider, in the provider's own package: how its connection JSON reads
 * ({@link CredentialsReader}), its client, normalizer, error dialect and defaults. A module is registered once,
 * as a line in {@code META-INF/services/dev.bankfeed.config.CredentialsReader}, and found through
 * {@link ProviderModules}; {@link ModuleParts} builds one from its parts. Its SnapStart priming samples are resources beside its class:
 * {@code priming/accounts.json}, {@code priming/balances.json}, {@code priming/transactions.json} (the
 * account-less bodies written for the account {@code acc_001}).
 */
public interface ProviderModule extends CredentialsReader {

    /** The provider this module serves. */
    default Provider provider() {
        return new Provider(providerId());
    }

    /** How the provider writes its error bodies. */
    ErrorDialect errorDialect();

    /**
     * A client for {@code connection} (one of this provider's); {@code http} is built with
     * {@link #errorDialect()} and the connection's redactor.
     */
    ProviderClient client(Connection connection, HttpExecutor http);

    /** The provider's normalizer; stateless. */
    ProviderNormalizer normalizer();

    /** Units of one connection at once unless the connection or the environment says otherwise. */
    int defaultMaxConcurrency();

    /**
     * Whether a PENDING record books under a new id (pending and booked are separate resources), so that the
     * store pairs a booked record with its pending twin instead of matching ids.
     */
    boolean booksPendingUnderNewId();
}
