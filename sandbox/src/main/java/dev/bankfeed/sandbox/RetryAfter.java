package dev.bankfeed.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Retry-After} header a throttled response carries: delta-seconds ({@code Retry-After: 2}), an
 * HTTP-date ({@code Retry-After: Wed, 21 Oct 2015 07:28:00 GMT}) or none at all.
 */
public final class RetryAfter {

    private enum Form { SECONDS, HTTP_DATE, NONE }

    private final Form form;
    private final Duration delay;

    private RetryAfter(Form form, Duration delay) {
        this.form = form;
        this.delay = delay;
    }

    /** {@code Retry-After: <seconds>}. */
    public static RetryAfter seconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("seconds must not be negative");
        }
        return new RetryAfter(Form.SECONDS, Duration.ofSeconds(seconds));
    }

    /** {@code Retry-After: <HTTP-date>} that lies {@code fromNow} after the sandbox clock's now (rounded up to a second). */
    public static RetryAfter httpDate(Duration fromNow) {
        if (fromNow.isNegative()) {
            throw new IllegalArgumentException("fromNow must not be negative");
        }
        return new RetryAfter(Form.HTTP_DATE, fromNow);
    }

    /** No Retry-After header (what Atlar documents). */
    public static RetryAfter none() {
        return new RetryAfter(Form.NONE, Duration.ZERO);
    }

    /** The header value, or null for {@link #none()}. */
    String headerValue(Clock clock) {
        return switch (form) {
            case SECONDS -> Long.toString(delay.toSeconds());
            case HTTP_DATE -> {
                // An HTTP-date has whole seconds: round up so the client never retries early.
                long millis = clock.millis() + delay.toMillis();
                long seconds = Math.floorDiv(millis + 999, 1000);
                yield DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC));
            }
            case NONE -> null;
        };
    }

    @Override
    public String toString() {
        return "RetryAfter{" + form + (form == Form.NONE ? "" : " " + delay) + "}";
    }
}
