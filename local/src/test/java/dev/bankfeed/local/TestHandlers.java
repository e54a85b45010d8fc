package dev.bankfeed.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Handlers for the tests that run Lambda's runtime interface client on the test class path: each shows one
 * thing the runtime does with a handler (serialization, errors, timeouts), without AWS behind it.
 */
public final class TestHandlers {

    private TestHandlers() {
    }

    /** Answers what the runtime gave it: the event as the RIC deserialized it, the context, this JVM. */
    public static final class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("event", event);
            answer.put("requestId", context.getAwsRequestId());
            answer.put("functionName", context.getFunctionName());
            answer.put("functionArn", context.getInvokedFunctionArn());
            answer.put("memoryLimitInMB", context.getMemoryLimitInMB());
            answer.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
            answer.put("traceHeader", System.getProperty("com.amazonaws.xray.traceHeader"));
            answer.put("pid", ProcessHandle.current().pid());
            return answer;
        }
    }

    /** Fails the way a handler's bug does. */
    public static final class Throwing implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            throw new IllegalStateException("the handler failed on purpose");
        }
    }

    /** Outlives any test's timeout. */
    public static final class Sleeping implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "woke up";
        }
    }
}
