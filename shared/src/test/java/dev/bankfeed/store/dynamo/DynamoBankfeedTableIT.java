package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.provider.ProviderModules;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class DynamoBankfeedTableIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    @Test
    void createIfMissing_newTable_activeWithIndexesAndTtl() {
        BankfeedTable.createIfMissing(DYNAMO.client(), "bankfeed-fresh");

        TableDescription t = DYNAMO.client().describeTable(b -> b.tableName("bankfeed-fresh")).table();
        assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(t.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder(BankfeedTable.BY_CONNECTION_INDEX, BankfeedTable.OPEN_PENDING_INDEX);
        assertThat(t.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexStatus)
                .containsOnly(IndexStatus.ACTIVE);
        TimeToLiveDescription ttl = DYNAMO.client().describeTimeToLive(b -> b.tableName("bankfeed-fresh"))
                .timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo(BankfeedTable.TTL_ATTRIBUTE);
    }

    @Test
    void createIfMissing_existingTable_leavesItAndItsData() {
        DynamoStores.create(DYNAMO.client(), DYNAMO.table(), Clock.systemUTC(), ProviderModules.twinning())
                .events().claim("evt", Duration.ofHours(1));

        BankfeedTable.createIfMissing(DYNAMO.client(), DYNAMO.table());

        assertThat(DYNAMO.items()).hasSize(1);
    }
}
