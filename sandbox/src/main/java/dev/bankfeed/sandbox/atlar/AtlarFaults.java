package dev.bankfeed.sandbox.atlar;

import dev.bankfeed.sandbox.ProviderFaults;
import java.util.concurrent.atomic.AtomicLong;

/** Atlar's fault knobs: the common ones plus token expiry. */
public final class AtlarFaults extends ProviderFaults {

    private final AtomicLong tokenGeneration = new AtomicLong();

    AtlarFaults() {
        super(AtlarSandbox.ID);
    }

    /**
     * Expires every access token issued so far, as if their TTL had run out: the next request that carries one
     * gets 401, and the client must fetch a new token and retry.
     */
    public void expireTokens() {
        tokenGeneration.incrementAndGet();
    }

    long tokenGeneration() {
        return tokenGeneration.get();
    }
}
