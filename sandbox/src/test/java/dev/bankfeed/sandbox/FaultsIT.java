package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.sandbox.atlar.AtlarApi;
import dev.bankfeed.sandbox.atlar.AtlarFaults;
import dev.bankfeed.sandbox.atoa.AtoaFaults;
import dev.bankfeed.sandbox.finqware.FinqwareFaults;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsIT {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-03-10T09:00:00.200Z"));
    static ProviderSandbox sandbox;
    static SandboxHttp http;
    static SandboxConnection atlar;
    static SandboxConnection atoa;
    static SandboxConnection finqware;

    @BeforeAll
    static void start() {
        sandbox = ProviderSandbox.start(SandboxConfig.builder().seed(3).today(TODAY).clock(CLOCK)
                .transactionsPerAccount(200).build());
        http = new SandboxHttp(sandbox);
        atlar = sandbox.connection("atlar-1");
        atoa = sandbox.connection("atoa-1");
        finqware = sandbox.connection("finqware-1");
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clearAll();
        sandbox.resetRequestCounts();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static SandboxHttp.Resp atoaBalance(String accountId) {
        return http.get("/api/bank/accounts/" + accountId + "/balance", SandboxHttp.bearer(atoa.secretKey()));
    }

    private static SandboxHttp.Resp finqwareAccounts() {
        return http.postJson("/v2/ais/accounts/list", Walks.finqwareBody(finqware, null));
    }

    @Test
    void throttle_secondsForm_returns429WithRetryAfterForTheNextNRequestsOnly() {
        sandbox.faults().of(AtlarFaults.class).throttleNext(2, RetryAfter.seconds(3));
        String basic = SandboxHttp.basic(atlar.accessKey(), atlar.secret());

        SandboxHttp.Resp first = http.get("/financial-data/v2/accounts", basic);
        SandboxHttp.Resp second = http.get("/financial-data/v2/accounts", basic);
        SandboxHttp.Resp third = http.get("/financial-data/v2/accounts", basic);

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("3");
        assertThat(first.json().get("status").asInt()).isEqualTo(429);
        assertThat(first.header("request-id")).isNotBlank();
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void throttle_httpDateForm_givesAnRfc1123DateRoundedUpFromTheSandboxClock() {
        sandbox.faults().of(AtoaFaults.class).throttleNext(1, RetryAfter.httpDate(Duration.ofSeconds(2)));

        SandboxHttp.Resp r = atoaBalance(atoa.accountIds().get(0));

        assertThat(r.status()).isEqualTo(429);
        // 09:00:00.200 + 2 s = 09:00:02.200, rounded up to the next whole second.
        assertThat(r.header("Retry-After")).isEqualTo("Mon, 10 Mar 2025 09:00:03 GMT");
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(429);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    @Test
    void throttle_withoutRetryAfter_sendsNoHeader() {
        sandbox.faults().of(FinqwareFaults.class).throttleNext(1, RetryAfter.none());

        SandboxHttp.Resp r = finqwareAccounts();

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isNull();
        assertThat(r.json().get("error_id").asText()).isNotBlank();
    }

    @Test
    void failNext_returnsTheStatusInTheProviderErrorShapeThenRecovers() {
        sandbox.faults().of(FinqwareFaults.class).failNext(2, 503);

        SandboxHttp.Resp first = finqwareAccounts();
        SandboxHttp.Resp second = finqwareAccounts();
        SandboxHttp.Resp third = finqwareAccounts();

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.json().get("request_id").asText()).isEqualTo(first.header("x-request-id"));
        assertThat(first.json().get("code").asText()).isNotBlank();
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void failNext_withAPathPrefix_leavesOtherPathsAlone() {
        String basic = SandboxHttp.basic(atlar.accessKey(), atlar.secret());
        sandbox.faults().of(AtlarFaults.class).failNext(1, 500, AtlarApi.TRANSACTIONS_PATH);

        SandboxHttp.Resp accounts = http.get("/financial-data/v2/accounts", basic);
        SandboxHttp.Resp transactions = http.get(AtlarApi.TRANSACTIONS_PATH, basic);
        SandboxHttp.Resp again = http.get(AtlarApi.TRANSACTIONS_PATH, basic);

        assertThat(accounts.status()).isEqualTo(200);
        assertThat(transactions.status()).isEqualTo(500);
        assertThat(transactions.json().get("status").asInt()).isEqualTo(500);
        assertThat(again.status()).isEqualTo(200);
    }

    @Test
    void failNext_withANon5xxStatus_isRefused() {
        assertThatThrownBy(() -> sandbox.faults().of(AtoaFaults.class).failNext(1, 404)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformNext_sends200WithTruncatedJsonThenRecovers() {
        sandbox.faults().of(AtoaFaults.class).malformNext(1);

        SandboxHttp.Resp broken = atoaBalance(atoa.accountIds().get(0));
        SandboxHttp.Resp fine = atoaBalance(atoa.accountIds().get(0));

        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).isNotEmpty();
        assertThatThrownBy(broken::json).isInstanceOf(UncheckedIOException.class);
        assertThat(fine.json().get("balance").isNumber()).isTrue();
    }

    @Test
    void dropNext_sendsHalfTheBodyThenClosesTheConnection_thenRecovers() {
        sandbox.faults().of(AtoaFaults.class).dropNext(1, null);

        assertThatThrownBy(() -> atoaBalance(atoa.accountIds().get(0))).isInstanceOf(UncheckedIOException.class);
        assertThat(atoaBalance(atoa.accountIds().get(0)).json().get("balance").isNumber()).isTrue();
    }

    @Test
    void reshapeNext_sendsValidJsonOfTheWrongShape_thenRecovers() {
        sandbox.faults().of(AtoaFaults.class).reshapeNext(1, null);

        SandboxHttp.Resp odd = atoaBalance(atoa.accountIds().get(0));
        SandboxHttp.Resp fine = atoaBalance(atoa.accountIds().get(0));

        assertThat(odd.status()).isEqualTo(200);
        assertThat(odd.json().has("balance")).isFalse();
        assertThat(odd.json().get("payload").get("balance").isNumber()).isTrue();
        assertThat(fine.json().get("balance").isNumber()).isTrue();
    }

    @Test
    void hangNext_holdsOnlyTheMatchingRequestsAnswer() {
        sandbox.faults().of(FinqwareFaults.class).hangNext(1, Duration.ofMillis(600), "/v2/ais/accounts/");
        long start = System.nanoTime();
        SandboxHttp.Resp held = finqwareAccounts();
        long heldMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(held.status()).isEqualTo(200);
        assertThat(heldMillis).isGreaterThanOrEqualTo(600);
    }

    @Test
    void afterRequests_runsTheChangeOnceAfterTheNthMatchingRequest() {
        List<Long> seenAt = new ArrayList<>();
        sandbox.faults().of(AtoaFaults.class).afterRequests(2, "/api/bank/accounts/",
                () -> seenAt.add(sandbox.requestCount("/api/bank/accounts/")));

        atoaBalance(atoa.accountIds().get(0));
        assertThat(seenAt).isEmpty();
        atoaBalance(atoa.accountIds().get(0));
        atoaBalance(atoa.accountIds().get(0));

        assertThat(seenAt).containsExactly(2L);
    }

    @Test
    void delay_holdsEveryResponseOfThatProviderUntilSwitchedOff() {
        sandbox.faults().of(FinqwareFaults.class).delay(Duration.ofMillis(400));
        long start = System.nanoTime();
        SandboxHttp.Resp slow = finqwareAccounts();
        long slowMillis = (System.nanoTime() - start) / 1_000_000;
        sandbox.faults().of(FinqwareFaults.class).delay(Duration.ZERO);

        assertThat(slow.status()).isEqualTo(200);
        assertThat(slowMillis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void expireTokens_makesTheNextRequestWithAnOldToken401AndAFreshTokenWorks() {
        String old = Walks.atlarToken(http, atlar);
        assertThat(http.get("/financial-data/v2/accounts", SandboxHttp.bearer(old)).status()).isEqualTo(200);

        sandbox.faults().of(AtlarFaults.class).expireTokens();
        SandboxHttp.Resp expired = http.get("/financial-data/v2/accounts", SandboxHttp.bearer(old));
        String fresh = Walks.atlarToken(http, atlar);

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("message").asText()).contains("expired");
        assertThat(http.get("/financial-data/v2/accounts", SandboxHttp.bearer(fresh)).status()).isEqualTo(200);
    }

    @Test
    void atoaExpireConsent_byConsent_404sEveryCallOfItUntilRestored() {
        sandbox.faults().of(AtoaFaults.class).expireConsent(atoa.accountAuthId());

        SandboxHttp.Resp list = http.get("/api/bank/" + atoa.accountAuthId() + "/accounts", SandboxHttp.bearer(atoa.secretKey()));
        SandboxHttp.Resp balance = atoaBalance(atoa.accountIds().get(1));
        sandbox.faults().of(AtoaFaults.class).restoreConsent(atoa.accountAuthId());
        SandboxHttp.Resp restored = atoaBalance(atoa.accountIds().get(1));

        for (SandboxHttp.Resp r : List.of(list, balance)) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("message").asText()).isEqualTo("Consent not found");
            assertThat(r.json().get("errorCode").asText()).isEqualTo("CONSENT_NOT_FOUND");
        }
        assertThat(restored.status()).isEqualTo(200);
    }

    @Test
    void atoaExpireConsent_byAccount_affectsOnlyThatAccount() {
        sandbox.faults().of(AtoaFaults.class).expireConsent(atoa.accountIds().get(0));

        assertThat(atoaBalance(atoa.accountIds().get(0)).status()).isEqualTo(404);
        assertThat(atoaBalance(atoa.accountIds().get(1)).status()).isEqualTo(200);
    }

    @Test
    void finqwareExpireConsent_returns400ConsentNotActiveUntilRestored() {
        sandbox.faults().of(FinqwareFaults.class).expireConsent(finqware.consentId());

        SandboxHttp.Resp expired = http.postJson("/v2/ais/transactions/list", Walks.finqwareBody(finqware, null));
        sandbox.faults().of(FinqwareFaults.class).restoreConsent(finqware.consentId());
        SandboxHttp.Resp restored = http.postJson("/v2/ais/transactions/list", Walks.finqwareBody(finqware, null));

        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.json().get("code").asText()).isEqualTo("consent_not_active");
        assertThat(expired.json().get("error_id").asText()).isNotBlank();
        assertThat(restored.status()).isEqualTo(200);
    }

    @Test
    void finqwareFailNextJobs_endsTheJobInJobFailed() {
        try (ProviderSandbox s = ProviderSandbox.start(SandboxConfig.builder().today(TODAY).jobPollsToComplete(1).build())) {
            SandboxHttp h = new SandboxHttp(s);
            SandboxConnection c = s.connection("finqware-1");
            s.faults().of(FinqwareFaults.class).failNextJobs(1);

            String jobId = h.postJson("/v2/ais/jobs/create", Walks.finqwareBody(c, null)).json().get("job_id").asText();
            JsonNode job = h.postJson("/v2/ais/jobs/get", Walks.finqwareBody(c, "\"job_id\":\"" + jobId + "\"")).json();

            assertThat(job.get("status").asText()).isEqualTo("job_failed");
        }
    }

    @Test
    void atoaChangeDataMidWalk_shiftsOffsetsAndTotalCountSoOnlyARestartedWalkIsComplete() {
        String account = atoa.accountIds().get(2);
        String from = "2024-01-01T00:00:00Z";
        String before = "2025-03-10T00:00:00Z";
        int perPage = 20;
        Set<String> idsBefore = sandbox.expected().account(account).transactionIds();
        sandbox.faults().of(AtoaFaults.class).changeDataMidWalk(1);

        // A naive walk that never looks at totalCount again.
        List<String> naive = new ArrayList<>();
        List<Integer> totals = new ArrayList<>();
        for (int page = 0; (long) page * perPage < idsBefore.size(); page++) {
            JsonNode body = http.get(Walks.atoaTransactionsPath(account, from, before, page, perPage),
                    SandboxHttp.bearer(atoa.secretKey())).json();
            body.get("data").forEach(t -> naive.add(t.get("id").asText()));
            totals.add(body.get("totalCount").asInt());
        }
        Set<String> idsAfter = sandbox.expected().account(account).transactionIds();
        Set<String> inserted = new LinkedHashSet<>(idsAfter);
        inserted.removeAll(idsBefore);
        Walks.AtoaWalk restarted = Walks.atoa(http, atoa, account, from, before, perPage);

        assertThat(totals.get(0)).isEqualTo(idsBefore.size());
        assertThat(totals.get(1)).isEqualTo(idsBefore.size() + 1);
        assertThat(inserted).hasSize(1);
        assertThat(new LinkedHashSet<>(naive)).as("the naive walk saw an item twice").hasSizeLessThan(naive.size());
        assertThat(naive).as("and missed the new one").doesNotContainAnyElementsOf(inserted);
        assertThat(restarted.items().stream().map(t -> t.get("id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(idsAfter);
    }

    @Test
    void requestCount_countsRequestsByPathPrefixFaultedOnesIncluded() {
        String basic = SandboxHttp.basic(atlar.accessKey(), atlar.secret());
        sandbox.faults().of(AtlarFaults.class).failNext(1, 500);
        http.get(AtlarApi.TRANSACTIONS_PATH + "?limit=5", basic);
        http.get(AtlarApi.TRANSACTIONS_PATH + "?limit=5", basic);
        http.get("/financial-data/v2/accounts", basic);
        atoaBalance(atoa.accountIds().get(0));

        assertThat(sandbox.requestCount(AtlarApi.TRANSACTIONS_PATH)).isEqualTo(2);
        assertThat(sandbox.requestCount("/financial-data/")).isEqualTo(3);
        assertThat(sandbox.requestCount("/api/bank/accounts/" + atoa.accountIds().get(0))).isEqualTo(1);
        assertThat(sandbox.requestCount()).isEqualTo(4);
        sandbox.resetRequestCounts();
        assertThat(sandbox.requestCount()).isZero();
    }

    @Test
    void clearAll_disarmsEveryFault() {
        sandbox.faults().of(AtlarFaults.class).throttleNext(5, RetryAfter.seconds(1));
        sandbox.faults().of(AtoaFaults.class).malformNext(5);
        sandbox.faults().of(AtoaFaults.class).expireConsent(atoa.accountAuthId());
        sandbox.faults().of(FinqwareFaults.class).failNext(5, 500);

        sandbox.faults().clearAll();

        assertThat(http.get("/financial-data/v2/accounts", SandboxHttp.basic(atlar.accessKey(), atlar.secret())).status())
                .isEqualTo(200);
        assertThat(atoaBalance(atoa.accountIds().get(0)).json().get("balance").isNumber()).isTrue();
        assertThat(finqwareAccounts().status()).isEqualTo(200);
    }
}
