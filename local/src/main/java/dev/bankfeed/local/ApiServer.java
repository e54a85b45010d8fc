package dev.bankfeed.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bankfeed.normalize.BankJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The child-JVM side of `start-api`: serves template.yaml's HttpApi routes on loopback. Each request becomes
 * an API Gateway HTTP API payload 2.0 event for the route's function, whose handler is built once with its
 * no-argument constructor, as in a warm Lambda container. IAM authorization is not enforced locally (nor is
 * it by `sam local start-api`). Arguments: template file, host, port.
 */
public final class ApiServer {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final ObjectMapper mapper = BankJson.mapper();
    private final Map<String, Mounted> routes = new LinkedHashMap<>();

    private record Mounted(SamTemplate.Route route, SamTemplate.Function function, RequestStreamHandler handler) {
    }

    private ApiServer(SamTemplate template) throws ReflectiveOperationException {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        for (SamTemplate.Route route : template.routes()) {
            SamTemplate.Function f = template.function(route.functionLogicalId()).orElseThrow();
            RequestStreamHandler h = handlers.get(f.logicalId());
            if (h == null) {
                h = (RequestStreamHandler) Class.forName(f.handlerClass()).getDeclaredConstructor().newInstance();
                handlers.put(f.logicalId(), h);
            }
            routes.put(route.method() + " " + route.path(), new Mounted(route, f, h));
        }
    }

    public static void main(String[] args) throws Exception {
        SamTemplate template = SamTemplate.read(Path.of(args[0]));
        ApiServer api = new ApiServer(template);
        HttpServer server = HttpServer.create(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 0);
        // One request at a time, like one Lambda container per function.
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", api::serve);
        server.start();
        for (Mounted m : api.routes.values()) {
            System.err.printf("Mounted %s -> %s (%s)%n", m.route().method() + " " + m.route().path(),
                    m.function().logicalId(), m.function().handlerClass());
        }
        System.err.printf("Running on http://%s:%d/ (CTRL+C to quit)%n", args[1],
                server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            Mounted m = routes.get(method + " " + path);
            if (m == null) {
                send(exchange, 404, Map.of("content-type", "application/json"),
                        "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode event = event(exchange, m, path, body);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                m.handler().handleRequest(new ByteArrayInputStream(mapper.writeValueAsBytes(event)), out,
                        new LocalContext(m.function().logicalId(), Duration.ofSeconds(m.function().timeoutSeconds()),
                                m.function().memoryMb()));
            } catch (RuntimeException e) {
                send(exchange, 502, Map.of("content-type", "application/json"),
                        "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                System.err.println("start-api: " + m.function().logicalId() + " failed: " + e);
                return;
            }
            JsonNode response = mapper.readTree(out.toByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            String text = response.path("body").asText("");
            send(exchange, response.path("statusCode").asInt(200), headers,
                    response.path("isBase64Encoded").asBoolean(false)
                            ? java.util.Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8));
            System.err.printf("%s %s -> %d%n", method, exchange.getRequestURI(), response.path("statusCode").asInt());
        }
    }

    private ObjectNode event(HttpExchange exchange, Mounted m, String path, byte[] body) {
        ObjectNode e = mapper.createObjectNode();
        String routeKey = m.route().method() + " " + m.route().path();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", path);
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
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

    static List<String> args(Path template, String host, int port) {
        return List.of(template.toString(), host, Integer.toString(port));
    }
}
