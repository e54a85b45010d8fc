package dev.bankfeed.sandbox.aws;

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
 * A {@code moto_server} (the open-source AWS API emulator: DynamoDB, Secrets Manager, SQS) started as a child
 * process on a free loopback port and stopped with everything it spawned. The local runner's embedded AWS and
 * the tests' emulator are this one class, so both behave alike.
 */
public final class MotoProcess implements AutoCloseable {

    /** What to tell a user who has no moto_server: both ways we support, on one line. */
    public static final String INSTALL_HINT = "moto_server is not installed: install it with "
            + "`pip install 'moto[server]'` (or Debian's `apt-get install python3-moto`), or pass --aws-endpoint URL";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoProcess(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** The {@code moto_server} executable on the PATH, if any. */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts moto_server on a free loopback port, its output in {@code log}, and waits until it answers HTTP.
     *
     * @throws IOException when it is not installed, exits, or does not answer within {@code startLimit}
     */
    public static MotoProcess start(Path log, Duration startLimit) throws IOException, InterruptedException {
        Path exe = executable().orElseThrow(() -> new IOException(INSTALL_HINT));
        Files.createDirectories(log.toAbsolutePath().getParent());
        int port = freePort();
        Process p = new ProcessBuilder(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MotoProcess server = new MotoProcess(p, URI.create("http://127.0.0.1:" + port), log);
        // A Ctrl-C or a failing caller must not leave a server behind.
        Thread stop = new Thread(server::close, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            server.awaitUp(startLimit);
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitUp(Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited with " + process.exitValue() + " (its output: " + log + ")");
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("moto_server did not answer within " + limit.toSeconds() + " s (its output: " + log + ")");
    }

    /** Its base URL, for {@code AWS_ENDPOINT_URL} or an SDK's endpoint override. */
    public URI endpoint() {
        return endpoint;
    }

    /** The process itself, so a caller can check that it and its children are gone. */
    public Process process() {
        return process;
    }

    @Override
    public void close() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            ProcessTree.destroy(process, 10);
        }
    }
}
