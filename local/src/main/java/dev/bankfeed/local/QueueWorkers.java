package dev.bankfeed.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.queue.SqsEvents;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.store.RunRecord;
import dev.bankfeed.store.RunStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Lambda's SQS event source mapping, played on this machine for the template's work queues: pollers per queue
 * (at most the event source's MaximumConcurrency), each receiving up to BatchSize messages with a long poll,
 * handing them to the function's handler as the SQS event Lambda sends, deleting the messages the answer does
 * not name in {@code batchItemFailures} and leaving the others to become visible again after the visibility
 * timeout (ReportBatchItemFailures). Handlers run in this JVM, built from the same code as in Lambda: a worker
 * thread is an execution environment that stays warm.
 */
final class QueueWorkers {

    /** How long the queues must look empty, with nothing in flight, before {@code untilEmpty} stops. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    private static final long TICK_MILLIS = 250;

    /** One function's queue and its handler; {@code runs} finds the run records its units report to. */
    record Source(SamTemplate.Function function, SamTemplate.WorkQueue queue, String queueUrl,
            RequestStreamHandler handler, RunStore runs) {
    }

    /** What the workers did: units delivered, and of them failed (left for redelivery). */
    record Totals(long delivered, long failed, int runsFinished) {
    }

    private final SqsClient sqs;
    private final List<Source> sources;
    private final int workers;
    private final Integer visibilityTimeout;
    private final Consumer<RunRecord> finished;
    private final PrintStream err;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Runs seen in messages and not yet FINISHED, with the store to ask. */
    private final Map<String, RunStore> pendingRuns = new ConcurrentHashMap<>();
    private final Set<String> finishedRuns = ConcurrentHashMap.newKeySet();
    private volatile boolean stop;

    /**
     * @param workers pollers per queue, each capped at its event source's MaximumConcurrency
     * @param visibilityTimeout seconds a received message stays hidden instead of the queue's own setting, or null
     * @param finished told once of each run seen in a message when its record is FINISHED
     */
    QueueWorkers(SqsClient sqs, List<Source> sources, int workers, Integer visibilityTimeout,
            Consumer<RunRecord> finished, PrintStream err) {
        this.sqs = sqs;
        this.sources = List.copyOf(sources);
        this.workers = workers;
        this.visibilityTimeout = visibilityTimeout;
        this.finished = finished;
        this.err = err;
    }

    /** The handler class the template names for {@code function}, built over {@code bankfeed}. */
    static RequestStreamHandler handler(SamTemplate.Function function, Bankfeed bankfeed)
            throws ReflectiveOperationException {
        return (RequestStreamHandler) Class.forName(function.handlerClass()).getConstructor(Bankfeed.class)
                .newInstance(bankfeed);
    }

    /** How many pollers {@code source} gets. */
    int pollers(Source source) {
        return Math.max(1, Math.min(workers, source.queue().maximumConcurrency()));
    }

    /**
     * Polls every queue until every one is empty with nothing in flight ({@code untilEmpty}) or until the
     * thread is interrupted; returns what was done.
     */
    Totals run(boolean untilEmpty) throws InterruptedException {
        stop = false;
        delivered.set(0);
        failed.set(0);
        List<Thread> threads = new ArrayList<>();
        for (Source s : sources) {
            for (int i = 0; i < pollers(s); i++) {
                // Draining: short polls, as moto's long poll holds its one process busy for the other calls.
                Thread t = new Thread(() -> poll(s, untilEmpty ? 0 : 5),
                        "work-" + s.function().logicalId() + "-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }
        int finishedBefore = finishedRuns.size();
        try {
            long quietSince = -1;
            while (true) {
                Thread.sleep(TICK_MILLIS);
                reportFinishedRuns();
                if (!untilEmpty) {
                    continue;
                }
                if (inFlight.get() == 0 && queuesEmpty()) {
                    if (quietSince < 0) {
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince >= SETTLE.toNanos()) {
                        break;
                    }
                } else {
                    quietSince = -1;
                }
            }
        } finally {
            stop = true;
            for (Thread t : threads) {
                t.join(10_000);
            }
            reportFinishedRuns();
        }
        return new Totals(delivered.get(), failed.get(), finishedRuns.size() - finishedBefore);
    }

    private void poll(Source s, int waitSeconds) {
        while (!stop) {
            List<Message> batch;
            try {
                ReceiveMessageRequest.Builder r = ReceiveMessageRequest.builder().queueUrl(s.queueUrl())
                        .maxNumberOfMessages(Math.max(1, Math.min(10, s.queue().batchSize())))
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL);
                if (visibilityTimeout != null) {
                    r.visibilityTimeout(visibilityTimeout);
                }
                batch = sqs.receiveMessage(r.build()).messages();
                if (batch.isEmpty()) {
                    if (waitSeconds == 0) {
                        sleepQuietly(TICK_MILLIS);
                    }
                    continue;
                }
                // Until deleted, the queue counts these as not visible; this covers the time after.
                inFlight.incrementAndGet();
                try {
                    deliver(s, batch);
                } finally {
                    inFlight.decrementAndGet();
                }
            } catch (RuntimeException e) {
                if (stop) {
                    return;
                }
                err.println("- workers: " + s.function().logicalId() + ": " + e.getMessage());
                sleepQuietly(1000);
            }
        }
    }

    /** One invocation with the batch, settled as Lambda settles it. */
    private void deliver(Source s, List<Message> batch) {
        for (Message m : batch) {
            String runId = runId(m.body());
            if (runId != null && !finishedRuns.contains(runId)) {
                pendingRuns.putIfAbsent(runId, s.runs());
            }
        }
        Set<String> failedIds = new HashSet<>();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.handler().handleRequest(new ByteArrayInputStream(BankJson.mapper().writeValueAsBytes(
                    SqsEvents.of(batch, "arn:aws:sqs:local:000000000000:" + s.queue().logicalId(), "local"))),
                    out, new LocalContext(s.function().logicalId(), Duration.ofSeconds(s.function().timeoutSeconds()),
                            s.function().memoryMb()));
            BankJson.mapper().readTree(out.toByteArray()).path("batchItemFailures")
                    .forEach(f -> failedIds.add(f.path("itemIdentifier").asText()));
        } catch (IOException | RuntimeException e) {
            // A function error fails the whole batch, as in Lambda.
            err.println("- workers: " + s.function().logicalId() + " failed on a batch of " + batch.size()
                    + ": " + e);
            batch.forEach(m -> failedIds.add(m.messageId()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : batch) {
            if (!failedIds.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(s.queueUrl()).entries(done));
        }
        delivered.addAndGet(batch.size());
        failed.addAndGet(batch.size() - done.size());
    }

    private boolean queuesEmpty() {
        for (Source s : sources) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(s.queueUrl()).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            for (String count : a.values()) {
                if (!"0".equals(count)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void reportFinishedRuns() {
        for (Map.Entry<String, RunStore> e : List.copyOf(pendingRuns.entrySet())) {
            e.getValue().find(e.getKey()).filter(r -> r.status() == RunRecord.Status.FINISHED).ifPresent(r -> {
                if (finishedRuns.add(r.runId())) {
                    pendingRuns.remove(r.runId());
                    finished.accept(r);
                }
            });
        }
    }

    private static String runId(String body) {
        try {
            JsonNode unit = BankJson.mapper().readTree(body);
            return unit.path("runId").isTextual() ? unit.path("runId").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
