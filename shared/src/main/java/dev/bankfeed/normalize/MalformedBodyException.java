package dev.bankfeed.normalize;

/** A provider body that is not the documented envelope at all (for example no {@code items} array). */
public final class MalformedBodyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedBodyException(String message) {
        super(message);
    }
}
