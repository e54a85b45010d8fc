package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * `start-api`'s server: template.yaml's HttpApi routes on loopback. Each request becomes an API Gateway HTTP API
 * payload 2.0 event for the route's function, which runs in its {@link LambdaContainer} (Lambda's runtime
 * interface client in a JVM of its own, kept warm between requests like a Lambda execution environment). A
 * function error answers 502, as API Gateway does. IAM authorization is not enforced locally (nor is it by
 * `sam local start-api`).
 */
final class ApiServer implements AutoCloseable {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final ObjectMapper mapper = BankJson.mapper();
    private final Map<String, Mounted> routes = new LinkedHashMap<>();
    private final Map<String, LambdaContainer> containers = new LinkedHashMap<>();
    private final PrintStream log;
    private HttpServer server;

    private record Mounted(SamTemplate.Route route, SamTemplate.Function function, LambdaContainer container) {
    }

    /** Mounts every route; {@code environments} holds each function's environment by logical id. */
    ApiServer(SamTemplate template, Map<String, Map<String, String>> environments, PrintStream log)
            throws IOException {
        this.log = log;
        for (SamTemplate.Route route : template.routes()) {
            SamTemplate.Function f = template.function(route.functionLogicalId()).orElseThrow();
            LambdaContainer container = containers.get(f.logicalId());
            if (container == null) {
                container = new LambdaContainer(f, environments.get(f.logicalId()), log);
                containers.put(f.logicalId(), container);
            }
            routes.put(route.method() + " " + route.path(), new Mounted(route, f, container));
        }
    }

    /** Starts serving; answers the address it listens on. */
    InetSocketAddress start(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        // Requests to different functions run side by side; each container takes one at a time, like Lambda's.
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
        for (Mounted m : routes.values()) {
            log.printf("Mounted %s -> %s (%s)%n", m.route().method() + " " + m.route().path(),
                    m.function().logicalId(), m.function().handler());
        }
        return server.getAddress();
    }

    /** Ends every function's JVM at once: for shutdown hooks. */
    void kill() {
        containers.values().forEach(LambdaContainer::kill);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        containers.values().forEach(LambdaContainer::close);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            Mounted m = match(method, path);
            if (m == null) {
                send(exchange, 404, Map.of("content-type", "application/json"),
                        "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode event = event(exchange, m, path, body);
            LambdaContainer.Outcome outcome;
            try {
                outcome = m.container().invoke(mapper.writeValueAsBytes(event));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            RuntimeApi.Result result = outcome.result();
            if (result.error()) {
                send(exchange, 502, Map.of("content-type", "application/json"),
                        "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                log.printf("%s %s -> 502: %s failed: %s%n", method, exchange.getRequestURI(),
                        m.function().logicalId(), InvokeCommand.describe(result));
                return;
            }
            JsonNode response = mapper.readTree(result.body());
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            String text = response.path("body").asText("");
            send(exchange, response.path("statusCode").asInt(200), headers,
                    response.path("isBase64Encoded").asBoolean(false)
                            ? java.util.Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8));
            log.printf("%s %s -> %d (%s, %d ms%s)%n", method, exchange.getRequestURI(),
                    response.path("statusCode").asInt(200), m.function().logicalId(), outcome.duration().toMillis(),
                    outcome.coldStart() ? ", cold start" : "");
        }
    }

    /** The route for a request, as API Gateway picks it: an exact path first, else a {variable} segment match. */
    private Mounted match(String method, String path) {
        Mounted exact = routes.get(method + " " + path);
        if (exact != null) {
            return exact;
        }
        for (Mounted m : routes.values()) {
            if (m.route().method().equals(method) && pathParameters(m.route().path(), path) != null) {
                return m;
            }
        }
        return null;
    }

    /** The values of a route's {variable} segments in {@code path}; null when the path is not the route's. */
    static Map<String, String> pathParameters(String route, String path) {
        String[] want = route.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}") && !got[i].isEmpty()) {
                values.put(want[i].substring(1, want[i].length() - 1), decode(got[i]));
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return values;
    }

    private ObjectNode event(HttpExchange exchange, Mounted m, String path, byte[] body) {
        ObjectNode e = mapper.createObjectNode();
        String routeKey = m.route().method() + " " + m.route().path();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", path);
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        Map<String, String> pathParameters = pathParameters(m.route().path(), path);
        if (pathParameters != null && !pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        ObjectNode headers = e.putObject("headers");
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                q.put(k, q.has(k) ? q.get(k).asText() + "," + v : v);
            }
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "local");
        ctx.put("domainName", exchange.getLocalAddress().getHostString());
        ObjectNode http = ctx.putObject("http");
        http.put("method", m.route().method());
        http.put("path", path);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", exchange.getRequestHeaders().getFirst("user-agent"));
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        ctx.put("time", REQUEST_TIME.format(now));
        ctx.put("timeEpoch", now.toInstant().toEpochMilli());
        if (body.length > 0) {
            e.put("body", new String(body, StandardCharsets.UTF_8));
        }
        e.put("isBase64Encoded", false);
        return e;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

}
