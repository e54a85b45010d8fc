package dev.bankfeed.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.testing.ChildJava;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Tracing is off outside Lambda (no daemon to miss, nothing logged), and on in Lambda sends subsegments to the
 * daemon: a unit span annotated with run, connection and account ids, holding the span of an AWS SDK call and of
 * a provider call with host, path template and status and nothing of the query. The Lambda case runs in a child
 * JVM with Lambda's variables and trace header, against a UDP socket standing in for the X-Ray daemon.
 */
class TracingTest {

    @Test
    void enabled_onlyInLambdaWithADaemon_andNotWhenTurnedOff() {
        Map<String, String> lambda = Map.of("AWS_LAMBDA_FUNCTION_NAME", "f", "LAMBDA_TASK_ROOT", "/var/task",
                "AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        assertThat(Tracing.enabled(lambda)).isTrue();
        for (String missing : lambda.keySet()) {
            var without = new HashMap<>(lambda);
            without.remove(missing);
            assertThat(Tracing.enabled(without)).as(missing).isFalse();
        }
        var off = new HashMap<>(lambda);
        off.put("BANKFEED_TRACING", "off");
        assertThat(Tracing.enabled(off)).isFalse();
    }

    @Test
    void off_spansRunTheWorkAndRecordNothing() {
        assertThat(Tracing.enabled()).isFalse();
        assertThat(Tracing.awsSdkInterceptor()).isEmpty();
        assertThat(Tracing.remoteCall("atoa", "GET", "h", "/p")).isSameAs(Tracing.Span.NONE);
        assertThat(Tracing.span("unit", Map.of("runId", "r"), () -> 42)).isEqualTo(42);
    }

    @Test
    void inLambda_unitSpanWithIdAnnotations_holdsTheSdkCallAndTheProviderCall_withoutTheQuery() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            daemon.setSoTimeout(500);
            Map<String, String> env = new HashMap<>();
            env.put("AWS_LAMBDA_FUNCTION_NAME", "tracing-test");
            env.put("LAMBDA_TASK_ROOT", "/var/task");
            env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + daemon.getLocalPort());
            env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
            env.put("BANKFEED_TRACING", null);
            String out = ChildJava.run(InLambda.class, env, "-Dcom.amazonaws.xray.traceHeader="
                    + "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");

            List<JsonNode> sent = new ArrayList<>();
            byte[] buf = new byte[65_536];
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buf, buf.length);
                    daemon.receive(packet);
                    String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                    sent.add(BankJson.mapper().readTree(text.substring(text.indexOf('\n') + 1)));
                }
            } catch (SocketTimeoutException e) {
                // everything the child sent has arrived
            }
            JsonNode unit = sent.stream().filter(d -> "unit".equals(d.path("name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no unit subsegment in " + sent + "\n" + out));
            assertThat(unit.path("trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
            assertThat(unit.path("annotations").path("runId").asText()).isEqualTo("run-1");
            assertThat(unit.path("annotations").path("connectionId").asText()).isEqualTo("atoa-1");
            assertThat(unit.path("annotations").path("accountId").asText()).isEqualTo("atoa:acc-1");
            List<JsonNode> children = new ArrayList<>();
            unit.path("subsegments").forEach(children::add);
            assertThat(children).anySatisfy(c -> {
                assertThat(c.path("namespace").asText()).isEqualTo("aws");
                assertThat(c.path("aws").path("operation").asText()).isEqualTo("GetItem");
            });
            assertThat(children).anySatisfy(c -> {
                assertThat(c.path("name").asText()).isEqualTo("bank.example");
                assertThat(c.path("namespace").asText()).isEqualTo("remote");
                assertThat(c.path("http").path("request").path("url").asText())
                        .isEqualTo("https://bank.example/api/accounts/{accountId}/transactions");
                assertThat(c.path("http").path("response").path("status").asInt()).isEqualTo(429);
                assertThat(c.path("throttle").asBoolean()).isTrue();
            });
            assertThat(sent.toString()).doesNotContain("secret-token").doesNotContain("acc-1/transactions");
        }
    }

    /** The child: a unit as RunEngine and HttpExecutor trace it, inside Lambda's environment. */
    public static final class InLambda {

        public static void main(String[] args) {
            Tracing.span("unit", Tracing.annotations("runId", "run-1", "job", "transactions", "connectionId",
                    "atoa-1", "accountId", "atoa:acc-1"), () -> {
                        ClientOverrideConfiguration.Builder c = ClientOverrideConfiguration.builder()
                                .retryStrategy(RetryMode.STANDARD);
                        Tracing.awsSdkInterceptor().ifPresent(c::addExecutionInterceptor);
                        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.EU_WEST_1)
                                .endpointOverride(URI.create("http://127.0.0.1:1"))
                                .credentialsProvider(StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("AKIDEXAMPLE", "secret-token")))
                                .httpClientBuilder(UrlConnectionHttpClient.builder())
                                .overrideConfiguration(c.build()).build()) {
                            dynamo.getItem(b -> b.tableName("t").key(Map.of()));
                        } catch (RuntimeException expected) {
                            // nothing listens there: the failed call is traced all the same
                        }
                        Tracing.Span call = Tracing.remoteCall("atoa", "GET", "bank.example",
                                "/api/accounts/{accountId}/transactions");
                        call.status(429);
                        call.end();
                        return null;
                    });
        }
    }
}
