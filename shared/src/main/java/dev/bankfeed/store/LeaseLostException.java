package dev.bankfeed.store;

/** A conditional write failed because another run now holds the account's lease. */
public final class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
