package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The table definition template.yaml mirrors: if this test changes, the template must change with it. */
class BankfeedTableTest {

    private final CreateTableRequest table = BankfeedTable.createTableRequest("bankfeed");

    @Test
    void createTableRequest_onDemandWithStringPkAndSk() {
        assertThat(table.tableName()).isEqualTo("bankfeed");
        assertThat(table.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.keySchema()).extracting(KeySchemaElement::attributeName, KeySchemaElement::keyType)
                .containsExactly(tuple("pk", KeyType.HASH), tuple("sk", KeyType.RANGE));
        assertThat(table.attributeDefinitions())
                .extracting(AttributeDefinition::attributeName, AttributeDefinition::attributeType)
                .containsExactlyInAnyOrder(
                        tuple("pk", ScalarAttributeType.S), tuple("sk", ScalarAttributeType.S),
                        tuple("gsi1pk", ScalarAttributeType.S), tuple("gsi1sk", ScalarAttributeType.S),
                        tuple("pendpk", ScalarAttributeType.S), tuple("pendsk", ScalarAttributeType.S));
        assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(BankfeedTable.TTL_ATTRIBUTE).isEqualTo("expiresAt");
    }

    @Test
    void createTableRequest_twoSparseIndexes() {
        Map<String, GlobalSecondaryIndex> indexes = table.globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(GlobalSecondaryIndex::indexName, i -> i));

        assertThat(indexes).containsOnlyKeys("byConnection", "openPending");
        assertThat(indexes.get("byConnection").keySchema())
                .extracting(KeySchemaElement::attributeName, KeySchemaElement::keyType)
                .containsExactly(tuple("gsi1pk", KeyType.HASH), tuple("gsi1sk", KeyType.RANGE));
        assertThat(indexes.get("byConnection").projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        assertThat(indexes.get("openPending").keySchema())
                .extracting(KeySchemaElement::attributeName, KeySchemaElement::keyType)
                .containsExactly(tuple("pendpk", KeyType.HASH), tuple("pendsk", KeyType.RANGE));
        assertThat(indexes.get("openPending").projection().projectionType()).isEqualTo(ProjectionType.ALL);
    }
}
