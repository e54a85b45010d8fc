package dev.bankfeed.sandbox;

import java.util.List;

/**
 * One sandbox connection with its fake, seed-derived credentials: what {@link ProviderSandbox#connectionsJson()}
 * writes, as an object. Fields that do not apply to the provider are null. {@code toString()} hides credentials.
 *
 * @param accessKey Atlar access key (with {@code secret})
 * @param secretKey Atoa secret key, sent as {@code Authorization: Bearer}
 * @param accountAuthId Atoa consent id; {@code accountIds} are its accounts (all providers list their account ids)
 * @param clientId Finqware client id (with {@code clientSecret} in the body, or {@code bearerToken} in OAuth mode)
 * @param consentId Finqware consent id
 */
public record SandboxConnection(
        String id,
        SandboxProvider provider,
        String baseUrl,
        String accessKey,
        String secret,
        String secretKey,
        String accountAuthId,
        String clientId,
        String clientSecret,
        String bearerToken,
        String consentId,
        List<String> accountIds) {

    public SandboxConnection {
        accountIds = List.copyOf(accountIds);
    }

    @Override
    public String toString() {
        return "SandboxConnection{id=" + id + ", provider=" + provider.id() + ", baseUrl=" + baseUrl
                + ", accounts=" + accountIds.size() + "}";
    }
}
