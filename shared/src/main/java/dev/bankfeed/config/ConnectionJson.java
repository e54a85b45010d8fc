package dev.bankfeed.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import dev.bankfeed.normalize.BankJson;
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
 * Secrets Manager secret). Field names: {@code id, provider, baseUrl}; Atlar {@code accessKey, secret}; Atoa
 * {@code secretKey} and {@code accountAuthId} and/or {@code accountIds}; Finqware {@code clientId, consentId}
 * and exactly one of {@code clientSecret}/{@code bearerToken}, optional {@code refreshData}. Unknown fields are
 * ignored. Credentials must be printable ASCII without spaces. {@code baseUrl} must be https, or http on a loopback address. Errors name the connection and the
 * field and never quote a value.
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
        String id = text(node, "id", position, false);
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
        String providerName = text(node, "provider", who, true);
        Provider provider;
        try {
            provider = Provider.fromId(providerName);
        } catch (IllegalArgumentException e) {
            throw new ConnectionConfigException(who + ": field 'provider' must be atlar, atoa or finqware");
        }
        URI baseUrl = baseUrl(text(node, "baseUrl", who, true), who);
        Connection c = switch (provider) {
            case ATLAR -> new Connection(id, provider, baseUrl, credential(node, "accessKey", who, true),
                    secret(node, "secret", who, true), null, null, null, null, null, List.of(), null, false);
            case ATOA -> atoa(node, id, baseUrl, who);
            case FINQWARE -> finqware(node, id, baseUrl, who);
        };
        return c.withMaxConcurrency(maxConcurrency(node, who));
    }

    /** Optional: how many units of this connection may run at once (its bank's own politeness limit). */
    private static Integer maxConcurrency(JsonNode node, String who) {
        JsonNode n = node.get("maxConcurrency");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 100) {
            throw new ConnectionConfigException(who + ": field 'maxConcurrency' must be a whole number from 1 to 100");
        }
        return n.asInt();
    }

    private static Connection atoa(JsonNode node, String id, URI baseUrl, String who) {
        Secret key = secret(node, "secretKey", who, true);
        String authId = text(node, "accountAuthId", who, false);
        List<String> accountIds = new ArrayList<>();
        JsonNode ids = node.get("accountIds");
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new ConnectionConfigException(who + ": field 'accountIds' must be an array of strings");
            }
            for (JsonNode v : ids) {
                if (!v.isTextual() || v.asText().isBlank() || hasControl(v.asText())) {
                    throw new ConnectionConfigException(who + ": field 'accountIds' must hold non-empty strings");
                }
                accountIds.add(v.asText());
            }
        }
        if (authId == null && accountIds.isEmpty()) {
            throw new ConnectionConfigException(who + ": field 'accountAuthId' or 'accountIds' is required");
        }
        return new Connection(id, Provider.ATOA, baseUrl, null, null, key, null, null, null, authId, accountIds,
                null, false);
    }

    private static Connection finqware(JsonNode node, String id, URI baseUrl, String who) {
        String clientId = text(node, "clientId", who, true);
        String consentId = text(node, "consentId", who, true);
        Secret clientSecret = secret(node, "clientSecret", who, false);
        Secret bearer = secret(node, "bearerToken", who, false);
        if ((clientSecret == null) == (bearer == null)) {
            throw new ConnectionConfigException(who + ": exactly one of fields 'clientSecret' (test mode) and"
                    + " 'bearerToken' (OAuth mode) is required");
        }
        JsonNode refresh = node.get("refreshData");
        if (refresh != null && !refresh.isNull() && !refresh.isBoolean()) {
            throw new ConnectionConfigException(who + ": field 'refreshData' must be true or false");
        }
        return new Connection(id, Provider.FINQWARE, baseUrl, null, null, null, clientId, clientSecret, bearer, null,
                List.of(), consentId, refresh != null && refresh.asBoolean(false));
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

    private static Secret secret(JsonNode node, String field, String who, boolean required) {
        return Secret.of(credential(node, field, who, required));
    }

    /**
     * A credential goes into an HTTP header or a Basic-auth pair: a pasted zero-width space, typographic quote
     * or accent would make the JDK refuse the header with a message quoting it, so it is refused here, where
     * the error can name the field without the value.
     */
    private static String credential(JsonNode node, String field, String who, boolean required) {
        String v = text(node, field, who, required);
        if (v != null && !v.chars().allMatch(ch -> ch > ' ' && ch < 127)) {
            throw new ConnectionConfigException(who + ": field '" + field + "' must hold printable ASCII characters"
                    + " only, without spaces (check for a pasted invisible character or typographic quote)");
        }
        return v;
    }

    private static String text(JsonNode node, String field, String who, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ConnectionConfigException(who + ": field '" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ConnectionConfigException(who + ": field '" + field + "' must be a string");
        }
        if (v.asText().isBlank()) {
            throw new ConnectionConfigException(who + ": field '" + field + "' must not be empty");
        }
        if (hasControl(v.asText())) {
            // Typically a pasted newline; it would break the HTTP header the value goes into.
            throw new ConnectionConfigException(who + ": field '" + field + "' contains control characters");
        }
        return v.asText();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
