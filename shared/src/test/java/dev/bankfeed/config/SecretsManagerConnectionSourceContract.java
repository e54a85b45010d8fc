package dev.bankfeed.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.provider.atlar.AtlarCredentials;
import dev.bankfeed.provider.atoa.AtoaCredentials;
import dev.bankfeed.provider.finqware.FinqwareCredentials;
import dev.bankfeed.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The behaviour of {@link SecretsManagerConnectionSource} against a real Secrets Manager API: moto here, and
 * LocalStack where Docker runs. Each test works under its own random name prefix.
 */
abstract class SecretsManagerConnectionSourceContract {

    private static final Duration TTL = Duration.ofMinutes(5);

    protected abstract URI endpoint();

    protected abstract Region region();

    protected abstract AwsCredentialsProvider credentials();

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-04T10:00:00Z"));
    private SecretsManagerClient sm;
    private String prefix;

    @BeforeEach
    void setUpClient() {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        k -> new AtomicInteger()).incrementAndGet();
            }
        };
        sm = SecretsManagerClient.builder()
                .endpointOverride(endpoint())
                .region(region())
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                .build();
        prefix = "bankfeed-it-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @AfterEach
    void deleteSecrets() {
        for (String name : created) {
            sm.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
        }
        sm.close();
    }

    private void create(String name, String json) {
        sm.createSecret(b -> b.name(name).secretString(json));
        created.add(name);
    }

    private int count(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private SecretsManagerConnectionSource source(int listPageSize) {
        return new SecretsManagerConnectionSource(sm, prefix, TTL, clock, listPageSize);
    }

    private static String atlarJson(String secret) {
        return "{\"provider\":\"atlar\",\"baseUrl\":\"https://api.atlar.com\",\"accessKey\":\"ak-1\",\"secret\":\""
                + secret + "\"}";
    }

    private void createThree() {
        create(prefix + "atlar-1", atlarJson("sec-1"));
        create(prefix + "atoa-1", "{\"id\":\"atoa-main\",\"provider\":\"atoa\",\"baseUrl\":\"https://api.atoa.me\","
                + "\"secretKey\":\"sk_live_1\",\"accountAuthId\":\"auth-1\",\"accountIds\":[\"acc-1\"]}");
        create(prefix + "finqware-1", "{\"provider\":\"finqware\",\"baseUrl\":\"https://api.finqware.com\","
                + "\"clientId\":\"cid\",\"clientSecret\":\"cs-1\",\"consentId\":\"consent-1\",\"refreshData\":true}");
        create("other-" + prefix + "atlar-9", atlarJson("not-ours"));
    }

    @Test
    void connections_secretsUnderThePrefix_areDiscoveredAcrossListPages() {
        createThree();
        calls.clear();

        SecretsManagerConnectionSource source = source(2);
        List<Connection> cs = source.connections();

        assertThat(cs).extracting(Connection::id).containsExactly("atlar-1", "atoa-main", "finqware-1");
        assertThat(cs.get(0).credentials(AtlarCredentials.class).secret().reveal()).isEqualTo("sec-1");
        assertThat(cs.get(1).credentials(AtoaCredentials.class).accountIds()).containsExactly("acc-1");
        assertThat(cs.get(2).credentials(FinqwareCredentials.class).refreshData()).isTrue();
        assertThat(source.rejected()).isEmpty();
        assertThat(count("ListSecrets")).isGreaterThanOrEqualTo(2);
        assertThat(count("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void connections_withinTtl_callsNothingAgain_andAfterTtlReadsAgain() {
        createThree();
        SecretsManagerConnectionSource source = source(100);
        source.connections();
        calls.clear();

        clock.advance(TTL.minusSeconds(1));
        assertThat(source.connections()).hasSize(3);
        assertThat(calls).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(source.connections()).hasSize(3);
        assertThat(count("ListSecrets")).isEqualTo(1);
        assertThat(count("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void invalidate_rereadsOnlyThatConnection() {
        createThree();
        SecretsManagerConnectionSource source = source(100);
        source.connections();
        sm.putSecretValue(b -> b.secretId(prefix + "atlar-1").secretString(atlarJson("sec-2")));
        assertThat(source.connections().get(0).credentials(AtlarCredentials.class).secret().reveal()).isEqualTo("sec-1");
        calls.clear();

        source.invalidate("atlar-1");
        List<Connection> cs = source.connections();

        assertThat(cs.get(0).credentials(AtlarCredentials.class).secret().reveal()).isEqualTo("sec-2");
        assertThat(count("GetSecretValue")).isEqualTo(1);
        assertThat(count("ListSecrets")).isZero();
    }

    @Test
    void connections_invalidSecrets_areLeftOutWithReasonsThatNameConnectionAndFieldOnly() {
        create(prefix + "good", atlarJson("sec-1"));
        create(prefix + "no-secret", "{\"provider\":\"atlar\",\"baseUrl\":\"https://api.atlar.com\","
                + "\"accessKey\":\"AK-MUST-NOT-SHOW\"}");
        create(prefix + "plain-http", "{\"provider\":\"atoa\",\"baseUrl\":\"http://api.atoa.me\","
                + "\"secretKey\":\"SK-MUST-NOT-SHOW\",\"accountAuthId\":\"a\"}");
        create(prefix + "not-json", "{\"provider\": SECRET-MUST-NOT-SHOW");

        SecretsManagerConnectionSource source = source(100);
        List<Connection> cs = source.connections();

        assertThat(cs).extracting(Connection::id).containsExactly("good");
        assertThat(source.rejected()).containsOnlyKeys(prefix + "no-secret", prefix + "plain-http",
                prefix + "not-json");
        assertThat(source.rejected().get(prefix + "no-secret"))
                .isEqualTo("connection 'no-secret': field 'secret' is required");
        assertThat(source.rejected().get(prefix + "plain-http")).startsWith("connection 'plain-http': field 'baseUrl'");
        assertThat(source.rejected().get(prefix + "not-json")).startsWith("connection 'not-json': not valid JSON");
        assertThat(String.join(" ", source.rejected().values())).doesNotContain("MUST-NOT-SHOW");
    }

    @Test
    void connections_twoSecretsWithOneId_keepTheFirstByName() {
        create(prefix + "a", "{\"id\":\"same\"," + atlarJson("sec-a").substring(1));
        create(prefix + "b", "{\"id\":\"same\"," + atlarJson("sec-b").substring(1));

        SecretsManagerConnectionSource source = source(100);

        assertThat(source.connections()).extracting(c -> c.credentials(AtlarCredentials.class).secret().reveal()).containsExactly("sec-a");
        assertThat(source.rejected()).containsOnlyKeys(prefix + "b");
    }
}
