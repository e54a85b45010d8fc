package dev.bankfeed.store.dynamo;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The one definition of Bankfeed's single DynamoDB table: key schema, indexes, stream and TTL attribute.
 * The local runner and the tests create the table from it, and template.yaml mirrors it (see DATA_MODEL.md).
 */
public final class BankfeedTable {

    /** The table name used when none is configured. */
    public static final String DEFAULT_NAME = "bankfeed";

    public static final String PK = "pk";
    public static final String SK = "sk";

    /** Accounts and statuses by connection (sparse, KEYS_ONLY: status updates never write the index). */
    public static final String BY_CONNECTION_INDEX = "byConnection";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";

    /** Open PENDING transactions per account (sparse: the keys exist only while a pending item is open). */
    public static final String OPEN_PENDING_INDEX = "openPending";
    public static final String PEND_PK = "pendpk";
    public static final String PEND_SK = "pendsk";

    /** The table's only TTL attribute (epoch seconds), set on event-ledger claims and leases. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(500);

    private BankfeedTable() {
    }

    /** The CreateTable request of the Bankfeed table named {@code tableName}. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute(PK), stringAttribute(SK),
                        stringAttribute(GSI1_PK), stringAttribute(GSI1_SK),
                        stringAttribute(PEND_PK), stringAttribute(PEND_SK))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(
                        index(BY_CONNECTION_INDEX, GSI1_PK, GSI1_SK, ProjectionType.KEYS_ONLY),
                        index(OPEN_PENDING_INDEX, PEND_PK, PEND_SK, ProjectionType.ALL))
                // Downstream consumers read changes from the stream; it costs nothing on the write path.
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();
    }

    /**
     * Creates the table if it does not exist, waits until it and its indexes are ACTIVE, and enables TTL on
     * {@link #TTL_ATTRIBUTE}. Safe to call on every start and from two processes at once.
     */
    public static void createIfMissing(DynamoDbClient client, String tableName) {
        if (!exists(client, tableName)) {
            try {
                client.createTable(createTableRequest(tableName));
            } catch (ResourceInUseException raced) {
                // Another process created it between our describe and create: fine.
            }
        }
        waitUntilActive(client, tableName);
        TimeToLiveStatus ttl = client.describeTimeToLive(b -> b.tableName(tableName))
                .timeToLiveDescription().timeToLiveStatus();
        if (ttl != TimeToLiveStatus.ENABLED && ttl != TimeToLiveStatus.ENABLING) {
            client.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(s -> s.attributeName(TTL_ATTRIBUTE).enabled(true)));
        }
    }

    private static boolean exists(DynamoDbClient client, String tableName) {
        try {
            client.describeTable(b -> b.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static void waitUntilActive(DynamoDbClient client, String tableName) {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (true) {
            DescribeTableResponse d = client.describeTable(b -> b.tableName(tableName));
            boolean indexesActive = d.table().globalSecondaryIndexes().stream()
                    .map(GlobalSecondaryIndexDescription::indexStatus)
                    .allMatch(s -> s == IndexStatus.ACTIVE);
            if (d.table().tableStatus() == TableStatus.ACTIVE && indexesActive) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new DynamoStoreException("table " + tableName + " not ACTIVE after " + ACTIVE_TIMEOUT);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DynamoStoreException("interrupted while waiting for table " + tableName, e);
            }
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex index(String name, String hash, String range, ProjectionType projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(List.of(key(hash, KeyType.HASH), key(range, KeyType.RANGE)))
                .projection(Projection.builder().projectionType(projection).build())
                .build();
    }
}
