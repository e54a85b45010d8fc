package dev.bankfeed.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.normalize.BankJson;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The child-JVM side of `invoke`: what the Lambda Java runtime does for one invocation. Builds the handler
 * named in template.yaml with its no-argument constructor, feeds it the event from standard input, and
 * prints its answer (or an error object shaped like Lambda's) on standard output. Logs go to standard error.
 * Arguments: handler class, function name, timeout seconds, memory MB.
 */
public final class LambdaBootstrap {

    private LambdaBootstrap() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answer = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Before any logger starts: the function's JSON log lines must not mix with its answer.
        System.setOut(System.err);
        long started = System.nanoTime();
        int code = 0;
        String response;
        try {
            Context context = new LocalContext(args[1], Duration.ofSeconds(Integer.parseInt(args[2])),
                    Integer.parseInt(args[3]));
            RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
                    .newInstance();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(System.in, out, context);
            response = out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null
                    ? e.getCause() : e;
            ObjectNode error = BankJson.mapper().createObjectNode();
            error.put("errorMessage", String.valueOf(cause.getMessage()));
            error.put("errorType", cause.getClass().getName());
            response = error.toString();
            code = 1;
        }
        answer.println(response);
        System.err.printf("invoke: %s answered %d ms after its JVM started (handler %d ms)%n", args[1],
                ManagementFactory.getRuntimeMXBean().getUptime(), (System.nanoTime() - started) / 1_000_000);
        System.exit(code);
    }
}
