package dev.bankfeed.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.config.ConnectionIds;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decodes the events our functions accept: an API Gateway HTTP API payload 2.0 request, an EventBridge
 * Scheduler invocation (the input template.yaml sets), an EventBridge rule's "Scheduled Event", or an
 * empty object (a manual invoke). HTTP input is validated strictly: an unknown or malformed parameter is a
 * 400 naming the field.
 */
public final class TriggerParser {

    private static final Set<String> PARAMETERS = Set.of("connection", "account", "from", "to");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9:._-]{1,256}");
    private static final int MAX_WINDOW_DAYS = 3660;

    private TriggerParser() {
    }

    /** True when {@code event} is an HTTP API payload 2.0 request. */
    public static boolean isHttp(JsonNode event) {
        return event.isObject() && event.path("requestContext").has("http");
    }

    /**
     * Decodes one event.
     *
     * @param today the current UTC date, to refuse windows in the future
     * @throws BadRequestException for an HTTP request with invalid input
     * @throws IllegalArgumentException for an event of no shape we accept
     */
    public static Trigger parse(JsonNode event, LocalDate today) {
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("the event must be a JSON object");
        }
        if (isHttp(event)) {
            return parseHttp(event, today);
        }
        if (event.has("detail-type")) {
            // An EventBridge rule delivers the same event id on a duplicate delivery.
            return new Trigger(false, "eventbridge#" + text(event, "id"), text(event, "id"), null, null, null, null);
        }
        if (event.has("scheduleArn") || event.has("scheduledTime")) {
            String key = "scheduler#" + text(event, "scheduleArn") + "#" + text(event, "scheduledTime");
            return new Trigger(false, key, event.path("executionId").asText(null),
                    optional(event, "connection", ConnectionIds::isValid),
                    optional(event, "account", ACCOUNT.asMatchPredicate()), null, null);
        }
        if (event.isEmpty()) {
            return new Trigger(false, null, null, null, null, null, null);
        }
        throw new IllegalArgumentException("unrecognized event: expected an HTTP API 2.0 request, an EventBridge "
                + "Scheduler input with scheduleArn and scheduledTime, a Scheduled Event, or {}");
    }

    private static Trigger parseHttp(JsonNode event, LocalDate today) {
        String method = event.path("requestContext").path("http").path("method").asText("");
        if (!"POST".equalsIgnoreCase(method)) {
            throw new BadRequestException(405, "method", "use POST to run a job (got " + method + ")");
        }
        Map<String, String> params = new LinkedHashMap<>();
        collect(event.path("queryStringParameters"), params, "query parameter");
        JsonNode body = body(event);
        if (body != null) {
            collect(body, params, "body field");
        }
        String connection = params.get("connection");
        if (connection != null && !ConnectionIds.isValid(connection)) {
            throw new BadRequestException("connection", "must be " + ConnectionIds.RULE);
        }
        String account = params.get("account");
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            throw new BadRequestException("account", "must be 1-256 letters, digits, ':', '.', '_' or '-'");
        }
        LocalDate from = date(params, "from");
        LocalDate to = date(params, "to");
        if (to != null && from == null) {
            throw new BadRequestException("from", "is required when 'to' is given");
        }
        if (from != null && from.isAfter(today)) {
            throw new BadRequestException("from", "must not be in the future");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new BadRequestException("to", "must not be before 'from'");
        }
        if (from != null && from.plusDays(MAX_WINDOW_DAYS).isBefore(to == null ? today : to)) {
            throw new BadRequestException("from", "the window may span at most " + MAX_WINDOW_DAYS + " days");
        }
        String requestId = event.path("requestContext").path("requestId").asText(null);
        return new Trigger(true, null, requestId, connection, account, from, to);
    }

    private static JsonNode body(JsonNode event) {
        JsonNode raw = event.get("body");
        if (raw == null || raw.isNull() || raw.asText().isBlank()) {
            return null;
        }
        String text = raw.asText();
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("body", "is not valid base64");
            }
        }
        try {
            JsonNode parsed = BankJson.mapper().readTree(text);
            if (parsed == null || !parsed.isObject()) {
                throw new BadRequestException("body", "must be a JSON object");
            }
            return parsed;
        } catch (IOException e) {
            throw new BadRequestException("body", "is not valid JSON");
        }
    }

    private static void collect(JsonNode source, Map<String, String> into, String what) {
        if (source == null || source.isMissingNode() || source.isNull()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!PARAMETERS.contains(f.getKey())) {
                throw new BadRequestException(f.getKey(), "unknown " + what + " (allowed: connection, account, "
                        + "from, to)");
            }
            if (!f.getValue().isTextual()) {
                throw new BadRequestException(f.getKey(), "must be a string");
            }
            String previous = into.put(f.getKey(), f.getValue().asText());
            if (previous != null && !previous.equals(f.getValue().asText())) {
                throw new BadRequestException(f.getKey(), "given twice with different values");
            }
        }
    }

    /** The date {@code field} of {@code params} (null when absent); anything but YYYY-MM-DD is a 400 naming it. */
    static LocalDate date(Map<String, String> params, String field) {
        String value = params.get(field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "must be a date YYYY-MM-DD");
        }
    }

    private static String text(JsonNode event, String field) {
        JsonNode v = event.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("scheduled event without '" + field + "'");
        }
        return v.asText();
    }

    private static String optional(JsonNode event, String field, Predicate<String> valid) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !valid.test(v.asText())) {
            throw new IllegalArgumentException("scheduled event field '" + field + "' is malformed");
        }
        return v.asText();
    }
}
