package dev.bankfeed.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One provider's endpoints, made by its {@link SandboxModule}. Errors are written in the provider's own error
 * shape.
 */
public abstract class ProviderApi {

    /** A request the provider refuses; carries the reply to send. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Reply reply;

        Refusal(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    protected final World world;
    protected final SandboxConfig config;
    private final List<String> pathPrefixes;

    /** An API over {@code world} that serves the paths starting with one of {@code pathPrefixes}. */
    protected ProviderApi(World world, String... pathPrefixes) {
        this.world = world;
        this.config = world.config();
        this.pathPrefixes = List.of(pathPrefixes);
    }

    /** Whether this provider serves {@code path} (paths of different providers do not overlap). */
    final boolean serves(String path) {
        return pathPrefixes.stream().anyMatch(path::startsWith);
    }

    /** The response header that carries the request id. */
    protected String requestIdHeader() {
        return "x-request-id";
    }

    /**
     * Whether a request id the client sends ({@code x-request-id}) is echoed back as the response's request id
     * instead of a fresh one.
     */
    protected boolean echoesClientRequestId() {
        return false;
    }

    /** The error code of a throttled (429) reply, for providers whose errors carry one; null otherwise. */
    protected String throttleCode() {
        return null;
    }

    protected abstract Reply route(Request req);

    /** An error in the provider's shape; {@code code} is used by providers whose errors carry one. */
    protected abstract Reply error(Request req, int status, String code, String message);

    final Reply handle(Request req) {
        try {
            return route(req);
        } catch (Refusal r) {
            return r.reply;
        }
    }

    protected Refusal refuse(Request req, int status, String code, String message) {
        return new Refusal(error(req, status, code, message));
    }

    protected static String isoInstant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    protected static LocalDate utcDate(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** A bounded integer parameter; null gives {@code dflt}, anything else out of range is refused. */
    protected int intParam(Request req, String name, String value, Integer dflt, int min, int max, String code) {
        if (value == null || value.isEmpty()) {
            if (dflt == null) {
                throw refuse(req, 400, code, name + " is required");
            }
            return dflt;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refuse(req, 400, code, name + " must be an integer between " + min + " and " + max);
    }
}
