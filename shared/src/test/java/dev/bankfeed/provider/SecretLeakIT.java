package dev.bankfeed.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ConnectionJson;
import dev.bankfeed.provider.atlar.AtlarCredentials;
import dev.bankfeed.provider.http.Redactor;
import dev.bankfeed.testing.LogCapture;
import dev.bankfeed.testing.WireMockProviderSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.http.ProviderException;

/**
 * No credential reaches a log line or an exception: every client is driven through failures (including
 * providers that echo the credential back in their error bodies) and successes with distinctive credential
 * values, and everything logged and every exception's text and stack trace are searched for them.
 */
class SecretLeakIT extends WireMockProviderSupport {

    private static final String ATLAR_KEY = "AK-LEAKCHECK-7f3a";
    private static final String ATLAR_SECRET = "SEC-LEAKCHECK-91bd";
    private static final String ATLAR_TOKEN = "TOK-LEAKCHECK-55e0";
    private static final String ATOA_KEY = "sk_live_LEAKCHECK_c0de";
    private static final String FQ_SECRET = "CS-LEAKCHECK-f00d";
    private static final String FQ_BEARER = "BT-LEAKCHECK-beef";
    private static final List<String> SECRETS = List.of(ATLAR_KEY, ATLAR_SECRET, ATLAR_TOKEN, ATOA_KEY, FQ_SECRET,
            FQ_BEARER, Redactor.basic(ATLAR_KEY, ATLAR_SECRET));

    /** Account numbers a provider quotes in its error texts: never in full in a log line or exception. */
    private static final String IBAN = "GB29NWBK60161331926819";
    private static final String ACCOUNT_NUMBER = "40417755";
    private static final List<String> ACCOUNT_NUMBERS = List.of(IBAN, ACCOUNT_NUMBER);

    private final List<String> thrown = new ArrayList<>();

    private void run(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            thrown.add(e + "\n" + e.getMessage() + "\n" + trace);
        }
    }

    /**
     * An error body that quotes the connection's own credentials back, as a careless provider might, in its
     * message and in its error code, with account numbers beside them.
     */
    private static String echo(String status, String... own) {
        return "{\"status\":" + status + ",\"message\":\"bad credentials " + String.join(" ", own)
                + " Authorization: Bearer " + own[own.length - 1] + " for account " + IBAN + " (" + ACCOUNT_NUMBER
                + ")\",\"error_id\":\"e\",\"request_id\":\"rq\",\"code\":\"validation_error " + own[0] + " "
                + ACCOUNT_NUMBER + "\",\"errorCode\":\"X " + own[0] + " " + IBAN + "\"}";
    }

    private static String atlarEcho(String status) {
        return echo(status, ATLAR_KEY, ATLAR_SECRET, Redactor.basic(ATLAR_KEY, ATLAR_SECRET), ATLAR_TOKEN);
    }

    @Test
    void everyClientPath_logsAndErrorsContainNoCredentialNorFullAccountNumber() {
        try (LogCapture logs = LogCapture.start()) {
            driveAtlar();
            driveAtoa();
            driveFinqware();
            driveConfig();

            List<String> texts = new ArrayList<>(thrown);
            texts.addAll(logs.lines());
            assertThat(thrown).as("failures driven").hasSizeGreaterThanOrEqualTo(10);
            assertThat(logs.lines()).as("lines logged").anyMatch(l -> l.contains("retry"));
            assertThat(thrown).as("echoed credentials were masked, not dropped").anyMatch(t -> t.contains("****"));
            for (String text : texts) {
                for (String secret : SECRETS) {
                    assertThat(text).as("a log line or exception").doesNotContain(secret);
                }
                for (String number : ACCOUNT_NUMBERS) {
                    assertThat(text).as("a log line or exception").doesNotContain(number);
                }
            }
        }
    }

    /**
     * A credential the JDK refuses in a header (here a zero-width space or a smart quote, as pasted from a
     * document) built past config validation: the request is never sent, and the failure quotes no value.
     */
    @Test
    void credentialTheJdkRefusesInAHeader_failsPermanentWithAFixedMessageAndLeaksNowhere() {
        String atoaKey = "sk_live_LEAK\u200bCHECK_d00d";
        String bearer = "BT-LEAK\u201cCHECK-cafe";
        WM.stubFor(get(anyUrl()).willReturn(okJson("{\"balance\":1.00,\"currency\":\"GBP\"}")));
        WM.stubFor(post(anyUrl()).willReturn(okJson("{\"accounts\":[]}")));
        List<ProviderException> failures = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            for (Runnable call : List.<Runnable>of(
                    () -> client(atoa(atoaKey, "auth-1", List.of("acc-1"))).latestBalances("acc-1", minutes()),
                    () -> client(finqware(null, bearer, false)).accountPages(minutes()))) {
                try {
                    call.run();
                } catch (ProviderException e) {
                    failures.add(e);
                }
                run(call);
            }

            assertThat(failures).hasSize(2).allSatisfy(e -> {
                assertThat(e.errorClass()).isEqualTo(ErrorClass.PERMANENT);
                assertThat(e.getMessage()).contains("request could not be built");
            });
            List<String> texts = new ArrayList<>(thrown);
            texts.addAll(logs.lines());
            for (String text : texts) {
                for (String secret : List.of(atoaKey, bearer, "LEAK", "CHECK")) {
                    assertThat(text).as("a log line or exception").doesNotContain(secret);
                }
            }
        }
        WM.verify(0, anyRequestedFor(anyUrl()));
    }

    private void driveAtlar() {
        ProviderClient atlar = client(atlar(ATLAR_KEY, ATLAR_SECRET));
        WM.stubFor(post(urlEqualTo("/iam/v2beta/oauth2/token")).willReturn(okJson(
                "{\"access_token\":\"" + ATLAR_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
        WM.stubFor(get(urlPathEqualTo("/financial-data/v2/accounts")).willReturn(okJson(
                "{\"items\":[],\"nextToken\":\"\"}")));
        run(() -> atlar.accountPages(minutes()));

        WM.stubFor(get(urlPathEqualTo("/financial-data/v2/accounts")).willReturn(aResponse().withStatus(500)
                .withBody(atlarEcho("500"))));
        run(() -> atlar.accountPages(minutes()));

        WM.stubFor(get(urlPathEqualTo("/financial-data/v2/accounts")).willReturn(aResponse().withStatus(401)
                .withBody(atlarEcho("401"))));
        run(() -> atlar.accountPages(minutes()));

        WM.stubFor(get(urlPathEqualTo("/financial-data/v2/accounts")).willReturn(aResponse().withStatus(200)
                .withBody("not json " + ATLAR_TOKEN + " " + ATLAR_SECRET)));
        run(() -> atlar.accountPages(minutes()));

        WM.stubFor(get(urlPathEqualTo("/financial-data/v2/transactions"))
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        run(() -> atlar.transactions("acc-1", new WalkRequest(LocalDate.of(2025, 1, 1), null, 10), minutes()).next());

        WM.stubFor(post(urlEqualTo("/iam/v2beta/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"client " + ATLAR_KEY + ":"
                        + ATLAR_SECRET + " refused\"}")));
        run(() -> client(atlar(ATLAR_KEY, ATLAR_SECRET)).latestBalances("acc-1", minutes()));
        WM.resetAll();
    }

    private void driveAtoa() {
        ProviderClient atoa = client(atoa(ATOA_KEY, "auth-1", List.of("acc-1")));
        WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401).withBody(echo("401", ATOA_KEY))));
        run(() -> atoa.accountPages(minutes()));

        WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody(echo("429", ATOA_KEY))));
        run(() -> atoa.latestBalances("acc-1", deadline(Duration.ofSeconds(5))));

        WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withBody(echo("503", ATOA_KEY))));
        run(() -> atoa.transactions("acc-1", new WalkRequest(LocalDate.of(2025, 1, 1), null, 10), minutes()).next());

        WM.stubFor(get(urlEqualTo("/api/bank/accounts/acc-1/balance"))
                .withHeader("Authorization", equalTo("Bearer " + ATOA_KEY))
                .willReturn(okJson("{\"balance\":1.00,\"currency\":\"GBP\"}")));
        run(() -> atoa.latestBalances("acc-1", minutes()));
        WM.resetAll();
    }

    private void driveFinqware() {
        ProviderClient testMode = client(finqware(FQ_SECRET, null, true));
        ProviderClient oauth = client(finqware(null, FQ_BEARER, false));
        WM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400).withBody(echo("400", FQ_SECRET))));
        run(() -> testMode.accountPages(minutes()));

        WM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(401).withBody(echo("401", FQ_BEARER))));
        run(() -> oauth.accountPages(minutes()));

        WM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(503).withBody(echo("503", FQ_BEARER))));
        run(() -> oauth.transactions("acc-1", new WalkRequest(LocalDate.of(2025, 1, 1), null, 10), minutes()).next());

        WM.stubFor(post(anyUrl()).willReturn(okJson("{\"transactions\":[],\"pagination\":{\"more?\":false}}")));
        run(() -> oauth.transactions("acc-1", new WalkRequest(LocalDate.of(2025, 1, 1), null, 10), minutes()).next());
        WM.resetAll();
    }

    private void driveConfig() {
        String atlarJson = "{\"provider\":\"atlar\",\"baseUrl\":\"http://api.atlar.com\",\"accessKey\":\"" + ATLAR_KEY
                + "\",\"secret\":\"" + ATLAR_SECRET + "\"}";
        run(() -> ConnectionJson.parseConnection(atlarJson, "atlar-x"));
        run(() -> ConnectionJson.parseConnection("{\"provider\":\"atoa\",\"secretKey\":" + ATOA_KEY + "}", "atoa-x"));
        run(() -> ConnectionJson.parseConnection("{\"provider\":\"finqware\",\"baseUrl\":\"https://f.test\","
                + "\"clientId\":\"c\",\"consentId\":\"k\",\"clientSecret\":\"" + FQ_SECRET + "\",\"bearerToken\":\""
                + FQ_BEARER + "\"}", "fq-x"));
        Connection ok = ConnectionJson.parseConnection(atlarJson.replace("http://", "https://"), "atlar-ok");
        run(() -> {
            throw new IllegalStateException("describing " + ok + " " + ok.credentials(AtlarCredentials.class).secret());
        });
    }
}
