package dev.bankfeed.provider;

import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ConnectionFields;
import dev.bankfeed.config.ProviderCredentials;
import dev.bankfeed.model.Provider;
import dev.bankfeed.normalize.ProviderNormalizer;
import dev.bankfeed.provider.http.ErrorDialect;
import dev.bankfeed.provider.http.HttpExecutor;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link ProviderModule} made of its parts: a provider's module extends this with a public no-argument
 * constructor (as {@link java.util.ServiceLoader} needs) that passes its own parts.
 */
public abstract class ModuleParts implements ProviderModule {

    private final Provider provider;
    private final Function<ConnectionFields, ProviderCredentials> credentials;
    private final ErrorDialect dialect;
    private final BiFunction<Connection, HttpExecutor, ProviderClient> clients;
    private final ProviderNormalizer normalizer;
    private final int defaultMaxConcurrency;
    private final boolean booksPendingUnderNewId;

    /** See {@link ProviderModule} for what each part means. */
    protected ModuleParts(Provider provider, Function<ConnectionFields, ProviderCredentials> credentials,
            ErrorDialect dialect, BiFunction<Connection, HttpExecutor, ProviderClient> clients,
            ProviderNormalizer normalizer, int defaultMaxConcurrency, boolean booksPendingUnderNewId) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        if (defaultMaxConcurrency < 1) {
            throw new IllegalArgumentException("defaultMaxConcurrency must be at least 1");
        }
        this.defaultMaxConcurrency = defaultMaxConcurrency;
        this.booksPendingUnderNewId = booksPendingUnderNewId;
    }

    @Override
    public final String providerId() {
        return provider.id();
    }

    @Override
    public final Provider provider() {
        return provider;
    }

    @Override
    public final ProviderCredentials read(ConnectionFields fields) {
        return credentials.apply(fields);
    }

    @Override
    public final ErrorDialect errorDialect() {
        return dialect;
    }

    @Override
    public final ProviderClient client(Connection connection, HttpExecutor http) {
        return clients.apply(connection, http);
    }

    @Override
    public final ProviderNormalizer normalizer() {
        return normalizer;
    }

    @Override
    public final int defaultMaxConcurrency() {
        return defaultMaxConcurrency;
    }

    @Override
    public final boolean booksPendingUnderNewId() {
        return booksPendingUnderNewId;
    }
}
