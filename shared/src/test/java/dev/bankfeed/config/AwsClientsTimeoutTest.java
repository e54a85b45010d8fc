package dev.bankfeed.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class AwsClientsTimeoutTest {

    @Test
    void overrides_noVariables_setBothTimeoutsToTheDefaults() {
        ClientOverrideConfiguration o = AwsClients.overrides(Map.of());

        assertThat(o.apiCallTimeout()).contains(AwsClients.DEFAULT_API_CALL_TIMEOUT);
        assertThat(o.apiCallAttemptTimeout()).contains(AwsClients.DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
        assertThat(AwsClients.DEFAULT_API_CALL_ATTEMPT_TIMEOUT).isLessThan(AwsClients.DEFAULT_API_CALL_TIMEOUT);
    }

    @Test
    void overrides_variables_overrideEachTimeout() {
        ClientOverrideConfiguration o = AwsClients.overrides(Map.of(
                "SDK_CALL_TIMEOUT_MS", "9000", "SDK_ATTEMPT_TIMEOUT_MS", "1500"));

        assertThat(o.apiCallTimeout()).contains(Duration.ofMillis(9000));
        assertThat(o.apiCallAttemptTimeout()).contains(Duration.ofMillis(1500));
    }

    @Test
    void overrides_unusableValues_areRefusedNamingTheVariable() {
        assertThatThrownBy(() -> AwsClients.overrides(Map.of("SDK_CALL_TIMEOUT_MS", "soon")))
                .hasMessageContaining("SDK_CALL_TIMEOUT_MS");
        assertThatThrownBy(() -> AwsClients.overrides(Map.of("SDK_ATTEMPT_TIMEOUT_MS", "0")))
                .hasMessageContaining("SDK_ATTEMPT_TIMEOUT_MS");
        assertThatThrownBy(() -> AwsClients.overrides(Map.of(
                "SDK_CALL_TIMEOUT_MS", "1000", "SDK_ATTEMPT_TIMEOUT_MS", "2000")))
                .hasMessageContaining("SDK_ATTEMPT_TIMEOUT_MS");
    }

    /** An endpoint that accepts connections and never answers: without a call timeout the SDK would wait on. */
    @Test
    void dynamoDbClient_endpointThatNeverAnswers_failsWithinTheCallTimeout() throws IOException {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (DynamoDbClient client = AwsClients.configure(DynamoDbClient.builder(), Map.of(
                            "SDK_CALL_TIMEOUT_MS", "1500", "SDK_ATTEMPT_TIMEOUT_MS", "400"))
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                    .endpointOverride(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                    .build()) {
                long start = System.nanoTime();

                assertThatThrownBy(client::listTables).isInstanceOf(SdkClientException.class)
                        .hasMessageContaining("timeout");

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
