package dev.bankfeed.job;

/** A request named a connection or account that is not configured: a client error, not a provider failure. */
public final class UnknownTargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public UnknownTargetException(String field, String value) {
        super("no " + field + " '" + value + "' is configured");
        this.field = field;
    }

    /** The request field that named it ("connection", "account"). */
    public String field() {
        return field;
    }
}
