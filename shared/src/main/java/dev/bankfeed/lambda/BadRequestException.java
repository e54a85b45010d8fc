package dev.bankfeed.lambda;

/** Invalid input to an HTTP route; becomes a 400 problem response naming the field. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final int status;

    public BadRequestException(String field, String detail) {
        this(400, field, detail);
    }

    public BadRequestException(int status, String field, String detail) {
        super(detail);
        this.field = field;
        this.status = status;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
