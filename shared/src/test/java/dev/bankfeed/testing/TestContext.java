package dev.bankfeed.testing;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;
import java.util.UUID;

/**
 * Lambda {@link Context}s for in-process handler tests: a fresh request id per context, the function's name
 * and ARN, and a fixed amount of remaining time (the jobs measure their deadline on the harness clock). Every
 * other property is null, as our code logs through SLF4J and never asks the context for a logger.
 */
public final class TestContext {

    private TestContext() {
    }

    /** A context with five minutes left, the template's default timeout. */
    public static Context of(String function) {
        return of(function, 300_000);
    }

    public static Context of(String function, int remainingMillis) {
        String requestId = UUID.randomUUID().toString();
        return (Context) Proxy.newProxyInstance(TestContext.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getRemainingTimeInMillis" -> remainingMillis;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getFunctionName" -> function;
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:eu-west-1:123456789012:function:" + function;
                    case "getLogGroupName" -> "/aws/lambda/" + function;
                    case "getLogStreamName" -> "test/" + requestId;
                    case "toString" -> "TestContext[" + function + ", " + requestId + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
