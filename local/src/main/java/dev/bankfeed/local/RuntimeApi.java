package dev.bankfeed.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of Lambda's Runtime API (version 2018-06-01) that a runtime's bootstrap talks to, on loopback: the
 * Runtime Interface Client long-polls {@code GET /2018-06-01/runtime/invocation/next} for an event and posts
 * the answer to {@code .../invocation/{id}/response} or {@code .../error}, or an init failure to
 * {@code /2018-06-01/runtime/init/error}. One instance serves one function's container.
 */
final class RuntimeApi implements AutoCloseable {

    static final String NEXT = "/2018-06-01/runtime/invocation/next";
    static final String INVOCATION = "/2018-06-01/runtime/invocation/";
    static final String INIT_ERROR = "/2018-06-01/runtime/init/error";
    static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    static final String DEADLINE_MS = "Lambda-Runtime-Deadline-Ms";
    static final String FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle holds the body until the
        // client's delayed ACK, about 40 ms per exchange. The JDK reads this once, when its first server starts.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    /**
     * How one invocation ended: the function's response, or an error whose body is the JSON Lambda returns
     * to the caller ({@code errorMessage}, {@code errorType}, ...) and whose type is the runtime's
     * {@code Lambda-Runtime-Function-Error-Type} (e.g. Runtime.UserException) or the platform's.
     */
    record Result(String requestId, boolean error, String errorType, byte[] body) {

        static Result response(String requestId, byte[] body) {
            return new Result(requestId, false, null, body);
        }

        static Result error(String requestId, String errorType, byte[] body) {
            return new Result(requestId, true, errorType, body);
        }

        /** An error the platform raises itself (timeout, runtime exit), in the shape Lambda answers with. */
        static Result platformError(String requestId, String errorType, String message) {
            ObjectNode json = BankJson.mapper().createObjectNode().put("errorType", errorType)
                    .put("errorMessage", "RequestId: " + requestId + " Error: " + message);
            return error(requestId, errorType, json.toString().getBytes(StandardCharsets.UTF_8));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An event waiting for, or being handled by, the runtime. */
    static final class Invocation {
        final String requestId = UUID.randomUUID().toString();
        final byte[] event;
        final Duration timeout;
        /** Completes with the deadline (epoch ms) when the runtime takes the event. */
        final CompletableFuture<Long> taken = new CompletableFuture<>();
        final CompletableFuture<Result> result = new CompletableFuture<>();

        private Invocation(byte[] event, Duration timeout) {
            this.event = event;
            this.timeout = timeout;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final Clock clock;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    /** How many `next` requests wait for an event; also the monitor that {@link #awaitIdle} waits on. */
    private final AtomicInteger polling = new AtomicInteger();

    private RuntimeApi(HttpServer server, String functionArn, Clock clock) {
        this.server = server;
        this.functionArn = functionArn;
        this.clock = clock;
        // `next` blocks its thread until an event comes; posts must still be served meanwhile.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/2018-06-01/runtime/", this::serve);
        server.start();
    }

    /** Starts the API on a free loopback port for the function with this ARN. */
    static RuntimeApi start(String functionArn, Clock clock) throws IOException {
        return new RuntimeApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16),
                functionArn, clock);
    }

    /** What AWS_LAMBDA_RUNTIME_API must hold for a runtime to reach this API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event for the runtime's next {@code next}; the deadline runs from when the runtime takes it. */
    Invocation submit(byte[] event, Duration timeout) {
        Invocation invocation = new Invocation(event, timeout);
        queue.add(invocation);
        return invocation;
    }

    /**
     * Waits until the runtime asks for its next event, which it does once it has finished the last one, its
     * logging included; false when {@code limit} passes first.
     */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        synchronized (polling) {
            while (polling.get() == 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(polling, left);
            }
            return true;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && NEXT.equals(path)) {
                next(exchange);
            } else if ("POST".equals(method) && INIT_ERROR.equals(path)) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String type = exchange.getRequestHeaders().getFirst(ERROR_TYPE);
                // An on-demand init runs for the invocation that started the container: that one gets the error.
                for (Invocation i : inFlight.values()) {
                    complete(i, Result.error(i.requestId, type, body));
                }
                Invocation queued;
                while ((queued = queue.poll()) != null) {
                    queued.result.complete(Result.error(queued.requestId, type, body));
                }
                answer(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("POST".equals(method) && path.startsWith(INVOCATION)) {
                post(exchange, path.substring(INVOCATION.length()));
            } else {
                answer(exchange, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"no such runtime API path\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        synchronized (polling) {
            polling.incrementAndGet();
            polling.notifyAll();
        }
        try {
            invocation = queue.take();
        } catch (InterruptedException e) {
            // The API is closing.
            Thread.currentThread().interrupt();
            return;
        } finally {
            polling.decrementAndGet();
        }
        long deadline = clock.millis() + invocation.timeout.toMillis();
        inFlight.put(invocation.requestId, invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set(REQUEST_ID, invocation.requestId);
        headers.set(DEADLINE_MS, Long.toString(deadline));
        headers.set(FUNCTION_ARN, functionArn);
        // Always sent, as Lambda does; the client's native part is not written to do without it.
        headers.set(TRACE_ID, traceId(clock.millis() / 1000));
        invocation.taken.complete(deadline);
        exchange.sendResponseHeaders(200, invocation.event.length == 0 ? -1 : invocation.event.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(invocation.event);
        }
    }

    private void post(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String kind = slash < 0 ? "" : rest.substring(slash + 1);
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = inFlight.get(id);
        if (invocation == null || !("response".equals(kind) || "error".equals(kind))) {
            answer(exchange, 400, "{\"errorType\":\"InvalidRequestID\",\"errorMessage\":\"Invalid request ID\"}");
            return;
        }
        complete(invocation, "response".equals(kind) ? Result.response(id, body)
                : Result.error(id, exchange.getRequestHeaders().getFirst(ERROR_TYPE), body));
        answer(exchange, 202, "{\"status\":\"OK\"}");
    }

    private void complete(Invocation invocation, Result result) {
        inFlight.remove(invocation.requestId);
        invocation.result.complete(result);
    }

    /** An X-Ray trace header as Lambda sends it: a root id whose first part is the epoch second, not sampled. */
    static String traceId(long epochSecond) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        return "Root=1-" + Long.toHexString(epochSecond) + "-" + hex.formatHex(root) + ";Parent="
                + hex.formatHex(parent) + ";Sampled=0";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
