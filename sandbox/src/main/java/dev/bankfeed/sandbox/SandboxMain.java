package dev.bankfeed.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox on the command line: starts it, prints the connection file that points at it to standard output
 * (one JSON document), then one "ready" line on standard error, and serves until killed.
 *
 * <pre>java -cp ... dev.bankfeed.sandbox.SandboxMain --port 8089 --seed 7 --accounts 3 --transactions 1000</pre>
 */
public final class SandboxMain {

    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: sandbox [options]",
            "  --port N              port on 127.0.0.1 (default 0: a free port)",
            "  --seed S              data seed (default " + SandboxConfig.DEFAULT_SEED + ")",
            "  --connections C       connections per provider (default " + SandboxConfig.DEFAULT_CONNECTIONS_PER_PROVIDER + ")",
            "  --accounts A          accounts per connection (default " + SandboxConfig.DEFAULT_ACCOUNTS_PER_CONNECTION + ")",
            "  --transactions T      transactions per account (default " + SandboxConfig.DEFAULT_TRANSACTIONS_PER_ACCOUNT + ")",
            "  --pending P           pending transactions per account (default " + SandboxConfig.DEFAULT_PENDING_PER_ACCOUNT + ")",
            "  --days D              history depth in days (default " + SandboxConfig.DEFAULT_HISTORY_DAYS + ")",
            "  --today YYYY-MM-DD    the sandbox's today (default: today, UTC)",
            "  --short-pages MODE    never | sometimes | with-empty (token-paged lists, default sometimes)",
            "  --token-ttl SECONDS   access token lifetime (default " + SandboxConfig.DEFAULT_TOKEN_TTL.toSeconds() + ")",
            "  --job-cooldown SECONDS  refresh-job cooldown per consent (default " + SandboxConfig.DEFAULT_JOB_COOLDOWN.toSeconds() + ")",
            "  --latency-ms N        answer every request after N ms (default 0)",
            "  --threads N           server threads, the requests served at once (default " + SandboxConfig.DEFAULT_THREADS + ")");

    private SandboxMain() {
    }

    public static void main(String[] args) {
        System.exit(runBlocking(args, System.out, System.err));
    }

    /**
     * Starts a sandbox from command-line arguments, writes the connection file to {@code out} and a ready line
     * to {@code err}, and returns the running sandbox (the caller closes it). Returns null after printing the
     * usage to {@code out} for {@code --help}.
     *
     * @throws IllegalArgumentException for bad arguments; the message names the argument and ends with the usage
     */
    public static ProviderSandbox run(String[] args, PrintStream out, PrintStream err) {
        SandboxConfig config = parse(args);
        if (config == null) {
            out.println(USAGE);
            return null;
        }
        ProviderSandbox sandbox = ProviderSandbox.start(config);
        out.println(sandbox.connectionsJson());
        out.flush();
        err.println("provider sandbox ready on " + sandbox.baseUrl() + " (seed " + config.seed() + ", today "
                + config.today() + ", " + sandbox.connections().size() + " connections, "
                + config.accountsPerConnection() + " accounts each, " + config.transactionsPerAccount()
                + " transactions per account)");
        err.flush();
        return sandbox;
    }

    /**
     * {@link #run} and then serve until the thread is interrupted or the JVM stops (the sandbox closes on
     * shutdown). Returns the process exit code: 0, or 2 for bad arguments.
     */
    public static int runBlocking(String[] args, PrintStream out, PrintStream err) {
        ProviderSandbox sandbox;
        try {
            sandbox = run(args, out, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (sandbox == null) {
            return 0;
        }
        Thread hook = new Thread(sandbox::close, "provider-sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        sandbox.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The configuration the arguments describe, or null for {@code --help}. Accepts {@code --opt v} and {@code --opt=v}. */
    public static SandboxConfig parse(String[] args) {
        SandboxConfig.Builder b = SandboxConfig.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw bad(arg, "needs a value");
            }
            try {
                switch (name) {
                    case "--port" -> b.port(Integer.parseInt(value));
                    case "--seed" -> b.seed(Long.parseLong(value));
                    case "--connections" -> b.connectionsPerProvider(Integer.parseInt(value));
                    case "--accounts" -> b.accountsPerConnection(Integer.parseInt(value));
                    case "--transactions" -> b.transactionsPerAccount(Integer.parseInt(value));
                    case "--pending" -> b.pendingPerAccount(Integer.parseInt(value));
                    case "--days" -> b.historyDays(Integer.parseInt(value));
                    case "--today" -> b.today(LocalDate.parse(value));
                    case "--short-pages" -> b.shortPages(ShortPages.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_')));
                    case "--token-ttl" -> b.tokenTtl(Duration.ofSeconds(Long.parseLong(value)));
                    case "--job-cooldown" -> b.jobCooldown(Duration.ofSeconds(Long.parseLong(value)));
                    case "--latency-ms" -> b.latency(Duration.ofMillis(Long.parseLong(value)));
                    case "--threads" -> b.threads(Integer.parseInt(value));
                    default -> throw bad(name, "is not an option");
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw bad(name, "has a bad value '" + value + "'");
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().endsWith(USAGE)) {
                    throw e;
                }
                throw bad(name, e.getMessage() == null ? "has a bad value '" + value + "'" : e.getMessage());
            }
        }
        return b.build();
    }

    private static IllegalArgumentException bad(String arg, String problem) {
        return new IllegalArgumentException(arg + " " + problem + System.lineSeparator() + USAGE);
    }
}
