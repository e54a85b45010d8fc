package dev.bankfeed.config;

import java.util.List;

/**
 * What one provider needs to reach a connection's data beyond its base URL: its credentials and scope, as its
 * module reads them from the connection JSON. Implementations are records in the provider's own package; their
 * {@code toString()} must not print a secret.
 */
public interface ProviderCredentials {

    /**
     * Every value that must never reach a log, an error or a status: each secret as configured, and each form
     * the client sends it in (an HTTP Basic pair, for instance). The redactor masks exactly these.
     */
    List<String> secrets();

    /**
     * The same credentials without options that make the provider do work for us on the side (a data-refresh
     * job); a connection check uses them so that it reads without side effects.
     */
    default ProviderCredentials withoutSideEffects() {
        return this;
    }
}
