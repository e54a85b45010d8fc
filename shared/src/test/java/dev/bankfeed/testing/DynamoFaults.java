package dev.bankfeed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.json.BankJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * DynamoDB faults at the SDK boundary, for tests on moto_server (which neither throttles nor leaves batch items
 * unprocessed), added to a client's interceptors: throttling storms, BatchWriteItem answered with every item
 * unprocessed, and a process killed at a chosen call. A throttled or unprocessed call never reaches the table,
 * as on DynamoDB: a throttled attempt fails before it is sent (per attempt, so the SDK's own retries see each
 * one), and an unprocessed batch is sent as a harmless ListTables whose answer is replaced.
 *
 * <p>A kill is what {@code kill -9} does to a Lambda mid-run: from the chosen call on, every DynamoDB call of the
 * killed run (its {@code runId} in the MDC) throws {@link ProcessKilled}, an Error that no catch of ours turns
 * into a status write, so nothing of its clean-up (lease release, slot release, claim release) reaches the table.
 */
public final class DynamoFaults implements ExecutionInterceptor {

    /** What a killed run's threads die of. */
    public static final class ProcessKilled extends Error {
        ProcessKilled(String where) {
            super("process killed at " + where, null, false, false);
        }
    }

    private static final ExecutionAttribute<String> UNPROCESSED = new ExecutionAttribute<>("bankfeed.unprocessed");
    private static final String LIST_TABLES = "DynamoDB_20120810.ListTables";

    private final AtomicInteger throttledAttempts = new AtomicInteger();
    private volatile Predicate<SdkRequest> throttled = r -> true;
    private final AtomicInteger unprocessedBatches = new AtomicInteger();
    private final Set<String> killedRuns = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> killCounts = new ConcurrentHashMap<>();
    private volatile Kill kill;
    private final ThreadLocal<Boolean> bypassed = ThreadLocal.withInitial(() -> false);

    private record Kill(String where, Predicate<SdkRequest> call, int nth, boolean afterTheCall) {
    }

    /** The next {@code attempts} attempts of calls matching {@code which} fail with ProvisionedThroughputExceeded. */
    public void throttleNext(int attempts, Predicate<SdkRequest> which) {
        throttled = which;
        throttledAttempts.set(attempts);
    }

    /** The next {@code n} BatchWriteItem calls are answered with every item unprocessed, none written. */
    public void leaveUnprocessed(int n) {
        unprocessedBatches.set(n);
    }

    /**
     * Kills the run that makes the {@code nth} call matching {@code call} on one item partition (one account), before
     * that call reaches DynamoDB or, with {@code afterTheCall}, right after it succeeded.
     */
    public void killAt(String where, Predicate<SdkRequest> call, int nth, boolean afterTheCall) {
        killCounts.clear();
        kill = new Kill(where, call, nth, afterTheCall);
    }

    /** Runs {@code read} with no fault applied to its calls (the test's own look at the table). */
    public <T> T unfaulted(java.util.function.Supplier<T> read) {
        bypassed.set(true);
        try {
            return read.get();
        } finally {
            bypassed.set(false);
        }
    }

    /** True once an armed kill has struck. */
    public boolean struck() {
        return !killedRuns.isEmpty();
    }

    /** Disarms every fault (killed runs stay dead). */
    public void clear() {
        throttledAttempts.set(0);
        unprocessedBatches.set(0);
        kill = null;
    }

    /** A cursor item's UpdateItem: taking, renewing or releasing an account's lease, or a page's checkpoint. */
    public static boolean cursorUpdate(SdkRequest r) {
        return r instanceof UpdateItemRequest u && "CURSOR".equals(u.key().get("sk").s());
    }

    /** A BatchWriteItem of a full chunk (25 items): a page that needs more than one call is cut after it. */
    public static boolean fullBatchWrite(SdkRequest r) {
        return r instanceof BatchWriteItemRequest b && b.requestItems().values().stream().mapToInt(java.util.List::size)
                .sum() == 25;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (bypassed.get()) {
            return;
        }
        String run = MDC.get("runId");
        if (run != null && killedRuns.contains(run)) {
            throw new ProcessKilled("a later call of the killed run");
        }
        if (strikes(context.request(), false)) {
            killedRuns.add(run == null ? "-" : run);
            throw new ProcessKilled(kill.where);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!bypassed.get() && strikes(context.request(), true)) {
            String run = MDC.get("runId");
            killedRuns.add(run == null ? "-" : run);
            throw new ProcessKilled(kill.where);
        }
    }

    private boolean strikes(SdkRequest request, boolean after) {
        Kill k = kill;
        if (k == null || k.afterTheCall != after || !k.call.test(request)) {
            return false;
        }
        int n = killCounts.computeIfAbsent(partition(request), p -> new AtomicInteger()).incrementAndGet();
        if (n != k.nth) {
            return false;
        }
        kill = null;
        return true;
    }

    private static String partition(SdkRequest r) {
        Map<String, AttributeValue> key = r instanceof UpdateItemRequest u ? u.key()
                : r instanceof BatchWriteItemRequest b ? b.requestItems().values().iterator().next().get(0)
                        .putRequest() == null ? b.requestItems().values().iterator().next().get(0).deleteRequest().key()
                        : b.requestItems().values().iterator().next().get(0).putRequest().item()
                : Map.of();
        AttributeValue pk = key.get("pk");
        return pk == null ? "-" : pk.s();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!bypassed.get() && attributes.getAttribute(UNPROCESSED) == null && throttled.test(context.request())
                && throttledAttempts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw ProvisionedThroughputExceededException.builder().statusCode(400).message("throttled (test fault)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("throttled (test fault)").serviceName("DynamoDb").build())
                    .build();
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (bypassed.get() || !(context.request() instanceof BatchWriteItemRequest)
                || unprocessedBatches.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            return context.httpRequest();
        }
        JsonNode body = read(context.requestBody().orElseThrow().contentStreamProvider().newStream());
        ObjectNode answer = BankJson.mapper().createObjectNode();
        answer.set("UnprocessedItems", body.path("RequestItems"));
        attributes.putAttribute(UNPROCESSED, answer.toString());
        return context.httpRequest().toBuilder().putHeader("X-Amz-Target", LIST_TABLES)
                .putHeader("Content-Length", "2").build();
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return attributes.getAttribute(UNPROCESSED) == null ? context.requestBody()
                : Optional.of(RequestBody.fromString("{}"));
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(UNPROCESSED) == null) {
            return context.httpResponse();
        }
        // The checksum and length were of ListTables' answer.
        return context.httpResponse().toBuilder().statusCode(200).removeHeader("x-amz-crc32")
                .removeHeader("Content-Length").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        String answer = attributes.getAttribute(UNPROCESSED);
        return answer == null ? context.responseBody()
                : Optional.of(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode read(InputStream in) {
        try (in) {
            return BankJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
