package dev.bankfeed.provider.finqware;

import dev.bankfeed.config.ConnectionFields;
import dev.bankfeed.config.ProviderCredentials;
import dev.bankfeed.config.Secret;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A Finqware connection: {@code clientId} and {@code consentId}, with exactly one of {@code clientSecret} (test
 * mode) and {@code bearerToken} (OAuth mode); {@code refreshData} asks for a data-refresh job before listing.
 */
public record FinqwareCredentials(String clientId, String consentId, Secret clientSecret, Secret bearerToken,
        boolean refreshData) implements ProviderCredentials {

    public FinqwareCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(consentId, "consentId");
        if ((clientSecret == null) == (bearerToken == null)) {
            throw new IllegalArgumentException("exactly one of clientSecret and bearerToken");
        }
    }

    static FinqwareCredentials read(ConnectionFields fields) {
        String clientId = fields.text("clientId", true);
        String consentId = fields.text("consentId", true);
        Secret clientSecret = fields.secret("clientSecret", false);
        Secret bearer = fields.secret("bearerToken", false);
        if ((clientSecret == null) == (bearer == null)) {
            throw fields.error("exactly one of fields 'clientSecret' (test mode) and 'bearerToken' (OAuth mode)"
                    + " is required");
        }
        return new FinqwareCredentials(clientId, consentId, clientSecret, bearer, fields.flag("refreshData"));
    }

    @Override
    public List<String> secrets() {
        return Stream.of(clientSecret, bearerToken).filter(Objects::nonNull).map(Secret::reveal).toList();
    }

    /** A check must not start a data-refresh job: it counts against the consent's unattended calls. */
    @Override
    public FinqwareCredentials withoutSideEffects() {
        return new FinqwareCredentials(clientId, consentId, clientSecret, bearerToken, false);
    }

    @Override
    public String toString() {
        return "FinqwareCredentials[clientId=" + clientId + ", refreshData=" + refreshData + "]";
    }
}
