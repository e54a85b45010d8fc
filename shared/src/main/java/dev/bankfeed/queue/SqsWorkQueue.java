package dev.bankfeed.queue;

import dev.bankfeed.job.WorkQueue;
import dev.bankfeed.job.WorkUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Work units as SQS messages (the unit's JSON as the body), sent with SendMessageBatch, ten per call; entries
 * that fail are sent again with a short backoff, and a unit still refused after that fails the whole send.
 */
public final class SqsWorkQueue implements WorkQueue {

    static final int BATCH_MAX = 10;
    private static final int ATTEMPTS = 5;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsWorkQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(List<WorkUnit> units, Duration delay) {
        int delaySeconds = (int) Math.max(0, Math.min(900, delay.toSeconds()));
        for (int from = 0; from < units.size(); from += BATCH_MAX) {
            List<SendMessageBatchRequestEntry> pending = new ArrayList<>();
            List<WorkUnit> chunk = units.subList(from, Math.min(units.size(), from + BATCH_MAX));
            for (int i = 0; i < chunk.size(); i++) {
                pending.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(chunk.get(i).toJson()).delaySeconds(delaySeconds).build());
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<SendMessageBatchRequestEntry> batch = pending;
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
                Map<String, BatchResultErrorEntry> failed = r.failed().stream()
                        .collect(Collectors.toMap(BatchResultErrorEntry::id, e -> e));
                pending = batch.stream().filter(e -> failed.containsKey(e.id())).toList();
                if (pending.isEmpty()) {
                    break;
                }
                BatchResultErrorEntry first = failed.get(pending.get(0).id());
                if (attempt >= ATTEMPTS || first.senderFault()) {
                    throw new IllegalStateException(pending.size() + " work unit(s) not accepted by the queue: "
                            + first.code());
                }
                sleep(50L << attempt);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending work units", e);
        }
    }
}
