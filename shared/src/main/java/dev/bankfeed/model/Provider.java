package dev.bankfeed.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bank-data provider, by its lower-case id as used in canonical ids, stored items, connection files and the
 * command line. Only a value: what a provider is and does lives in its module
 * ({@code dev.bankfeed.provider.ProviderModules}).
 */
public record Provider(String id) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*");

    public Provider {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a provider id is lower-case letters and digits, got '" + id + "'");
        }
    }

    /** The provider named {@code id}, trimmed and case-insensitively (ids are stored lower-case). */
    public static Provider of(String id) {
        return new Provider(id == null ? "" : id.trim().toLowerCase(Locale.ROOT));
    }

    /** The id, as messages and logs show a provider. */
    @Override
    public String toString() {
        return id;
    }
}
