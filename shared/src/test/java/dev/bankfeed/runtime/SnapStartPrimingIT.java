package dev.bankfeed.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.HandlerPriming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Priming sends nothing: its clients' endpoint is a server that counts every connection and request. */
class SnapStartPrimingIT {

    /** The handlers' own paths, as the functions register them. */
    private static final Callable<?> HANDLER_PATHS = HandlerPriming::handlerPaths;

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void prime_pointedAtACountingServer_sendsItNothing(JobKind kind) throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

            SnapStartPriming.Report report = new SnapStartPriming(kind, endpoint, HANDLER_PATHS).prime();

            assertThat(report.failed()).isEmpty();
            assertThat(report.sdkCalls()).as("calls the SDK marshalled and answered locally").isPositive();
            assertThat(requests).as("requests that reached the endpoint").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void prime_pointedAtARawSocket_opensNoConnection(JobKind kind) throws Exception {
        // A bare socket sees a connection even if no HTTP request follows it.
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(300);
            URI endpoint = URI.create("http://127.0.0.1:" + socket.getLocalPort());

            SnapStartPriming.Report report = new SnapStartPriming(kind, endpoint, HANDLER_PATHS).prime();

            assertThat(report.failed()).isEmpty();
            assertThat(accepted(socket)).as("a connection to the endpoint").isFalse();
        }
    }

    private static boolean accepted(ServerSocket socket) throws IOException {
        try (Socket s = socket.accept()) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }
}
