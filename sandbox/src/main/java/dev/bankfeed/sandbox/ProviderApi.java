package dev.bankfeed.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One provider's endpoints. Errors are written in the provider's own error shape. */
abstract class ProviderApi {

    /** A request the provider refuses; carries the reply to send. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Reply reply;

        Refusal(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    final World world;
    final SandboxConfig config;

    ProviderApi(World world) {
        this.world = world;
        this.config = world.config();
    }

    abstract SandboxProvider provider();

    /** The response header that carries the request id. */
    abstract String requestIdHeader();

    abstract Reply route(Request req);

    /** An error in the provider's shape; {@code code} is used by providers whose errors carry one. */
    abstract Reply error(Request req, int status, String code, String message);

    final Reply handle(Request req) {
        try {
            return route(req);
        } catch (Refusal r) {
            return r.reply;
        }
    }

    Refusal refuse(Request req, int status, String code, String message) {
        return new Refusal(error(req, status, code, message));
    }

    static String isoInstant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static LocalDate utcDate(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** A bounded integer parameter; null gives {@code dflt}, anything else out of range is refused. */
    int intParam(Request req, String name, String value, Integer dflt, int min, int max, String code) {
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
