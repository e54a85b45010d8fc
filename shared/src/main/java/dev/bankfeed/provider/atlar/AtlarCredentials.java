package dev.bankfeed.provider.atlar;

import dev.bankfeed.config.ConnectionFields;
import dev.bankfeed.config.ProviderCredentials;
import dev.bankfeed.config.Secret;
import dev.bankfeed.provider.http.Redactor;
import java.util.List;
import java.util.Objects;

/** An Atlar connection's API key pair: {@code accessKey} and {@code secret}, sent as HTTP Basic for a token. */
public record AtlarCredentials(String accessKey, Secret secret) implements ProviderCredentials {

    public AtlarCredentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secret, "secret");
    }

    static AtlarCredentials read(ConnectionFields fields) {
        return new AtlarCredentials(fields.credential("accessKey", true), fields.secret("secret", true));
    }

    /** The HTTP Basic credential of the token request. */
    String basic() {
        return Redactor.basic(accessKey, secret.reveal());
    }

    /** The key pair and its Basic form (an echoed Authorization header); the access key is masked too. */
    @Override
    public List<String> secrets() {
        return List.of(secret.reveal(), accessKey, basic());
    }

    @Override
    public String toString() {
        return "AtlarCredentials[****]";
    }
}
