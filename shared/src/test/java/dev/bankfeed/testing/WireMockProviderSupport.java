package dev.bankfeed.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.bankfeed.config.Connection;
import dev.bankfeed.config.Secret;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.atlar.AtlarCredentials;
import dev.bankfeed.provider.atoa.AtoaCredentials;
import dev.bankfeed.provider.finqware.FinqwareCredentials;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A WireMock server per test class, a hand-moved clock, a sleeper that records instead of sleeping, and a
 * random source fixed at one half, so every wait a client asks for is exact.
 */
public abstract class WireMockProviderSupport {

    @RegisterExtension
    protected static final WireMockExtension WM = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    protected static final Instant START = Instant.parse("2025-03-04T10:15:30Z");
    private static final HttpClient HTTP = ProviderClients.httpClient(ClientSettings.defaults());

    protected final MutableClock clock = new MutableClock(START);
    protected final RecordingSleeper sleeper = new RecordingSleeper(clock);
    protected ClientSettings settings = ClientSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withRetry(new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60)))
            .withTime(clock, sleeper, new FixedRandom(0.5));

    protected URI baseUrl() {
        return URI.create(WM.baseUrl());
    }

    protected Deadline deadline(Duration budget) {
        return Deadline.after(clock, budget);
    }

    protected Deadline minutes() {
        return deadline(Duration.ofMinutes(5));
    }

    protected ProviderClient client(Connection c) {
        return ProviderClients.create(c, HTTP, settings);
    }

    protected static HttpClient http() {
        return HTTP;
    }

    protected Connection atlar(String accessKey, String secret) {
        return new Connection("atlar-1", Providers.ATLAR, baseUrl(),
                new AtlarCredentials(accessKey, Secret.of(secret)));
    }

    protected Connection atoa(String secretKey, String accountAuthId, List<String> accountIds) {
        return new Connection("atoa-1", Providers.ATOA, baseUrl(),
                new AtoaCredentials(Secret.of(secretKey), accountAuthId, accountIds));
    }

    protected Connection finqware(String clientSecret, String bearerToken, boolean refreshData) {
        return new Connection("finqware-1", Providers.FINQWARE, baseUrl(), new FinqwareCredentials("client-1",
                "consent-1", Secret.of(clientSecret), Secret.of(bearerToken), refreshData));
    }

    /** The ProviderException {@code call} throws, failing the test if it throws nothing or something else. */
    protected static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        if (e == null) {
            throw new AssertionError("expected a ProviderException");
        }
        return e;
    }

    protected static ErrorClass classOf(ThrowingCallable call) {
        return failure(call).errorClass();
    }
}
