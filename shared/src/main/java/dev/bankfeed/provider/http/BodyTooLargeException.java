package dev.bankfeed.provider.http;

import java.io.IOException;

/** A response body longer than {@link ClientSettings#maxBodyBytes()}; its message is fixed and quotes no body. */
final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    BodyTooLargeException(int status, long limit) {
        super("body is larger than the " + limit + "-byte limit");
        this.status = status;
    }

    int status() {
        return status;
    }
}
