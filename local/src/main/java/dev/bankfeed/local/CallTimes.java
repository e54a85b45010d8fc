package dev.bankfeed.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Wall time and count of the AWS calls of a client, per operation: where a local run spends its time when the
 * engine (not Bankfeed) is the slow part, as moto is with index queries on a large table.
 */
final class CallTimes implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bankfeed.callStarted");

    /** Calls and nanoseconds of one operation. */
    record Total(long calls, long nanos) {
    }

    private final Map<String, LongAdder[]> totals = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(context.request().getClass().getSimpleName(), attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(context.request().getClass().getSimpleName(), attributes);
    }

    private void record(String requestClass, ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started == null) {
            return;
        }
        LongAdder[] t = totals.computeIfAbsent(requestClass.replace("Request", ""),
                k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        t[0].increment();
        t[1].add(System.nanoTime() - started);
    }

    /** What happened between two snapshots, by operation name. */
    static Map<String, Total> minus(Map<String, Total> after, Map<String, Total> before) {
        Map<String, Total> out = new TreeMap<>();
        after.forEach((op, t) -> {
            Total b = before.getOrDefault(op, new Total(0, 0));
            if (t.calls() > b.calls()) {
                out.put(op, new Total(t.calls() - b.calls(), t.nanos() - b.nanos()));
            }
        });
        return out;
    }

    /** The totals so far, by operation name. */
    Map<String, Total> snapshot() {
        Map<String, Total> out = new TreeMap<>();
        totals.forEach((op, t) -> out.put(op, new Total(t[0].sum(), t[1].sum())));
        return out;
    }
}
