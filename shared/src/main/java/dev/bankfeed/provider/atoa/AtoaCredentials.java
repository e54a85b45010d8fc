package dev.bankfeed.provider.atoa;

import dev.bankfeed.config.ConnectionFields;
import dev.bankfeed.config.ProviderCredentials;
import dev.bankfeed.config.Secret;
import java.util.List;
import java.util.Objects;

/**
 * An Atoa connection: the {@code secretKey} (a Bearer token) and its scope, an {@code accountAuthId} (a bank
 * authorisation whose accounts are listed) and/or {@code accountIds}.
 */
public record AtoaCredentials(Secret secretKey, String accountAuthId, List<String> accountIds)
        implements ProviderCredentials {

    public AtoaCredentials {
        Objects.requireNonNull(secretKey, "secretKey");
        accountIds = accountIds == null ? List.of() : List.copyOf(accountIds);
    }

    static AtoaCredentials read(ConnectionFields fields) {
        Secret key = fields.secret("secretKey", true);
        String authId = fields.text("accountAuthId", false);
        List<String> accountIds = fields.texts("accountIds");
        if (authId == null && accountIds.isEmpty()) {
            throw fields.error("field 'accountAuthId' or 'accountIds' is required");
        }
        return new AtoaCredentials(key, authId, accountIds);
    }

    @Override
    public List<String> secrets() {
        return List.of(secretKey.reveal());
    }

    @Override
    public String toString() {
        return "AtoaCredentials[accountAuthId=" + accountAuthId + ", accountIds=" + accountIds.size() + "]";
    }
}
