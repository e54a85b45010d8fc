package dev.bankfeed.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.json.BankJson;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The event Lambda's SQS event source hands a function for a batch of received messages, for whatever plays
 * that event source outside Lambda (the local runner's workers, tests).
 */
public final class SqsEvents {

    private SqsEvents() {
    }

    /** Lambda's SQS event for {@code messages}, received from the queue {@code queueArn}. */
    public static ObjectNode of(List<Message> messages, String queueArn, String region) {
        ObjectNode event = BankJson.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", region);
        }
        return event;
    }
}
