package dev.bankfeed.provider.http;

import dev.bankfeed.model.Provider;
import java.time.Duration;
import java.util.Optional;
import dev.bankfeed.model.ErrorClass;

/**
 * A failed provider call, classified. Carries provider, endpoint (path only, never a query string that
 * could hold a token), HTTP status (0 when no response) and the provider's request id; its message
 * never contains a token, key or secret.
 */
public class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Provider provider;
    private final ErrorClass errorClass;
    private final String endpoint;
    private final int httpStatus;
    private final String requestId;
    private final String providerCode;
    private final Duration retryAfter;

    public ProviderException(Provider provider, ErrorClass errorClass, String endpoint, int httpStatus,
            String requestId, String providerCode, String message, Throwable cause) {
        this(provider, errorClass, endpoint, httpStatus, requestId, providerCode, message, cause, null);
    }

    /** @param retryAfter how long the provider asked us to wait before calling again (Retry-After), or null */
    public ProviderException(Provider provider, ErrorClass errorClass, String endpoint, int httpStatus,
            String requestId, String providerCode, String message, Throwable cause, Duration retryAfter) {
        super(provider.id() + " " + endpoint + " failed (" + errorClass
                + (httpStatus > 0 ? ", HTTP " + httpStatus : "")
                + (providerCode != null ? ", code " + providerCode : "")
                + (requestId != null ? ", request id " + requestId : "")
                + "): " + message, cause);
        this.provider = provider;
        this.errorClass = errorClass;
        this.endpoint = endpoint;
        this.httpStatus = httpStatus;
        this.requestId = requestId;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
    }

    /** The wait the provider's last answer asked for (its Retry-After), when it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Provider provider() {
        return provider;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    public String endpoint() {
        return endpoint;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String requestId() {
        return requestId;
    }

    /** The provider's machine-readable error code ({@code consent_not_active}, {@code CONSENT_NOT_FOUND}), or null. */
    public String providerCode() {
        return providerCode;
    }
}
