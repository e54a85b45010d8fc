package dev.bankfeed.provider.http;

import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ProviderCredentials;
import dev.bankfeed.model.AccountIdentifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Masks a connection's credential values (and the last few access tokens it was issued), and anything that
 * looks like an account number, in any text that may reach a log or an error message: a provider that echoes
 * a credential or an account back in an error body must not turn our logs into a leak.
 */
public final class Redactor {

    private static final int REMEMBERED_TOKENS = 4;

    /**
     * What is kept as it is (an ISO date: its 8 digits are no account), an IBAN, or a run of 8 or more digits
     * with single spaces or dashes between groups (account, card and sort code + account numbers). A sort code
     * alone (6 digits) is no secret and stays readable, as do status codes, counts and amounts.
     */
    private static final Pattern ACCOUNT_LIKE = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?!\\d)"
                    + "|\\b[A-Z]{2}\\d{2}[A-Z0-9]{10,30}\\b"
                    + "|(?<![0-9])\\d(?:[ -]?\\d){7,}(?![0-9])");

    private final List<String> fixed;
    private final Deque<String> tokens = new ArrayDeque<>();

    private Redactor(List<String> fixed) {
        this.fixed = List.copyOf(fixed);
    }

    /** Masks every secret the connection's credentials declare ({@link ProviderCredentials#secrets()}). */
    public static Redactor forConnection(Connection c) {
        return of(c.credentials().secrets().toArray(String[]::new));
    }

    /** A redactor for the given values only. */
    public static Redactor of(String... values) {
        return new Redactor(Stream.of(values).filter(v -> v != null && !v.isEmpty()).toList());
    }

    /** The base64 credential of an HTTP Basic {@code Authorization} header. */
    public static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a token issued at run time (an OAuth access token); the oldest is forgotten past a few. */
    public synchronized void remember(String token) {
        if (token == null || token.isEmpty()) {
            return;
        }
        tokens.addFirst(token);
        while (tokens.size() > REMEMBERED_TOKENS) {
            tokens.removeLast();
        }
    }

    /**
     * {@code text} with every known credential replaced by {@code ****}, then every account-like number masked
     * but its last four characters, as {@link AccountIdentifier#mask} does.
     */
    public synchronized String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : fixed) {
            out = out.replace(v, "****");
        }
        for (String v : tokens) {
            out = out.replace(v, "****");
        }
        return ACCOUNT_LIKE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) != null ? m.group() : AccountIdentifier.mask(m.group())));
    }
}
