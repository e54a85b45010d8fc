package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.Transaction;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.WriteCounts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB Local never returns unprocessed items or throttles, so a proxy in front of it does: it forwards
 * only half of each batch and hands the rest back as unprocessed, or throws a throttling error.
 */
class DynamoBatchRetryIT {

    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    /** The faults the proxy injects, and for how many calls. */
    private int halfProcessedCalls;
    private int throttledCalls;
    private final List<Long> sleeps = new ArrayList<>();
    private TransactionStore txns;
    private TransactionStore reliable;

    @BeforeEach
    void setUp() {
        sleeps.clear();
        Backoff counting = new Backoff(6, 10, 80, sleeps::add);
        txns = DynamoStores.create(flaky(DYNAMO.client()), DYNAMO.table(), new MutableClock(Instant.EPOCH), counting)
                .transactions();
        reliable = DynamoStores.create(DYNAMO.client(), DYNAMO.table(), new MutableClock(Instant.EPOCH)).transactions();
    }

    private static List<Transaction> page(int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            Txn t = Txn.booked("t" + i);
            t.reference = "R" + i;
            return t.build();
        }).toList();
    }

    @Test
    void batchWrite_unprocessedItems_retriedUntilEveryItemIsWritten() {
        halfProcessedCalls = 5;

        WriteCounts counts = txns.upsertTransactions(page(60));

        assertThat(counts).isEqualTo(new WriteCounts(60, 0, 0));
        assertThat(reliable.countActive(Txn.ACCOUNT_ID)).isEqualTo(60);
        assertThat(sleeps).isNotEmpty().allMatch(ms -> ms >= 0 && ms <= 80);
    }

    @Test
    void batchGet_unprocessedKeys_retriedSoNoKnownRecordLooksNew() {
        List<Transaction> page = page(130);
        reliable.upsertTransactions(page);
        halfProcessedCalls = 4;

        WriteCounts counts = txns.upsertTransactions(page);

        assertThat(counts).isEqualTo(new WriteCounts(0, 0, 130));
        assertThat(sleeps).isNotEmpty();
    }

    @Test
    void batchCall_throttled_retriedWithBackoff() {
        throttledCalls = 3;

        assertThat(txns.upsertTransactions(page(3))).isEqualTo(new WriteCounts(3, 0, 0));
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void batchWrite_neverProcessed_failsAfterItsBudget() {
        halfProcessedCalls = Integer.MAX_VALUE;

        assertThatThrownBy(() -> txns.upsertTransactions(page(1)))
                .isInstanceOf(DynamoStoreException.class)
                .hasMessageContaining("after 6 attempts");
        assertThat(sleeps).hasSize(5);
    }

    private DynamoDbClient flaky(DynamoDbClient real) {
        return (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    Object request = args == null || args.length == 0 ? null : args[0];
                    if ((request instanceof BatchGetItemRequest || request instanceof BatchWriteItemRequest)
                            && throttledCalls > 0) {
                        throttledCalls--;
                        throw ProvisionedThroughputExceededException.builder().statusCode(400).message("slow down")
                                .awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode("ProvisionedThroughputExceededException").build())
                                .build();
                    }
                    if (request instanceof BatchWriteItemRequest w && halfProcessedCalls > 0) {
                        halfProcessedCalls--;
                        return halfWrite(real, w);
                    }
                    if (request instanceof BatchGetItemRequest g && halfProcessedCalls > 0) {
                        halfProcessedCalls--;
                        return halfGet(real, g);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private BatchWriteItemResponse halfWrite(DynamoDbClient real, BatchWriteItemRequest w) {
        String table = DYNAMO.table();
        List<WriteRequest> all = w.requestItems().get(table);
        int half = all.size() / 2;
        if (half > 0) {
            real.batchWriteItem(w.toBuilder().requestItems(Map.of(table, all.subList(0, half))).build());
        }
        return BatchWriteItemResponse.builder()
                .unprocessedItems(Map.of(table, all.subList(half, all.size()))).build();
    }

    private BatchGetItemResponse halfGet(DynamoDbClient real, BatchGetItemRequest g) {
        String table = DYNAMO.table();
        KeysAndAttributes ka = g.requestItems().get(table);
        int half = ka.keys().size() / 2;
        List<Map<String, AttributeValue>> found = half == 0 ? List.of() : real.batchGetItem(g.toBuilder()
                .requestItems(Map.of(table, ka.toBuilder().keys(ka.keys().subList(0, half)).build())).build())
                .responses().get(table);
        return BatchGetItemResponse.builder()
                .responses(Map.of(table, found))
                .unprocessedKeys(Map.of(table, ka.toBuilder().keys(ka.keys().subList(half, ka.keys().size())).build()))
                .build();
    }
}
