package dev.bankfeed.store.dynamo;

/**
 * DynamoDB did not take a write or read even after bounded retries (throttling, unprocessed batch items,
 * transaction conflicts). Nothing the caller depends on moved: treat it as transient.
 */
public final class DynamoStoreException extends dev.bankfeed.store.StoreUnavailableException {

    private static final long serialVersionUID = 1L;

    public DynamoStoreException(String message) {
        super(message, null);
    }

    public DynamoStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
