package dev.bankfeed.local;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The template's table and work queues, made on an AWS endpoint the way a deployment makes them: the table
 * with its keys, indexes and TTL; each dead-letter queue first, then its work queue with the RedrivePolicy and
 * VisibilityTimeout of the template. Locally a queue is named after its logical id (with a prefix, if given),
 * so that {@code invoke}, {@code start-api} and {@code work} find the same queues.
 */
final class TemplateResources {

    /** The table the functions' TABLE_NAME refers to. */
    static final String TABLE_RESOURCE = "StateTable";

    private TemplateResources() {
    }

    /** Creates the table {@code name} as the template declares {@code StateTable}, with its TTL. */
    static void createTable(DynamoDbClient dynamo, SamTemplate template, String name) {
        dynamo.createTable(template.createTableRequest(TABLE_RESOURCE, name));
        template.ttlAttribute(TABLE_RESOURCE).ifPresent(ttl -> dynamo.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(ttl).enabled(true).build())));
    }

    /** Creates the table unless it exists; true when it was created. */
    static boolean createTableIfMissing(DynamoDbClient dynamo, SamTemplate template, String name) {
        try {
            dynamo.describeTable(b -> b.tableName(name));
            return false;
        } catch (ResourceNotFoundException e) {
            createTable(dynamo, template, name);
            return true;
        }
    }

    /** The URL of queue {@code name}, or null when there is none. */
    static String queueUrl(SqsClient sqs, String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        } catch (SqsException e) {
            // moto answers in the JSON protocol with the query protocol's code, which the SDK does not map.
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The URL of {@code queue}'s queue, made (dead-letter queue first) when missing; {@code created} gets a
     * line for each queue made.
     */
    static String ensureQueue(SqsClient sqs, SamTemplate template, SamTemplate.WorkQueue queue, String prefix,
            List<String> created) {
        String name = prefix + queue.logicalId();
        String existing = queueUrl(sqs, name);
        if (existing != null) {
            return existing;
        }
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeout()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(queue.messageRetention()));
        String redrive = "";
        if (queue.deadLetterLogicalId() != null && queue.maxReceiveCount() > 0) {
            String dlqName = prefix + queue.deadLetterLogicalId();
            String dlqUrl = queueUrl(sqs, dlqName);
            if (dlqUrl == null) {
                dlqUrl = sqs.createQueue(b -> b.queueName(dlqName).attributes(Map.of(
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                        Integer.toString(template.messageRetention(queue.deadLetterLogicalId()))))).queueUrl();
                created.add("queue '" + dlqName + "'");
            }
            String dlqUrlFinal = dlqUrl;
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrlFinal)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                    + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
            redrive = ", to '" + dlqName + "' after " + queue.maxReceiveCount() + " receives";
        }
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        created.add("queue '" + name + "' (visibility " + queue.visibilityTimeout() + " s" + redrive + ")");
        return url;
    }

    /**
     * What {@code invoke}, {@code start-api} and {@code work} do before running: on a loopback endpoint, the
     * table of TABLE_NAME and each function's work queue are made when missing, and each function whose
     * environment does not set its queue variable gets its queue's URL. On any other endpoint nothing is made
     * and nothing is set: units then run inline unless the env-vars file names a queue. Changes
     * {@code environments} (function logical id to its merged environment) in place; says what it made on
     * {@code err}, one line each, after {@code command + ": "}.
     */
    static void prepare(SamTemplate template, Map<String, Map<String, String>> environments, String command,
            PrintStream err) {
        Map<String, String> tablesDone = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : environments.entrySet()) {
            Map<String, String> env = e.getValue();
            AwsEngine aws = AwsEngine.ofEnvironment(env);
            if (!aws.isLoopback()) {
                continue;
            }
            String table = env.getOrDefault("TABLE_NAME", "bankfeed");
            if (tablesDone.putIfAbsent(aws.endpoint() + " " + table, table) == null) {
                try (DynamoDbClient dynamo = aws.dynamo()) {
                    if (createTableIfMissing(dynamo, template, table)) {
                        err.println(command + ": created table '" + table + "' from the template (" + TABLE_RESOURCE
                                + ") on " + aws.endpoint());
                    }
                }
            }
            SamTemplate.WorkQueue queue = template.workQueue(e.getKey()).orElse(null);
            if (queue == null || env.containsKey(queue.urlVariable())) {
                continue;
            }
            List<String> created = new java.util.ArrayList<>();
            try (SqsClient sqs = aws.sqs()) {
                env.put(queue.urlVariable(), ensureQueue(sqs, template, queue, "", created));
            }
            created.forEach(c -> err.println(command + ": created " + c + " on " + aws.endpoint()));
        }
    }
}
