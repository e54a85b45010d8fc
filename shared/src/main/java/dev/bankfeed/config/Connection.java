package dev.bankfeed.config;

import dev.bankfeed.model.Provider;
import java.net.URI;
import java.util.List;

/**
 * One configured bank connection: provider, base URL, credentials and scope. Credentials by provider:
 * Atlar {@code accessKey} + {@code secret}; Atoa {@code secretKey}; Finqware {@code clientId} plus
 * {@code clientSecret} (test mode) or {@code bearerToken} (OAuth mode). Scope: Atoa {@code accountAuthId}
 * and {@code accountIds}; Finqware {@code consentId}. {@code refreshData} asks Finqware for a data-refresh
 * job before listing. {@code maxConcurrency}: at most this many units of the connection at once (null: the
 * provider's default, see RunSettings). Base URLs must be https, except loopback addresses.
 */
public record Connection(
        String id,
        Provider provider,
        URI baseUrl,
        String accessKey,
        Secret secret,
        Secret secretKey,
        String clientId,
        Secret clientSecret,
        Secret bearerToken,
        String accountAuthId,
        List<String> accountIds,
        String consentId,
        boolean refreshData,
        Integer maxConcurrency) {

    public Connection {
        accountIds = accountIds == null ? List.of() : List.copyOf(accountIds);
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1");
        }
    }

    /** A connection with its provider's default concurrency. */
    public Connection(String id, Provider provider, URI baseUrl, String accessKey, Secret secret, Secret secretKey,
            String clientId, Secret clientSecret, Secret bearerToken, String accountAuthId, List<String> accountIds,
            String consentId, boolean refreshData) {
        this(id, provider, baseUrl, accessKey, secret, secretKey, clientId, clientSecret, bearerToken, accountAuthId,
                accountIds, consentId, refreshData, null);
    }

    /** The same connection with its own concurrency limit (null: the provider's default). */
    public Connection withMaxConcurrency(Integer limit) {
        return new Connection(id, provider, baseUrl, accessKey, secret, secretKey, clientId, clientSecret, bearerToken,
                accountAuthId, accountIds, consentId, refreshData, limit);
    }

    /** Id, provider and base URL only: the generated form would print {@code accessKey}. */
    @Override
    public String toString() {
        return "Connection[id=" + id + ", provider=" + (provider == null ? null : provider.id()) + ", baseUrl="
                + baseUrl + "]";
    }
}
