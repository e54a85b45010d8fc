package dev.bankfeed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.queue.SqsEvents;
import dev.bankfeed.queue.SqsWorkQueue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A work queue and its dead-letter queue on the test JVM's moto_server, and Lambda's SQS event source played by
 * hand: receive a batch, hand it to the handler as the SQS event Lambda sends, delete what the answer does not
 * name in {@code batchItemFailures}; a failed message becomes visible again at once (its visibility timeout
 * "passes"), so redrive to the dead-letter queue happens after maxReceiveCount receives.
 */
public final class WorkQueueDriver implements AutoCloseable {

    public final SqsClient sqs;
    public final String queueUrl;
    public final String deadLetterUrl;
    public final SqsWorkQueue queue;

    public WorkQueueDriver(int maxReceiveCount) {
        this.sqs = MotoServer.shared().sqsClient();
        String name = "work-" + UUID.randomUUID();
        this.deadLetterUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        this.queueUrl = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}")))
                .queueUrl();
        this.queue = new SqsWorkQueue(sqs, queueUrl);
    }

    /** Receives at most {@code max} visible messages (no wait). */
    public List<Message> receive(int max) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    /** Lambda's SQS event for {@code messages}. */
    public static ObjectNode event(List<Message> messages) {
        return SqsEvents.of(messages, "arn:aws:sqs:us-east-1:123456789012:work", "us-east-1");
    }

    /**
     * Delivers one batch of up to {@code batchSize} messages to {@code handler} and settles it as Lambda does;
     * returns how many messages were delivered (0: the queue shows none now).
     */
    public int deliverOnce(int batchSize, Function<JsonNode, JsonNode> handler) {
        List<Message> batch = receive(batchSize);
        if (batch.isEmpty()) {
            return 0;
        }
        JsonNode answer = handler.apply(event(batch));
        Set<String> failed = new HashSet<>();
        answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        for (Message m : batch) {
            if (failed.contains(m.messageId())) {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return batch.size();
    }

    /** Delivers batches until the queue shows no visible message; returns the number of deliveries. */
    public int drain(int batchSize, Function<JsonNode, JsonNode> handler) {
        int deliveries = 0;
        for (int n; (n = deliverOnce(batchSize, handler)) > 0; ) {
            deliveries += n;
        }
        return deliveries;
    }

    /** The messages in the dead-letter queue now. */
    public List<Message> deadLetters() {
        return sqs.receiveMessage(b -> b.queueUrl(deadLetterUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
    }

    @Override
    public void close() {
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        sqs.deleteQueue(b -> b.queueUrl(deadLetterUrl));
        sqs.close();
    }
}
