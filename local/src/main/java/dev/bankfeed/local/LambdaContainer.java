package dev.bankfeed.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function's execution environment, as Lambda runs a Java function: a JVM whose main class is Lambda's
 * Runtime Interface Client (the bootstrap of Lambda's Java images), told the handler string of template.yaml,
 * and fed by a {@link RuntimeApi} on loopback. So handler loading, the event's deserialization, the answer's
 * serialization and the error shapes are Lambda's own code. The JVM stays warm between invocations; one that
 * timed out or died is replaced at the next invocation, as Lambda replaces the environment. One invocation at a
 * time.
 */
final class LambdaContainer implements AutoCloseable {

    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The RIC's own switch for where its native part is; without it, each JVM unpacks it to one shared path. */
    static final String RIC_NATIVE_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** How one invocation went: Lambda's result, whether it paid a cold start, and how long it took. */
    record Outcome(RuntimeApi.Result result, boolean coldStart, Duration duration) {
    }

    private final SamTemplate.Function function;
    private final Map<String, String> environment;
    private final PrintStream logs;
    /** The function JVM's class path; null for this runner's own. */
    private final String classPath;
    /** A Runtime API per JVM: a dead JVM's `next` must never take the event meant for its successor. */
    private RuntimeApi api;
    private volatile Process process;
    private Thread logPump;

    /**
     * A container for {@code function} whose JVM gets {@code environment} (see {@link FunctionEnvironment})
     * and writes its logs to {@code logs}. Nothing starts until the first invocation.
     */
    LambdaContainer(SamTemplate.Function function, Map<String, String> environment, PrintStream logs) {
        this(function, environment, logs, null);
    }

    /** The same, with the function's JVM on {@code classPath} instead of this runner's (null: the runner's). */
    LambdaContainer(SamTemplate.Function function, Map<String, String> environment, PrintStream logs,
            String classPath) {
        this.function = function;
        this.environment = environment;
        this.logs = logs;
        this.classPath = classPath;
    }

    /** Runs one invocation, starting the runtime first when none is running (a cold start). */
    synchronized Outcome invoke(byte[] event) throws IOException, InterruptedException {
        long started = System.nanoTime();
        boolean cold = process == null || !process.isAlive();
        if (cold) {
            stop(Duration.ZERO);
            start();
        }
        RuntimeApi.Invocation invocation = api.submit(event, Duration.ofSeconds(function.timeoutSeconds()));
        RuntimeApi.Result result = await(invocation, process);
        return new Outcome(result, cold, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The runtime's answer; or, when the function's timeout passes first, Lambda's timeout error after the JVM
     * is killed; or, when the JVM ends without answering, Lambda's exit error. The timeout counts from when the
     * runtime takes the event; its init before that gets the same budget, as a suppressed init does in Lambda.
     */
    private RuntimeApi.Result await(RuntimeApi.Invocation invocation, Process runtime) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(function.timeoutSeconds());
        long until = System.nanoTime() + timeout.toNanos();
        boolean taken = false;
        while (true) {
            if (invocation.result.isDone()) {
                return invocation.result.join();
            }
            if (!runtime.isAlive()) {
                return RuntimeApi.Result.platformError(invocation.requestId, "Runtime.ExitError",
                        "Runtime exited with error: exit status " + runtime.exitValue());
            }
            if (!taken && invocation.taken.isDone()) {
                taken = true;
                until = System.nanoTime() + Duration.ofMillis(invocation.taken.join() - System.currentTimeMillis())
                        .toNanos();
            }
            long left = until - System.nanoTime();
            if (left <= 0) {
                stop(Duration.ZERO);
                return RuntimeApi.Result.platformError(invocation.requestId, "Sandbox.Timedout",
                        String.format(Locale.ROOT, "Task timed out after %.2f seconds", timeout.toMillis() / 1000.0));
            }
            try {
                CompletableFuture.anyOf(invocation.result, runtime.onExit(),
                        taken ? new CompletableFuture<>() : invocation.taken).get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Looked at again at the top of the loop.
            }
        }
    }

    private void start() throws IOException {
        api = RuntimeApi.start(FunctionEnvironment.functionArn(function, environment), Clock.systemUTC());
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        List<String> options = List.of("-D" + RIC_NATIVE_PROPERTY + "=" + NativeLibrary.path());
        ProcessBuilder builder = classPath == null
                ? ChildJvm.builder(env, options, RIC_MAIN, List.of(function.handler()))
                : ChildJvm.builder(env, options, classPath, RIC_MAIN, List.of(function.handler()));
        process = builder.redirectErrorStream(true).start();
        // The RIC writes the function's logs to standard output; here they are logs, never the answer.
        logPump = pump(process.getInputStream(), logs);
    }

    /**
     * Ends the JVM, politely first so that its last log lines come out, then by force after {@code grace}; and
     * its Runtime API.
     */
    private void stop(Duration grace) throws InterruptedException {
        Process p = process;
        if (p != null) {
            if (grace.isZero()) {
                p.destroyForcibly();
            } else {
                p.destroy();
                if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            }
            p.waitFor();
            logPump.join(Duration.ofSeconds(5).toMillis());
            process = null;
        }
        if (api != null) {
            api.close();
            api = null;
        }
    }

    /** Ends the JVM at once, without waiting for an invocation in progress: for shutdown hooks. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (process != null && process.isAlive()) {
                // The RIC logs a function error after it has posted it: let it finish before it is stopped.
                api.awaitIdle(Duration.ofSeconds(5));
            }
            stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        } finally {
            if (api != null) {
                api.close();
            }
        }
    }

    static Thread pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException ignored) {
                // The JVM ended; nothing more to copy.
            }
        }, "function-logs");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The RIC's native part (its Runtime API client in C++), unpacked once per runner into a file of its own.
     * Left to itself, every RIC JVM copies it over the one fixed path /tmp/.libaws-lambda-jni.so and loads it
     * from there: two functions starting at once (start-api) can load a half-written copy, and another user's
     * copy cannot be replaced at all.
     */
    static final class NativeLibrary {

        private static Path path;

        private NativeLibrary() {
        }

        static synchronized Path path() throws IOException {
            if (path == null) {
                path = unpack();
            }
            return path;
        }

        private static Path unpack() throws IOException {
            String name = resourceName(System.getProperty("os.name"), System.getProperty("os.arch"), isMusl());
            try (InputStream in = LambdaContainer.class.getResourceAsStream("/jni/" + name)) {
                if (in == null) {
                    throw new IOException("the runner jar lacks the runtime interface client's jni/" + name);
                }
                Path file = Files.createTempFile("bankfeed-lambda-ric-", ".so");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                return file;
            }
        }

        /** The RIC jar's library for this platform; it ships Linux ones only (glibc and musl, x86_64 and arm64). */
        static String resourceName(String osName, String osArch, boolean musl) throws IOException {
            String arch = switch (osArch) {
                case "amd64", "x86_64" -> "x86_64";
                case "aarch64", "arm64" -> "aarch_64";
                default -> null;
            };
            if (!osName.startsWith("Linux") || arch == null) {
                throw new IOException("Lambda's runtime interface client runs on Linux (x86_64 or arm64) only, not "
                        + osName + " " + osArch + "; elsewhere use 'sam local invoke' with Docker");
            }
            return "libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so";
        }

        private static boolean isMusl() {
            try (var libs = Files.list(Path.of("/lib"))) {
                return libs.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
            } catch (IOException e) {
                return false;
            }
        }
    }
}
