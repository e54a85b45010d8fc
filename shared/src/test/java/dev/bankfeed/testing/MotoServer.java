package dev.bankfeed.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code moto_server} (AWS API emulator) this test JVM starts on a free loopback port and stops afterwards,
 * together with any process it spawned. Tests skip when the executable is not on the PATH.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The {@code moto_server} executable on the PATH, if any. */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Skips the calling test class when moto_server is absent, unless BANKFEED_REQUIRE_MOTO=1 (as in CI),
     * where its absence fails the test instead: coverage must never vanish silently.
     */
    public static void assumeAvailable() {
        boolean present = executable().isPresent();
        if (!present && "1".equals(System.getenv("BANKFEED_REQUIRE_MOTO"))) {
            throw new IllegalStateException("moto_server is not on the PATH and BANKFEED_REQUIRE_MOTO=1");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present,
                "moto_server is not on the PATH: install moto[server] to run the AWS endpoint tests");
    }

    /** Starts moto_server and waits until it answers HTTP. */
    public static MotoServer start() throws IOException, InterruptedException {
        Path exe = executable().orElseThrow(() -> new IllegalStateException("moto_server is not on the PATH"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("moto-server-" + port + ".log");
        Process p = new ProcessBuilder(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MotoServer server = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitUp(Duration.ofSeconds(90));
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitUp(Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited with " + process.exitValue() + " (see target/moto-server-*.log)");
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("moto_server did not answer within " + limit.toSeconds() + " s");
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        ProcessTree.destroy(process, 10);
    }
}
