package dev.bankfeed.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.bankfeed.testing.ChildJava;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jar as a user does, {@code java -jar bankfeed.jar args}, in a child JVM. The jar's path
 * comes from the system property {@code bankfeed.jar}, which the failsafe configuration sets.
 */
final class BankfeedJar {

    private BankfeedJar() {
    }

    static Path path() {
        String jar = System.getProperty("bankfeed.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property bankfeed.jar must name the shaded jar (got " + jar
                    + "); run the integration tests with 'mvn verify', after package");
        }
        return Path.of(jar);
    }

    static Run run(byte[] stdin, String... args) {
        return runIn(null, stdin, args);
    }

    static Run run(String... args) {
        return run(new byte[0], args);
    }

    /** Runs the jar in {@code workDir} (the repository root, for commands that read template.yaml and events/). */
    static Run runIn(Path workDir, String... args) {
        return runIn(workDir, new byte[0], args);
    }

    /** Same, with {@code env} replacing those variables of this JVM's environment (a null value removes one). */
    static Run runIn(Path workDir, Map<String, String> env, String... args) {
        return runIn(workDir, env, new byte[0], args);
    }

    private static Run runIn(Path workDir, byte[] stdin, String... args) {
        return runIn(workDir, Map.of(), stdin, args);
    }

    private static Run runIn(Path workDir, Map<String, String> env, byte[] stdin, String... args) {
        try {
            ProcessBuilder pb = builder(workDir, args);
            ChildJava.applyEnv(pb, env);
            Process process = pb.start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            // A guard against a hung child, not a timing assertion.
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("bankfeed.jar " + String.join(" ", args) + " did not finish");
            }
            return new Run(process.exitValue(), out.join(), new String(err.join(), UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a long-running command (start-api) in {@code workDir}, its output and errors going to {@code log}. */
    static Process start(Path workDir, Path log, String... args) throws IOException {
        return builder(workDir, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static ProcessBuilder builder(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(path().toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return pb;
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
                stream.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
