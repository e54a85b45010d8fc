package dev.bankfeed.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One loopback HTTP server that plays every registered provider at once ({@link SandboxModules}: Atlar, Atoa
 * and Finqware, docs/providers.md), with deterministic data, ground truth for tests, runtime fault knobs and
 * per-path request counters.
 *
 * <pre>{@code
 * try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxConfig.defaults())) {
 *     String connections = sandbox.connectionsJson();   // point the clients at it
 *     sandbox.faults().of(AtlarFaults.class).throttleNext(2, RetryAfter.seconds(1));
 *     ...
 *     Expected truth = sandbox.expected();
 * }
 * }</pre>
 *
 * Paths: Atlar under {@code /iam/} and {@code /financial-data/}, Atoa under {@code /api/bank/}, Finqware under
 * {@code /v2/ais/}; every provider's base URL is {@link #baseUrl()}. Thread-safe.
 */
public final class ProviderSandbox implements AutoCloseable {

    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes a response's headers and body separately; without TCP_NODELAY, Nagle holds the
        // body until the client's delayed ACK (about 40 ms on Linux): every request would cost 40 ms. The JDK
        // reads the property once, when the JVM's first HttpServer starts; an explicit setting wins.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final SandboxConfig config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final World world;
    private final Faults faults;
    private final List<Route> routes;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong requestSeq = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String baseUrl;

    private ProviderSandbox(SandboxConfig config) throws IOException {
        this.config = config;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 64);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.world = new World(config, baseUrl);
        List<SandboxModule> modules = SandboxModules.all();
        this.faults = new Faults(modules);
        this.routes = modules.stream().map(m -> {
            ProviderFaults f = faults.of(m.id());
            return new Route(m.api(world, f), f);
        }).toList();
        AtomicInteger threadNo = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "provider-sandbox-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a sandbox on 127.0.0.1 ({@code config.port()}, 0 = a free port). */
    public static ProviderSandbox start(SandboxConfig config) {
        try {
            return new ProviderSandbox(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider sandbox on port " + config.port(), e);
        }
    }

    /** Starts a sandbox with {@link SandboxConfig#defaults()}. */
    public static ProviderSandbox start() {
        return start(SandboxConfig.defaults());
    }

    /** {@code http://127.0.0.1:PORT}, the base URL of all three providers. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SandboxConfig config() {
        return config;
    }

    /** The sandbox's current "today" (moves with {@link #advance()}). */
    public LocalDate today() {
        return world.snapshot().today();
    }

    /**
     * Every connection, by provider in {@link SandboxModules} order (Atlar first, then Atoa, then Finqware), each
     * numbered from 1 ({@code atlar-1}).
     */
    public List<SandboxConnection> connections() {
        return world.connections();
    }

    /** The connections of the provider with id {@code providerId} ({@code "atoa"}). */
    public List<SandboxConnection> connections(String providerId) {
        return world.connections(providerId);
    }

    public SandboxConnection connection(String id) {
        return world.connections().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no sandbox connection " + id));
    }

    /** The connection file that points at this sandbox: {@code {"connections":[...]}}, pretty-printed. */
    public String connectionsJson() {
        return new String(ConnectionsFile.write(world.connections()), StandardCharsets.UTF_8);
    }

    /** The ground truth now: accounts, latest balances and the transactions a correct sync has stored. */
    public Expected expected() {
        return GroundTruth.of(world);
    }

    public Faults faults() {
        return faults;
    }

    /** Moves the sandbox one day forward; see {@link #advance(int)}. */
    public void advance() {
        advance(1);
    }

    /**
     * Moves "today" forward by {@code days}. Each day, per account: every pending transaction resolves (two in
     * three book under a new id with the same amount, reference and counterparty, dated the new day; the third
     * vanishes), and {@link SandboxConfig#newTransactionsPerAdvance()} new transactions arrive: the first dated
     * two days back (a late booking), the last one pending, the others during the new day.
     */
    public void advance(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1");
        }
        world.advance(days);
    }

    /**
     * A new booked transaction on account {@code accountId} (a provider account id), dated {@code time} and
     * served from now on: data arriving in the middle of a walk. Returns its record id.
     */
    public String insertTransaction(String accountId, java.time.Instant time) {
        return world.insertBooked(world.account(accountId), time.toEpochMilli() - Math.floorMod(time.toEpochMilli(),
                World.SECOND));
    }

    /**
     * The newest pending transaction of account {@code accountId} vanishes without booking (a released hold):
     * data removed in the middle of a walk. Returns its record id, or null when the account has no pending one.
     */
    public String vanishPending(String accountId) {
        return world.vanishNewestPending(world.account(accountId));
    }

    /** Requests received whose path (without query) starts with {@code pathPrefix}; faulted ones included. */
    public long requestCount(String pathPrefix) {
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            if (e.getKey().startsWith(pathPrefix)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    /** All requests received. */
    public long requestCount() {
        return requestCount("");
    }

    public void resetRequestCounts() {
        counts.clear();
    }

    /** Stops the server at once: when this returns, the port no longer accepts connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // HttpServer.stop waits for its dispatcher thread to release the port; a pending interrupt would cut
        // that wait short and leave the port accepting for a moment, so hold the interrupt until we are done.
        boolean interrupted = Thread.interrupted();
        try {
            server.stop(0);
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One provider's API and its fault knobs. */
    private record Route(ProviderApi api, ProviderFaults faults) {
    }

    private Route route(String path) {
        for (Route r : routes) {
            if (r.api().serves(path)) {
                return r;
            }
        }
        return null;
    }

    /** A reply and how it leaves: whole, or cut off in the middle of its body. */
    private record Outgoing(Reply reply, boolean dropMidBody) {
    }

    /** Thrown out of the exchange on purpose: the JDK server then closes the connection without a word more. */
    private static final class ConnectionDropped extends RuntimeException {
        ConnectionDropped() {
            super("connection dropped mid-body by a sandbox fault", null, false, false);
        }
    }

    private void handle(HttpExchange exchange) {
        boolean dropped = false;
        try {
            String path = exchange.getRequestURI().getRawPath();
            counts.computeIfAbsent(path, p -> new LongAdder()).increment();
            Route route = route(path);
            String clientRequestId = exchange.getRequestHeaders().getFirst("x-request-id");
            String requestId = route != null && route.api().echoesClientRequestId() && clientRequestId != null
                    && !clientRequestId.isBlank()
                    ? clientRequestId
                    : Rng.uuid(Rng.of(config.seed(), Rng.TOKEN, -3, requestSeq.incrementAndGet()));
            Request req = Request.read(exchange, requestId);
            Outgoing out;
            if (route == null) {
                out = new Outgoing(Reply.json(404, "{\"message\":\"no provider serves this path\"}"
                        .getBytes(StandardCharsets.UTF_8)), false);
            } else {
                out = respond(route.api(), route.faults(), req);
                out = new Outgoing(out.reply().withHeader(route.api().requestIdHeader(), requestId),
                        out.dropMidBody());
                route.faults().served(req.path);
            }
            if (out.dropMidBody()) {
                dropped = true;
                sendHalf(exchange, out.reply());
                throw new ConnectionDropped();
            }
            send(exchange, out.reply());
        } catch (ConnectionDropped e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The client went away or the exchange broke: nothing more to send.
        } finally {
            if (!dropped) {
                exchange.close();
            }
        }
    }

    private Outgoing respond(ProviderApi api, ProviderFaults f, Request req) {
        sleep(config.latency().plus(f.currentDelay()));
        ProviderFaults.Armed fault = f.take(req.path, ProviderFaults.Kind.THROTTLE, ProviderFaults.Kind.SERVER_ERROR,
                ProviderFaults.Kind.HANG);
        if (fault != null && fault.kind == ProviderFaults.Kind.THROTTLE) {
            Reply r = api.error(req, 429, api.throttleCode(), "Too many requests: back off and retry");
            String retryAfter = fault.retryAfter.headerValue(config.clock());
            return new Outgoing(retryAfter == null ? r : r.withHeader("Retry-After", retryAfter), false);
        }
        if (fault != null && fault.kind == ProviderFaults.Kind.SERVER_ERROR) {
            return new Outgoing(api.error(req, fault.status, null, fault.status == 503
                    ? "Service unavailable" : "Internal server error"), false);
        }
        if (fault != null) {
            // A hung server: the client has given up by the time this answer goes out (to nobody).
            sleep(fault.hold);
        }
        Reply reply;
        try {
            reply = api.handle(req);
        } catch (RuntimeException e) {
            reply = api.error(req, 500, null, "Internal server error");
        }
        ProviderFaults.Armed body = f.take(req.path, ProviderFaults.Kind.MALFORMED, ProviderFaults.Kind.RESHAPED,
                ProviderFaults.Kind.DROP_MID_BODY);
        if (body == null) {
            return new Outgoing(reply, false);
        }
        return switch (body.kind) {
            case MALFORMED -> new Outgoing(reply.truncated(), false);
            case RESHAPED -> new Outgoing(reply.reshaped(), false);
            default -> new Outgoing(reply, true);
        };
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Headers with the whole body's length, then only half of the body. */
    private static void sendHalf(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), Math.max(2, reply.body().length));
        OutputStream out = exchange.getResponseBody();
        out.write(reply.body(), 0, reply.body().length / 2);
        out.flush();
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
