package dev.bankfeed.tracing;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * AWS X-Ray spans, only in a Lambda function whose tracing is on (Lambda sets AWS_XRAY_DAEMON_ADDRESS and
 * LAMBDA_TASK_ROOT, and hands each invocation its trace header); everywhere else every method is a no-op that loads no X-Ray class,
 * so local runs and tests have no daemon to miss and print nothing. Spans: one per run and per work unit, with
 * runId, job, connectionId and accountId as annotations (searchable); one per AWS SDK call (X-Ray's SDK v2
 * interceptor, nested in the unit's span); one per provider HTTP attempt, carrying the host, the endpoint's path
 * template and the status, never a query string, a header or an id from the path. Where X-Ray's context is
 * missing, AWS_XRAY_CONTEXT_MISSING decides, as the X-Ray SDK documents. BANKFEED_TRACING=off turns it all off.
 */
public final class Tracing {

    private static final boolean ENABLED = enabled(System.getenv());

    private Tracing() {
    }

    /**
     * True in Lambda with tracing on, unless BANKFEED_TRACING is "off". LAMBDA_TASK_ROOT is what makes X-Ray take
     * each invocation's trace header; without it every span would find no context (the local runner sets none).
     */
    static boolean enabled(Map<String, String> env) {
        return env.containsKey("AWS_XRAY_DAEMON_ADDRESS") && env.containsKey("AWS_LAMBDA_FUNCTION_NAME")
                && env.containsKey("LAMBDA_TASK_ROOT")
                && !"off".equalsIgnoreCase(env.getOrDefault("BANKFEED_TRACING", ""));
    }

    public static boolean enabled() {
        return ENABLED;
    }

    /** The interceptor that records each AWS SDK call as a subsegment, when tracing is on. */
    public static Optional<ExecutionInterceptor> awsSdkInterceptor() {
        return ENABLED ? Optional.of(XRay.interceptor()) : Optional.empty();
    }

    /** Runs {@code work} in a subsegment {@code name} annotated with the non-null {@code annotations}. */
    public static <T> T span(String name, Map<String, String> annotations, Supplier<T> work) {
        if (!ENABLED) {
            return work.get();
        }
        Span span = XRay.begin(name, null, annotations);
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Annotations from key-value pairs, nulls left out (an account-less unit has no accountId). */
    public static Map<String, String> annotations(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    /**
     * Starts the span of one HTTP attempt to a provider: named after the host (the node in X-Ray's service map),
     * with {@code method} and the URL of {@code host} and {@code pathTemplate} only. End it with {@link Span#end()}.
     */
    public static Span remoteCall(String provider, String method, String host, String pathTemplate) {
        if (!ENABLED) {
            return Span.NONE;
        }
        Span span = XRay.begin(host, "remote", Map.of("provider", provider));
        span.request(method, "https://" + host + pathTemplate);
        return span;
    }

    /** One open span; every method is safe to call on a disabled one. */
    public interface Span {

        Span NONE = new Span() {
        };

        /** Records the request's method and URL (which must hold no secret: no query, no credentials). */
        default void request(String method, String url) {
        }

        /** Records the answer's status: 429 marks a throttle, other 4xx an error, 5xx a fault. */
        default void status(int status) {
        }

        /** Marks the span failed with the exception's type only: messages may quote what they should not. */
        default void failed(Throwable e) {
        }

        default void end() {
        }
    }

    /** Everything that touches X-Ray classes: loaded only when tracing is on. */
    private static final class XRay {

        static ExecutionInterceptor interceptor() {
            return new TracingInterceptor();
        }

        static Span begin(String name, String namespace, Map<String, String> annotations) {
            Subsegment s = AWSXRay.beginSubsegment(name);
            if (namespace != null) {
                s.setNamespace(namespace);
            }
            annotations.forEach(s::putAnnotation);
            return new Span() {
                @Override
                public void request(String method, String url) {
                    s.putHttp("request", Map.of("method", method, "url", url));
                }

                @Override
                public void status(int status) {
                    s.putHttp("response", Map.of("status", status));
                    s.setThrottle(status == 429);
                    s.setError(status >= 400 && status < 500);
                    s.setFault(status >= 500);
                }

                @Override
                public void failed(Throwable e) {
                    s.setFault(true);
                    s.putMetadata("failure", e.getClass().getSimpleName());
                }

                @Override
                public void end() {
                    AWSXRay.endSubsegment(s);
                }
            };
        }
    }
}
