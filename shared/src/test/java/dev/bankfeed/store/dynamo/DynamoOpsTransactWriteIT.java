package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bankfeed.testing.MotoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * DynamoOps.transactWrite at the SDK boundary: the first TransactWriteItems calls are sent to a tiny fake that
 * answers the way DynamoDB cancels a transaction (HTTP 400, TransactionCanceledException with one cancellation
 * reason); every other call reaches a moto_server, which does the real write and enforces the conditions.
 */
class DynamoOpsTransactWriteIT {

    private static final String TABLE = "ops-transact";

    private static MotoServer moto;
    private static HttpServer fake;
    private static DynamoDbClient client;
    /** The cancellation reason code the fake answers with, and how many more calls it takes. */
    private static volatile String fakeReason;
    private static final AtomicInteger FAKED = new AtomicInteger();
    private static final AtomicInteger FAKE_HITS = new AtomicInteger();

    private final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private int n;

    @BeforeAll
    static void start() throws Exception {
        MotoServer.assumeAvailable();
        moto = MotoServer.start();
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            FAKE_HITS.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                    + "\"Message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons ["
                    + fakeReason + "]\",\"CancellationReasons\":[{\"Code\":\"" + fakeReason + "\",\"Message\":\"x\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        fake.start();
        client = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .endpointOverride(moto.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ToFakeFirst()))
                .build();
        BankfeedTable.createIfMissing(client, TABLE);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (fake != null) {
            fake.stop(0);
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** Sends the next {@link #FAKED} TransactWriteItems calls to the fake instead of moto. */
    private static final class ToFakeFirst implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            boolean transact = "TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            if (transact && FAKED.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return context.httpRequest().toBuilder().protocol("http").host("127.0.0.1")
                        .port(fake.getAddress().getPort()).build();
            }
            return context.httpRequest();
        }
    }

    @BeforeEach
    void reset() {
        FAKED.set(0);
        FAKE_HITS.set(0);
        n++;
    }

    private DynamoOps ops(int maxAttempts) {
        return new DynamoOps(client, TABLE, new CapacityMeter(), new Backoff(maxAttempts, 1, 4, sleeps::add));
    }

    private String pk(String test) {
        return test + "-" + n + "-" + System.nanoTime();
    }

    private static List<TransactWriteItem> putNew(String pk) {
        return List.of(TransactWriteItem.builder().put(p -> p.tableName(TABLE)
                .item(Map.of(BankfeedTable.PK, AttributeValue.fromS(pk), BankfeedTable.SK, AttributeValue.fromS("x")))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK))).build());
    }

    private static boolean stored(String pk) {
        return client.getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of(
                BankfeedTable.PK, AttributeValue.fromS(pk), BankfeedTable.SK, AttributeValue.fromS("x")))).hasItem();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ThrottlingError", "ProvisionedThroughputExceeded", "TransactionConflict"})
    void transactWrite_cancelledForAReasonThatPasses_isRetriedWithBackoffAndWrites(String reason) {
        fakeReason = reason;
        FAKED.set(2);
        String pk = pk("retried");

        boolean written = ops(10).transactWrite(() -> putNew(pk), "test transaction");

        assertThat(written).isTrue();
        assertThat(stored(pk)).isTrue();
        assertThat(FAKE_HITS.get()).isEqualTo(2);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void transactWrite_throttledOnEveryAttempt_failsOnceTheBackoffBudgetIsSpent() {
        fakeReason = "ThrottlingError";
        FAKED.set(100);
        String pk = pk("spent");

        assertThatThrownBy(() -> ops(3).transactWrite(() -> putNew(pk), "test transaction"))
                .isInstanceOf(DynamoStoreException.class)
                .hasMessageContaining("test transaction");
        assertThat(FAKE_HITS.get()).isEqualTo(3);
        assertThat(stored(pk)).isFalse();
    }

    @Test
    void transactWrite_conditionalCheckFailed_returnsFalseWithoutRetry() {
        String pk = pk("condition");
        assertThat(ops(10).transactWrite(() -> putNew(pk), "first")).isTrue();

        boolean again = ops(10).transactWrite(() -> putNew(pk), "second");

        assertThat(again).isFalse();
        assertThat(sleeps).isEmpty();
        assertThat(FAKE_HITS.get()).isZero();
    }
}
