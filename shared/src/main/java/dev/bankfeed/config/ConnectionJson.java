package dev.bankfeed.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates connection JSON: a file {@code {"connections":[...]}} or one connection object (a
 * Secrets Manager secret). Fields every connection has: {@code id, provider, baseUrl}, optional
 * {@code maxConcurrency}; the provider's module reads its own credentials ({@link CredentialsReader}). Unknown
 * fields are ignored. {@code baseUrl} must be https, or http on a loopback address. Errors name the connection
 * and the field and never quote a value.
 */
public final class ConnectionJson {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ConnectionJson() {
    }

    /** Every connection of a connections file; ids must be unique. */
    public static List<Connection> parseFile(String json) {
        JsonNode root = parse(json, "connections file");
        JsonNode list = root.get("connections");
        if (!root.isObject() || list == null || !list.isArray()) {
            throw new ConnectionConfigException("connections file: expected an object with a 'connections' array");
        }
        List<Connection> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode node : list) {
            index++;
            Connection c = fromNode(node, null, "connection #" + index);
            if (!ids.add(c.id())) {
                throw new ConnectionConfigException("connection '" + c.id() + "': id is used by another connection");
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    /**
     * One connection object, as a Secrets Manager secret holds it.
     *
     * @param defaultId the id when the object has none (the secret's name without the prefix)
     */
    public static Connection parseConnection(String json, String defaultId) {
        String who = "connection '" + defaultId + "'";
        return fromNode(parse(json, who), defaultId, who);
    }

    private static JsonNode parse(String json, String who) {
        try {
            JsonNode n = json == null ? null : BankJson.mapper().readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new ConnectionConfigException(who + ": empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the text near the error, which may be a credential: position only.
            JsonLocation at = e.getLocation();
            throw new ConnectionConfigException(who + ": not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    private static Connection fromNode(JsonNode node, String defaultId, String position) {
        if (!node.isObject()) {
            throw new ConnectionConfigException(position + ": expected a JSON object");
        }
        String id = new ConnectionFields(node, position).text("id", false);
        if (id == null) {
            id = defaultId;
        }
        if (id == null) {
            throw new ConnectionConfigException(position + ": field 'id' is required");
        }
        if (!ConnectionIds.isValid(id)) {
            throw new ConnectionConfigException(position + ": field 'id' must be " + ConnectionIds.RULE);
        }
        String who = "connection '" + id + "'";
        ConnectionFields fields = new ConnectionFields(node, who);
        String providerName = fields.text("provider", true).trim().toLowerCase(Locale.ROOT);
        CredentialsReader reader = CredentialsReaders.find(providerName).orElseThrow(() -> fields.error(
                "field 'provider' must be " + CredentialsReaders.describeIds()));
        URI baseUrl = baseUrl(fields.text("baseUrl", true), who);
        return new Connection(id, Provider.of(reader.providerId()), baseUrl, reader.read(fields),
                maxConcurrency(fields));
    }

    /** Optional: how many units of this connection may run at once (its bank's own politeness limit). */
    private static Integer maxConcurrency(ConnectionFields fields) {
        JsonNode n = fields.raw("maxConcurrency");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 100) {
            throw fields.error("field 'maxConcurrency' must be a whole number from 1 to 100");
        }
        return n.asInt();
    }

    private static URI baseUrl(String value, String who) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConnectionConfigException(who + ": field 'baseUrl' is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new ConnectionConfigException(who + ": field 'baseUrl' must be an absolute URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConnectionConfigException(who + ": field 'baseUrl' must not carry user info, a query or a"
                    + " fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()))) {
            return uri;
        }
        throw new ConnectionConfigException(who + ": field 'baseUrl' must use https (plain http only for"
                + " localhost, 127.0.0.0/8 or ::1)");
    }

    /** Loopback by its literal form only: a host name other than localhost is never resolved here. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false;
        }
        try {
            // A literal address is parsed, not looked up.
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
