package dev.bankfeed.config;

import dev.bankfeed.model.Provider;
import java.net.URI;
import java.util.Objects;

/**
 * One configured bank connection: what every connection has (id, provider, base URL, concurrency limit) and
 * its provider's own credentials and scope ({@link ProviderCredentials}, a record of the provider's package).
 * {@code maxConcurrency}: at most this many units of the connection at once (null: the provider's default, see
 * RunSettings). Base URLs must be https, except loopback addresses.
 */
public record Connection(String id, Provider provider, URI baseUrl, ProviderCredentials credentials,
        Integer maxConcurrency) {

    public Connection {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(credentials, "credentials");
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1");
        }
    }

    /** A connection with its provider's default concurrency. */
    public Connection(String id, Provider provider, URI baseUrl, ProviderCredentials credentials) {
        this(id, provider, baseUrl, credentials, null);
    }

    /** The same connection with its own concurrency limit (null: the provider's default). */
    public Connection withMaxConcurrency(Integer limit) {
        return new Connection(id, provider, baseUrl, credentials, limit);
    }

    /** The same connection with other credentials. */
    public Connection withCredentials(ProviderCredentials other) {
        return new Connection(id, provider, baseUrl, other, maxConcurrency);
    }

    /** The credentials as their provider's own type; a provider's client asks for its own. */
    public <T extends ProviderCredentials> T credentials(Class<T> type) {
        if (!type.isInstance(credentials)) {
            throw new IllegalArgumentException("connection '" + id + "' is a " + provider.id()
                    + " connection, not one this client serves");
        }
        return type.cast(credentials);
    }

    /** Id, provider and base URL only: the generated form would print the credentials. */
    @Override
    public String toString() {
        return "Connection[id=" + id + ", provider=" + provider.id() + ", baseUrl=" + baseUrl + "]";
    }
}
