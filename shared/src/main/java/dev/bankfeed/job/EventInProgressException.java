package dev.bankfeed.job;

/**
 * The triggering event is being handled by another invocation whose claim has not expired. Thrown, not answered:
 * the invocation then fails, so Lambda retries the event later (and, if the other run died, the retry runs it
 * once its claim has expired) instead of counting it as handled.
 */
public final class EventInProgressException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EventInProgressException(String eventKey) {
        super("event " + eventKey + " is being handled by another invocation");
    }
}
