package dev.bankfeed.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sandbox connection with its fake, seed-derived credentials: what {@link ProviderSandbox#connectionsJson()}
 * writes, as an object. {@code toString()} hides credentials.
 *
 * @param provider the provider id ({@link SandboxModule#id()})
 * @param credentials the provider's credential fields by name, as its module made them
 * @param accountIds the connection's accounts (every provider lists them)
 */
public record SandboxConnection(
        String id,
        String provider,
        String baseUrl,
        Map<String, String> credentials,
        List<String> accountIds) {

    public SandboxConnection {
        credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
        accountIds = List.copyOf(accountIds);
    }

    /** The credential field {@code name}, or null when the provider has none of that name. */
    public String credential(String name) {
        return credentials.get(name);
    }

    // Shorthands for the credential fields tests use most (Atlar, Atoa, Finqware); a provider's other fields
    // are read with credential(name).

    /** Atlar's access key (with {@link #secret()}). */
    public String accessKey() {
        return credential("accessKey");
    }

    public String secret() {
        return credential("secret");
    }

    /** Atoa's secret key, sent as {@code Authorization: Bearer}. */
    public String secretKey() {
        return credential("secretKey");
    }

    /** Atoa's consent id; {@link #accountIds()} are its accounts. */
    public String accountAuthId() {
        return credential("accountAuthId");
    }

    /** Finqware's client id (with {@link #clientSecret()} in the body, or {@link #bearerToken()} in OAuth mode). */
    public String clientId() {
        return credential("clientId");
    }

    public String clientSecret() {
        return credential("clientSecret");
    }

    public String bearerToken() {
        return credential("bearerToken");
    }

    /** Finqware's consent id. */
    public String consentId() {
        return credential("consentId");
    }

    @Override
    public String toString() {
        return "SandboxConnection{id=" + id + ", provider=" + provider + ", baseUrl=" + baseUrl
                + ", accounts=" + accountIds.size() + "}";
    }
}
