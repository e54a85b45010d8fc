package dev.bankfeed.config;

/**
 * A connection configuration that cannot be used. The message names the connection and the field, never the
 * value of a credential.
 */
public class ConnectionConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectionConfigException(String message) {
        super(message);
    }
}
