package dev.bankfeed.local;

/** Wrong command-line arguments; the message is one line fit for standard error. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
