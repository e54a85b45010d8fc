package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.store.StoreUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Whatever the SDK gives up with (a network failure, a service error other than throttling, the throttling the SDK
 * itself stopped retrying) leaves the stores as the store's own {@link StoreUnavailableException}, so the jobs
 * classify it as transient without knowing the AWS SDK, and its cause still tells what DynamoDB said.
 */
class DynamoOpsSdkFailureTest {

    private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("A"),
            "sk", AttributeValue.fromS("B"));

    static Stream<Arguments> callsAndFailures() {
        List<Arguments> all = new ArrayList<>();
        for (SdkException failure : List.of(
                SdkClientException.create("Unable to execute HTTP request: connection reset"),
                DynamoDbException.builder().statusCode(500).message("internal server error")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").build()).build(),
                DynamoDbException.builder().statusCode(400).message("throughput exceeded")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException").build()).build())) {
            Map<String, Consumer<DynamoOps>> calls = Map.of(
                    "get", ops -> ops.get(KEY),
                    "put", ops -> ops.put(b -> b.item(KEY)),
                    "update", ops -> ops.update(b -> b.key(KEY)),
                    "delete", ops -> ops.delete(b -> b.key(KEY)),
                    "query", ops -> ops.query(b -> b.keyConditionExpression("pk = :pk")),
                    "count", ops -> ops.count(b -> b.keyConditionExpression("pk = :pk")),
                    "batchGet", ops -> ops.batchGet(List.of(KEY), List.of()),
                    "batchWrite", ops -> ops.batchWrite(List.of(WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(KEY).build()).build())),
                    "transactWrite", ops -> ops.transactWrite(() -> List.of(TransactWriteItem.builder().build()),
                            "a transaction"));
            boolean throttling = failure instanceof DynamoDbException d && d.isThrottlingException();
            // Our own backoff retries a throttled batch call (DynamoBatchRetryIT); the others the SDK has retried.
            calls.forEach((name, call) -> {
                if (!(throttling && name.startsWith("batch"))) {
                    all.add(Arguments.of(name, call, failure));
                }
            });
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} failing with {2}")
    @MethodSource("callsAndFailures")
    void anSdkFailure_leavesAsTheStoresOwnTransientException(String name, Consumer<DynamoOps> call,
            SdkException failure) {
        DynamoOps ops = new DynamoOps(failing(failure), "t", new CapacityMeter(), new Backoff(3, 1, 2, ms -> { }));

        assertThatThrownBy(() -> call.accept(ops))
                .isInstanceOf(StoreUnavailableException.class)
                .hasCause(failure)
                .hasMessageContaining(failure.getMessage());
    }

    private static DynamoDbClient failing(SdkException failure) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoOpsSdkFailureTest.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args[0] instanceof Consumer<?>) {
                        // The Consumer<Builder> overloads: let the interface build the request, then fail.
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw failure;
                });
    }
}
