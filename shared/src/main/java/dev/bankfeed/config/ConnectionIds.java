package dev.bankfeed.config;

import java.util.regex.Pattern;

/**
 * The one rule for a connection id, used wherever an id comes in (a connections file, a Secrets Manager
 * secret's name, a trigger's {@code connection} parameter), so that no way of naming a connection accepts an
 * id another refuses: 1 to {@value #MAX_LENGTH} printable ASCII characters without spaces. That is wide enough
 * for every Secrets Manager name ({@code / _ + = . @ -}) and keeps control and look-alike Unicode characters out
 * of logs, keys and messages.
 */
public final class ConnectionIds {

    public static final int MAX_LENGTH = 128;

    /** What {@link #isValid} accepts, in words, for error messages. */
    public static final String RULE = "1 to " + MAX_LENGTH + " printable ASCII characters without spaces";

    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    private ConnectionIds() {
    }

    /** True when {@code id} may name a connection. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
