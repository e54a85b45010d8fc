package dev.bankfeed.store;

/** The store did not take a read or write even after its bounded retries: transient, nothing half-moved. */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
