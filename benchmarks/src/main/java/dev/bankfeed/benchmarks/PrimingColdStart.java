package dev.bankfeed.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.config.AwsClients;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.HandlerPriming;
import dev.bankfeed.lambda.JobHandler;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import dev.bankfeed.runtime.SnapStartPriming;
import dev.bankfeed.store.dynamo.BankfeedTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One fresh-JVM cold start of a function, with or without SnapStart priming during init; run by
 * {@code benchmarks/priming-cold-start.sh}, which starts moto_server and the provider sandbox. See
 * BENCHMARKS.md, "SnapStart priming".
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.bankfeed.benchmarks.PrimingColdStart setup CONNECTIONS_FILE
 * java -cp benchmarks/target/benchmarks.jar dev.bankfeed.benchmarks.PrimingColdStart measure FUNCTION primed|plain</pre>
 *
 * {@code setup} creates the table and one Secrets Manager secret per connection (endpoint and names from the
 * same environment variables as the functions). {@code measure} does what Lambda's init does for the function
 * (the container's objects, the handler, the priming hook's registration), then, when {@code primed}, runs the
 * hook's beforeCheckpoint and afterRestore in the same JVM: the heap the first invocation then finds is the one
 * a SnapStart snapshot taken after priming would restore. It then handles two schedule events and prints one
 * JSON line after "PRIMING_RESULT ": {@code initMs} (init, priming included), {@code primeMs}, {@code firstMs} and {@code secondMs}
 * (the first and second invocation) and {@code jvmMs} (JVM start to main).
 */
public final class PrimingColdStart {

    private PrimingColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
        if (args.length == 2 && args[0].equals("setup")) {
            setup(Path.of(args[1]));
        } else if (args.length == 3 && args[0].equals("measure")) {
            System.out.println("PRIMING_RESULT " + measure(kind(args[1]), parseMode(args[2]), jvmMs));
        } else {
            System.err.println("usage: PrimingColdStart setup CONNECTIONS_FILE | measure accounts|balances|transactions"
                    + " primed|plain");
            System.exit(2);
        }
        System.exit(0);
    }

    private static JobKind kind(String id) {
        for (JobKind k : JobKind.values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("function must be accounts, balances or transactions, not " + id);
    }

    private static boolean parseMode(String mode) {
        return switch (mode) {
            case "primed" -> true;
            case "plain" -> false;
            default -> throw new IllegalArgumentException("mode must be primed or plain, not " + mode);
        };
    }

    private static void setup(Path connectionsFile) throws IOException {
        Map<String, String> env = System.getenv();
        BankfeedTable.createIfMissing(AwsClients.dynamoDb(), env.getOrDefault("TABLE_NAME", "bankfeed"));
        String prefix = env.getOrDefault("SECRETS_PREFIX", "bankfeed/connections/");
        ObjectMapper mapper = BankJson.mapper();
        for (JsonNode c : mapper.readTree(Files.readString(connectionsFile)).path("connections")) {
            String name = prefix + c.path("id").asText();
            AwsClients.secretsManager().createSecret(b -> b.name(name).secretString(c.toString()));
        }
    }

    private static String measure(JobKind kind, boolean primed, long jvmMs) throws IOException {
        long start = System.nanoTime();
        // What the function's handler class does at init: its static initializer, then the no-arg constructor.
        SnapStartPriming priming = HandlerPriming.register(kind);
        Bankfeed bankfeed = BankfeedEnvironment.shared();
        JobHandler handler = new JobHandler(bankfeed, kind);
        long primeMs = 0;
        if (primed) {
            long p = System.nanoTime();
            priming.beforeCheckpoint(null);
            priming.afterRestore(null);
            primeMs = millisSince(p);
        }
        long initMs = millisSince(start);
        String firstStatus = invoke(handler, kind);
        long firstMs = millisSince(start) - initMs;
        long second = System.nanoTime();
        String secondStatus = invoke(handler, kind);
        long secondMs = millisSince(second);
        ObjectNode line = BankJson.mapper().createObjectNode();
        line.put("function", kind.id());
        line.put("mode", primed ? "primed" : "plain");
        line.put("jvmMs", jvmMs);
        line.put("initMs", initMs);
        line.put("primeMs", primeMs);
        line.put("firstMs", firstMs);
        line.put("secondMs", secondMs);
        line.put("firstStatus", firstStatus);
        line.put("secondStatus", secondStatus);
        return line.toString();
    }

    /** Handles a new schedule firing (a new scheduledTime, so never a duplicate); returns the result's status. */
    private static String invoke(JobHandler handler, JobKind kind) throws IOException {
        String event = "{\"source\":\"bankfeed.schedule\",\"scheduleArn\":\"arn:aws:scheduler:us-east-1:"
                + "000000000000:schedule/default/bankfeed-" + kind.id() + "\",\"scheduledTime\":\"" + Instant.now()
                + "\",\"executionId\":\"" + UUID.randomUUID() + "\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context(kind));
        return BankJson.mapper().readTree(out.toByteArray()).path("status").asText("?");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** The Lambda context of one invocation: a fresh request id, 15 minutes left; other properties null. */
    private static Context context(JobKind kind) {
        String requestId = UUID.randomUUID().toString();
        String function = "bankfeed-" + kind.id();
        return (Context) Proxy.newProxyInstance(PrimingColdStart.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getRemainingTimeInMillis" -> 900_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getFunctionName" -> function;
                    case "getFunctionVersion" -> "1";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:000000000000:function:" + function;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
