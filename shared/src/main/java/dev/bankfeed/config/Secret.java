package dev.bankfeed.config;

import java.util.Objects;

/** A credential value that never shows itself in {@code toString()}, logs or error messages. */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "secret value");
    }

    /** Wraps {@code value}; null gives null so that optional credentials stay optional. */
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The value itself: call only where it is sent to the provider. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
