package dev.bankfeed.config;

/**
 * Reads one provider's credentials from a connection object. Every provider module is one, and is registered
 * as one in {@code META-INF/services/dev.bankfeed.config.CredentialsReader}: the single registration of a
 * provider, read by {@link ConnectionJson} here and by the provider registry above, so that connection parsing
 * needs nothing from the provider packages.
 */
public interface CredentialsReader {

    /** The lower-case provider id that the connection's {@code provider} field names. */
    String providerId();

    /**
     * The credentials of one connection object; throws {@link ConnectionConfigException} naming the connection
     * and the field (never a value) when one is missing or malformed.
     */
    ProviderCredentials read(ConnectionFields fields);
}
