package dev.bankfeed.store.dynamo;

import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.Transaction;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.WriteCounts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * moto_server never returns unprocessed items or throttles, so a proxy in front of it does: it forwards
 * only half of each batch and hands the rest back as unprocessed, or throws a throttling error. It also
 * plays a run that dies part-way through a page: change records never processed, or a crash on the write
 * of one item.
 */
class DynamoBatchRetryIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    /** The faults the proxy injects, and for how many calls. */
    private int halfProcessedCalls;
    private int throttledCalls;
    private boolean changeRecordsNeverProcessed;
    /** The sort key whose first write (batch or transaction) fails as if the run had died there. */
    private String crashOnWriteOf;
    /** Runs once just before the next transaction reaches DynamoDB: another run's write at that moment. */
    private Runnable beforeTransaction;
    private final List<Long> sleeps = new ArrayList<>();
    private TransactionStore txns;
    private TransactionStore reliable;

    @BeforeEach
    void setUp() {
        sleeps.clear();
        Backoff counting = new Backoff(6, 10, 80, sleeps::add);
        txns = DynamoStores.create(flaky(DYNAMO.client()), DYNAMO.table(), new MutableClock(Instant.EPOCH),
                ProviderModules.twinning(), counting)
                .transactions();
        reliable = DynamoStores.create(DYNAMO.client(), DYNAMO.table(), new MutableClock(Instant.EPOCH),
                ProviderModules.twinning()).transactions();
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

    @Test
    void upsert_itemWrittenButItsChangeRecordNot_replayStillRecordsTheChange() {
        Txn t = Txn.booked("t1");
        reliable.upsertTransactions(List.of(t.build()));
        t.description = "Card payment corrected";
        changeRecordsNeverProcessed = true;

        assertThatThrownBy(() -> txns.upsertTransactions(List.of(t.build())))
                .isInstanceOf(DynamoStoreException.class);
        changeRecordsNeverProcessed = false;
        WriteCounts replay = reliable.upsertTransactions(List.of(t.build()));

        assertThat(replay).isEqualTo(new WriteCounts(0, 1, 0));
        assertThat(reliable.find(t.build().canonicalId())).contains(t.build());
        assertThat(DYNAMO.itemsWithSortPrefix("CHG#t1#")).singleElement().satisfies(change -> {
            assertThat(change.get("before").m().get("description").s()).isEqualTo("Card payment");
            assertThat(change.get("after").m().get("description").s()).isEqualTo("Card payment corrected");
        });
    }

    @Test
    void upsert_runDiesBeforeBookedTwinIsWritten_replayClosesOnlyOnePending() {
        reliable.upsertTransactions(List.of(Txn.pending("p1").on(LocalDate.of(2026, 3, 9)).build(),
                Txn.pending("p2").on(LocalDate.of(2026, 3, 12)).build()));
        Transaction booked = Txn.booked("b1").on(LocalDate.of(2026, 3, 10)).build();
        crashOnWriteOf = "TXN#b1";

        assertThatThrownBy(() -> txns.upsertTransactions(List.of(booked))).hasMessageContaining("run died");
        WriteCounts replay = reliable.upsertTransactions(List.of(booked));

        assertThat(replay).isEqualTo(new WriteCounts(1, 0, 0));
        assertThat(reliable.openPending(Txn.ACCOUNT_ID, null)).hasSize(1);
        assertThat(reliable.countActive(Txn.ACCOUNT_ID)).isEqualTo(2);
    }

    @Test
    void upsert_pendingTwinClosedByAnotherRunMeanwhile_closesTheNextTwinInstead() {
        Transaction near = Txn.pending("p-near").on(LocalDate.of(2026, 3, 9)).build();
        Transaction far = Txn.pending("p-far").on(LocalDate.of(2026, 3, 3)).build();
        reliable.upsertTransactions(List.of(near, far));
        Transaction otherBooked = Txn.booked("b-other").on(LocalDate.of(2026, 3, 9)).build();
        beforeTransaction = () -> reliable.upsertTransactions(List.of(otherBooked));

        WriteCounts counts = txns.upsertTransactions(List.of(Txn.booked("b1").on(LocalDate.of(2026, 3, 10)).build()));

        assertThat(counts).isEqualTo(new WriteCounts(1, 0, 0));
        assertThat(reliable.openPending(Txn.ACCOUNT_ID, null)).isEmpty();
        assertThat(reliable.countActive(Txn.ACCOUNT_ID)).isEqualTo(2);
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#p-near").get(0).get("supersededBy").s())
                .isEqualTo(otherBooked.canonicalId());
        assertThat(DYNAMO.itemsWithSortPrefix("TXN#b1").get(0).get("supersedes").s()).isEqualTo(far.canonicalId());
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
                    if (request instanceof TransactWriteItemsRequest && beforeTransaction != null) {
                        Runnable other = beforeTransaction;
                        beforeTransaction = null;
                        other.run();
                    }
                    if (crashOnWriteOf != null && writes(request, crashOnWriteOf)) {
                        crashOnWriteOf = null;
                        throw new IllegalStateException("run died before this write");
                    }
                    if (request instanceof BatchWriteItemRequest w && changeRecordsNeverProcessed) {
                        return withoutChangeRecords(real, w);
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

    private static boolean writes(Object request, String sortKey) {
        Stream<Map<String, AttributeValue>> items;
        if (request instanceof BatchWriteItemRequest w) {
            items = w.requestItems().values().stream().flatMap(List::stream)
                    .filter(r -> r.putRequest() != null).map(r -> r.putRequest().item());
        } else if (request instanceof TransactWriteItemsRequest t) {
            items = t.transactItems().stream().filter(i -> i.put() != null).map(i -> i.put().item());
        } else {
            return false;
        }
        return items.anyMatch(item -> sortKey.equals(item.get(BankfeedTable.SK).s()));
    }

    /** Writes the batch but its change records, which come back unprocessed. */
    private BatchWriteItemResponse withoutChangeRecords(DynamoDbClient real, BatchWriteItemRequest w) {
        String table = DYNAMO.table();
        Map<Boolean, List<WriteRequest>> isChange = w.requestItems().get(table).stream().collect(
                Collectors.partitioningBy(r -> r.putRequest().item().get(BankfeedTable.SK).s().startsWith("CHG#")));
        if (!isChange.get(false).isEmpty()) {
            real.batchWriteItem(w.toBuilder().requestItems(Map.of(table, isChange.get(false))).build());
        }
        return BatchWriteItemResponse.builder().unprocessedItems(Map.of(table, isChange.get(true))).build();
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
