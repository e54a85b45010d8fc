package dev.bankfeed.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One fresh-JVM sample of tracing's cost at a function's cold start, for one of three variants: {@code none}
 * (tracing off), {@code xray} (X-Ray's SDK through {@link Tracing}, exactly as the functions trace) and
 * {@code otel} (OpenTelemetry set up in the JVM as a Lambda function would: SDK, batch span processor, OTLP/HTTP
 * exporter on the JDK's HTTP client, the parent from Lambda's X-Ray trace header, the X-Ray propagator and the
 * AWS SDK v2 library instrumentation). Run
 * by {@code benchmarks/tracing-cold-start.sh}, which starts moto_server and a receiver for the spans. See
 * BENCHMARKS.md, "Tracing".
 *
 * <pre>java -cp CLASSPATH dev.bankfeed.benchmarks.TracingColdStart setup
 * java -cp CLASSPATH dev.bankfeed.benchmarks.TracingColdStart measure none|xray|otel</pre>
 *
 * {@code setup} creates the table. {@code measure} times init (the tracing set-up and a DynamoDB client with the
 * variant's SDK interceptor), then two invocations of one shape: a run span, a unit span with the run's and the
 * account's ids, a PutItem and a GetItem (each a span of the SDK interceptor) and one provider-call span, under the
 * trace header Lambda hands the invocation (sampled), ended the way each variant ends an invocation (X-Ray sends
 * the finished subsegment by UDP; OpenTelemetry's Lambda wrapper flushes the batch processor). It prints one JSON
 * line after "TRACING_RESULT ": {@code jvmMs} (JVM start to main), {@code initMs}, {@code firstMs},
 * {@code secondMs}, {@code cpuMs} (the process's CPU time over init and the first invocation), and the classes
 * loaded at main, by init and by the first invocation.
 */
public final class TracingColdStart {

    static final String TABLE = "tracing-cold-start";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TracingColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
        if (args.length == 1 && args[0].equals("setup")) {
            setup();
        } else if (args.length == 2 && args[0].equals("measure")) {
            System.out.println("TRACING_RESULT " + measure(Variant.parse(args[1]), jvmMs));
        } else {
            System.err.println("usage: TracingColdStart setup | measure none|xray|otel");
            System.exit(2);
        }
        System.exit(0);
    }

    /** The three ways a function can (not) trace. */
    enum Variant {
        NONE, XRAY, OTEL;

        static Variant parse(String s) {
            for (Variant v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("variant must be none, xray or otel, not " + s);
        }
    }

    private static void setup() {
        try (DynamoDbClient dynamo = dynamoDb(Optional.empty())) {
            dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            // made by an earlier setup: fine
        }
    }

    private static String measure(Variant variant, long jvmMs) throws IOException {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        // CPU time of all the JVM's threads (the compiler's too): less swayed than wall time by other processes.
        OperatingSystemMXBean cpu = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // What every function's init loads besides its tracing, whatever the tracing, left out of the timings so
        // they show the tracing's own share: its logging (the handler's static logger; X-Ray's SDK logs through
        // it), its JSON mapper (X-Ray's SDK reads its manifests with Jackson) and the providers' java.net.http
        // client (OpenTelemetry's JDK sender uses the same HttpClient, TLS context included).
        LoggerFactory.getLogger(TracingColdStart.class).debug("init");
        BankJson.mapper().readTree("{\"status\":\"ok\",\"amount\":\"-12.50\"}");
        ProviderClients.sharedHttpClient();
        int atMain = classes.getLoadedClassCount();
        long cpuAtMain = cpu.getProcessCpuTime();

        long start = System.nanoTime();
        Spans spans = variant == Variant.OTEL ? new OtelSpans() : new TracingSpans(variant);
        DynamoDbClient dynamo = dynamoDb(spans.awsSdkInterceptor());
        long initMs = millisSince(start);
        int afterInit = classes.getLoadedClassCount();

        long first = System.nanoTime();
        String firstResult = invoke(spans, dynamo);
        long firstMs = millisSince(first);
        int afterFirst = classes.getLoadedClassCount();
        long cpuMs = (cpu.getProcessCpuTime() - cpuAtMain) / 1_000_000;
        long second = System.nanoTime();
        String secondResult = invoke(spans, dynamo);
        long secondMs = millisSince(second);

        return "{\"variant\":\"" + variant.name().toLowerCase() + "\",\"jvmMs\":" + jvmMs + ",\"initMs\":" + initMs
                + ",\"firstMs\":" + firstMs + ",\"secondMs\":" + secondMs + ",\"cpuMs\":" + cpuMs
                + ",\"classesAtMain\":" + atMain
                + ",\"classesInit\":" + (afterInit - atMain) + ",\"classesFirst\":" + (afterFirst - afterInit)
                + ",\"first\":\"" + firstResult + "\",\"second\":\"" + secondResult + "\"}";
    }

    /**
     * One invocation: Lambda's Java runtime sets the invocation's trace header as this system property (both
     * X-Ray's SDK and OpenTelemetry's Lambda propagator read it), then the handler runs its spans.
     */
    static String invoke(Spans spans, DynamoDbClient dynamo) {
        System.setProperty("com.amazonaws.xray.traceHeader", traceHeader());
        String runId = UUID.randomUUID().toString();
        String accountId = "acc-" + UUID.randomUUID();
        return spans.invocation(() -> spans.span("run", Tracing.annotations("runId", runId, "job", "transactions"),
                () -> spans.span("unit", Tracing.annotations("runId", runId, "job", "transactions", "connectionId",
                        "conn-1", "accountId", accountId), () -> {
                            // A provider call's span shape; which provider does not change its cost.
                            Tracing.Span call = spans.remoteCall("bank", "GET", "api.bank.example",
                                    "/v1/accounts/{id}/transactions");
                            call.status(200);
                            call.end();
                            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(accountId));
                            dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(accountId),
                                    "amount", AttributeValue.fromN("-1250"), "currency", AttributeValue.fromS("EUR"))));
                            return dynamo.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).hasItem()
                                    ? "item read back" : "item missing";
                        })));
    }

    /**
     * The parent that Lambda's X-Ray trace header names, parsed as contrib's AwsXrayLambdaPropagator parses it
     * (the root context for a missing or malformed header). That propagator is not used: the one version served
     * here (1.52.0-alpha) calls StringUtils.padLeft, which API 1.68 no longer has (NoSuchMethodError on every
     * extract), and the 1.59.0-alpha that the AWS SDK instrumentation pairs with is not served.
     */
    static Context lambdaParent(String header) {
        Map<String, String> fields = new HashMap<>();
        for (String part : header == null ? new String[0] : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String root = fields.getOrDefault("Root", "");
        if (root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-') {
            return Context.root();
        }
        SpanContext parent = SpanContext.createFromRemoteParent(root.substring(2, 10) + root.substring(11),
                fields.getOrDefault("Parent", ""), "1".equals(fields.get("Sampled")) ? TraceFlags.getSampled()
                        : TraceFlags.getDefault(), TraceState.getDefault());
        return parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root();
    }

    /** A sampled X-Ray trace header as Lambda passes it: a new root id, a parent (Lambda's own segment). */
    private static String traceHeader() {
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(parent);
        HexFormat hex = HexFormat.of();
        return "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-" + hex.formatHex(id) + ";Parent="
                + hex.formatHex(parent) + ";Sampled=1";
    }

    /** The functions' DynamoDB client as AwsClients builds it (URL-connection client, the same timeouts). */
    static DynamoDbClient dynamoDb(Optional<ExecutionInterceptor> interceptor) {
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(20)).apiCallAttemptTimeout(Duration.ofSeconds(5));
        interceptor.ifPresent(o::addExecutionInterceptor);
        return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o.build()).build();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** What the handler's code needs of a tracer: {@link Tracing}'s shape. */
    interface Spans {

        Optional<ExecutionInterceptor> awsSdkInterceptor();

        <T> T span(String name, Map<String, String> annotations, Supplier<T> work);

        Tracing.Span remoteCall(String provider, String method, String host, String pathTemplate);

        /** The whole invocation, ended as the variant's Lambda integration ends it. */
        <T> T invocation(Supplier<T> work);
    }

    /**
     * {@link Tracing} itself: X-Ray when the environment turns it on (the xray variant), else its no-ops (none).
     */
    private static final class TracingSpans implements Spans {

        TracingSpans(Variant variant) {
            if (Tracing.enabled() != (variant == Variant.XRAY)) {
                throw new IllegalStateException("variant " + variant + " but Tracing.enabled() = " + Tracing.enabled()
                        + ": the xray variant needs AWS_XRAY_DAEMON_ADDRESS, AWS_LAMBDA_FUNCTION_NAME and"
                        + " LAMBDA_TASK_ROOT, the others BANKFEED_TRACING=off");
            }
        }

        @Override
        public Optional<ExecutionInterceptor> awsSdkInterceptor() {
            return Tracing.awsSdkInterceptor();
        }

        @Override
        public <T> T span(String name, Map<String, String> annotations, Supplier<T> work) {
            return Tracing.span(name, annotations, work);
        }

        @Override
        public Tracing.Span remoteCall(String provider, String method, String host, String pathTemplate) {
            return Tracing.remoteCall(provider, method, host, pathTemplate);
        }

        @Override
        public <T> T invocation(Supplier<T> work) {
            // Lambda's facade segment is the invocation; X-Ray sends the run's subsegment by UDP when it ends.
            return work.get();
        }
    }

    /**
     * OpenTelemetry as a Lambda function sets it up in code (what the OTel Lambda wrapper's autoconfiguration
     * builds, without autoconfiguration's own cost): spans batched and exported as OTLP/HTTP to the collector
     * extension's port (OTEL_EXPORTER_OTLP_ENDPOINT), the parent taken from Lambda's X-Ray trace header, and the
     * provider span as Tracing's: host, method and path template only.
     */
    private static final class OtelSpans implements Spans {

        private final SdkTracerProvider provider;
        private final OpenTelemetry otel;
        private final Tracer tracer;

        OtelSpans() {
            String endpoint = System.getenv().getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
                    .build();
            provider = SdkTracerProvider.builder()
                    .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                            AttributeKey.stringKey("service.name"), System.getenv()
                                    .getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "bankfeed"),
                            AttributeKey.stringKey("cloud.provider"), "aws"))))
                    .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                    .build();
            // The X-Ray propagator for the SDK calls' outgoing trace headers (the instrumentation injects them).
            otel = OpenTelemetrySdk.builder().setTracerProvider(provider)
                    .setPropagators(ContextPropagators.create(AwsXrayPropagator.getInstance())).build();
            tracer = otel.getTracer("dev.bankfeed");
        }

        @Override
        public Optional<ExecutionInterceptor> awsSdkInterceptor() {
            return Optional.of(AwsSdkTelemetry.create(otel).createExecutionInterceptor());
        }

        @Override
        public <T> T span(String name, Map<String, String> annotations, Supplier<T> work) {
            var builder = tracer.spanBuilder(name);
            annotations.forEach(builder::setAttribute);
            Span span = builder.startSpan();
            try (Scope ignored = span.makeCurrent()) {
                return work.get();
            } catch (RuntimeException | Error e) {
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                throw e;
            } finally {
                span.end();
            }
        }

        @Override
        public Tracing.Span remoteCall(String provider, String method, String host, String pathTemplate) {
            Span span = tracer.spanBuilder(host).setSpanKind(SpanKind.CLIENT).setAttribute("provider", provider)
                    .setAttribute("http.request.method", method).setAttribute("server.address", host)
                    .setAttribute("url.template", pathTemplate).startSpan();
            return new Tracing.Span() {
                @Override
                public void status(int status) {
                    span.setAttribute("http.response.status_code", status);
                    if (status >= 400) {
                        span.setStatus(StatusCode.ERROR);
                    }
                }

                @Override
                public void failed(Throwable e) {
                    span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                }

                @Override
                public void end() {
                    span.end();
                }
            };
        }

        @Override
        public <T> T invocation(Supplier<T> work) {
            // As OpenTelemetry's Lambda wrapper does: a server span parented on Lambda's trace header, then a flush
            // before the invocation returns (Lambda may freeze the environment right after).
            String header = System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID"));
            Span span = tracer.spanBuilder("bankfeed-handler").setParent(lambdaParent(header))
                    .setSpanKind(SpanKind.SERVER).startSpan();
            T result;
            try (Scope ignored = span.makeCurrent()) {
                result = work.get();
            } finally {
                span.end();
            }
            CompletableResultCode flush = provider.forceFlush().join(10, TimeUnit.SECONDS);
            if (!flush.isSuccess()) {
                throw new IllegalStateException("the spans were not exported (no OTLP receiver?)");
            }
            return result;
        }
    }
}
