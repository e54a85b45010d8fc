package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.Transaction;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** AWS's bill for the store's calls, worked out from the items by DynamoDB's size and rounding rules. */
class AwsBilledCapacityIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private final AwsBilledCapacity billed = new AwsBilledCapacity();
    private DynamoDbClient client;
    private TransactionStore txns;

    @BeforeEach
    void setUp() {
        client = MotoServer.shared().dynamoClient(ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(billed).build());
        txns = DynamoStores.create(client, DYNAMO.table(), new MutableClock(Instant.EPOCH),
                ProviderModules.twinning()).transactions();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static List<Transaction> booked(int n) {
        return IntStream.range(0, n).mapToObj(i -> Txn.booked("t" + i).build()).toList();
    }

    @Test
    void firstUpsert_billsEachItemBySize_andEachMissingKeyAsOneRead() {
        txns.upsertTransactions(booked(30), 1); // as a walk writes a page: under its change sequence number

        List<Map<String, AttributeValue>> stored = DYNAMO.itemsWithSortPrefix("TXN#");
        assertThat(stored).hasSize(30);
        // Each item by its size, plus one unit for its byConnection index entry (KEYS_ONLY, under 1 KB) where it has
        // one: an unpaired booked Atoa record is indexed for a later pending to find it.
        long writeUnits = stored.stream().mapToLong(i -> (AwsBilledCapacity.itemSize(i) + 1023) / 1024
                + (i.containsKey("gsi1pk") ? 1 : 0)).sum();
        // And the page's change feed record: the 30 ids in one item.
        List<Map<String, AttributeValue>> feed = DYNAMO.itemsWithSortPrefix("FEED#");
        assertThat(feed).hasSize(1);
        long feedUnits = (AwsBilledCapacity.itemSize(feed.get(0)) + 1023) / 1024;
        assertThat(feedUnits).isEqualTo(1);
        assertThat(billed.writeUnits()).isEqualTo(writeUnits + feedUnits);
        // 30 consistent reads of keys not there yet, and the one openPending query (at least 1 RCU) that new booked
        // records of Atoa, which books pending records under new ids, make to look for their pending twins.
        assertThat(billed.readUnits()).isEqualTo(30 + 1);
    }

    @Test
    void unchangedReUpsert_billsNoWrite_andOneReadPerItemUnder4Kb() {
        txns.upsertTransactions(booked(30), 1);
        double writes = billed.writeUnits();
        double reads = billed.readUnits();

        txns.upsertTransactions(booked(30), 2); // nothing changed: no feed record either

        assertThat(billed.writeUnits() - writes).isZero();
        assertThat(billed.readUnits() - reads).isEqualTo(30);
    }

    @Test
    void pendingItem_alsoBillsItsOpenPendingIndexEntry() {
        txns.upsertTransactions(List.of(Txn.pending("p1").build()), 1);

        long size = AwsBilledCapacity.itemSize(DYNAMO.itemsWithSortPrefix("TXN#p1").get(0));
        assertThat(billed.writeUnits()).isEqualTo((size + 1023) / 1024 + (size + 100 + 1023) / 1024 + 1);
    }

    @Test
    void itemSize_followsDynamoDbsRules() {
        // Names and string values in UTF-8 bytes; numbers one byte per two significant digits plus one.
        assertThat(AwsBilledCapacity.itemSize(Map.of("ab", AttributeValue.fromS("héllo")))).isEqualTo(2 + 6);
        assertThat(AwsBilledCapacity.numberSize("-8999")).isEqualTo(3);
        assertThat(AwsBilledCapacity.numberSize("1500.00")).isEqualTo(2); // trailing zeros do not count
        assertThat(AwsBilledCapacity.valueSize(AttributeValue.fromBool(true))).isEqualTo(1);
        // A map: 3 bytes, 1 per element, and its names and values.
        assertThat(AwsBilledCapacity.valueSize(AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v")))))
                .isEqualTo(3 + 1 + 1 + 1);
    }
}
