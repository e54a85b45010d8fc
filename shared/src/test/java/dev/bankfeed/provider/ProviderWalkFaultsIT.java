package dev.bankfeed.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.provider.atoa.AtoaCredentials;
import dev.bankfeed.provider.finqware.FinqwareCredentials;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.RetryAfter;
import dev.bankfeed.sandbox.atlar.AtlarFaults;
import dev.bankfeed.sandbox.atoa.AtoaFaults;
import dev.bankfeed.sandbox.finqware.FinqwareFaults;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider-clients acceptance walks with faults injected by the sandbox in the middle of a walk: throttling
 * with either form of Retry-After, server errors, a truncated page, expiring tokens and consents, data moving
 * under an offset walk, a deadline too close for the wait asked, and Finqware's refresh-job cooldown.
 */
class ProviderWalkFaultsIT extends SandboxWalkSupport {

    private static final int PAGE = 37;
    /** Faults are armed once this many pages are in: mid-walk, never on the first or last page. */
    private static final int BEFORE_FAULT = 2;

    /** How many waits the sleeper had recorded when {@link #midWalk} returned. */
    private int waitMark;

    private WalkRequest fullWalk() {
        return new WalkRequest(historyStart(), null, PAGE);
    }

    /**
     * A full walk of the provider's first account, {@link #BEFORE_FAULT} pages in. From here on the sandbox
     * counts requests afresh and {@link #waitsSinceMidWalk()} shows the waits asked for.
     */
    private Walker midWalk(Provider provider, Deadline deadline) {
        Walker walker = walk(client(provider), firstAccountId(provider), fullWalk(), deadline).pages(BEFORE_FAULT);
        waitMark = sleeper.waits().size();
        sandbox.resetRequestCounts();
        return walker;
    }

    private Walker midWalk(Provider provider) {
        return midWalk(provider, deadline());
    }

    private List<Duration> waitsSinceMidWalk() {
        return waitsSince(waitMark);
    }

    /** Pages fetched since {@link #midWalk}, plus {@code extra} requests. */
    private static int pagesSinceMidWalk(Walker walker, int extra) {
        return walker.pages() - BEFORE_FAULT + extra;
    }

    private List<ExpectedTransaction> served(Walker walker) {
        return expectedAccount(walker.accountId).servedTransactions();
    }

    private static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("a ProviderException").isNotNull();
        return e;
    }

    // ---- retried faults: the walk completes ----

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_429WithRetryAfterSecondsMidWalk_waitsExactlyThatLongAndCompletes(Provider provider) {
        Walker walker = midWalk(provider);

        faults(provider).throttleNext(2, RetryAfter.seconds(3), walker.path());
        walker.toEnd();

        assertThat(waitsSinceMidWalk()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(walker.requests()).as("pages plus the two throttled tries").isEqualTo(pagesSinceMidWalk(walker, 2));
        assertExactlyOnce(walker.transactions, served(walker), provider + " throttled");
    }

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_429WithRetryAfterHttpDateMidWalk_waitsUntilThatDateAndCompletes(Provider provider) {
        Walker walker = midWalk(provider);

        faults(provider).throttleNext(1, RetryAfter.httpDate(Duration.ofSeconds(7)), walker.path());
        walker.toEnd();

        // Sandbox and client share the clock, which is on a whole second: the date lies exactly 7 s ahead.
        assertThat(waitsSinceMidWalk()).containsExactly(Duration.ofSeconds(7));
        assertExactlyOnce(walker.transactions, served(walker), provider + " throttled (HTTP-date)");
    }

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_500Then503MidWalk_retriesWithBackoffAndCompletes(Provider provider) {
        Walker walker = midWalk(provider);

        faults(provider).failNext(1, 500, walker.path());
        faults(provider).failNext(1, 503, walker.path());
        walker.toEnd();

        // Full jitter at one half of 500 ms, then of 1 s.
        assertThat(waitsSinceMidWalk()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(walker.requests()).isEqualTo(pagesSinceMidWalk(walker, 2));
        assertExactlyOnce(walker.transactions, served(walker), provider + " after 5xx");
    }

    @Test
    void walk_atlarTokensExpireMidWalk_fetchesANewTokenAndCompletes() {
        Walker walker = midWalk(Providers.ATLAR);

        sandbox.faults().of(AtlarFaults.class).expireTokens();
        walker.toEnd();

        assertThat(sandbox.requestCount("/iam/")).as("token calls after expiry").isEqualTo(1);
        assertThat(walker.requests()).as("pages plus the one refused with 401").isEqualTo(pagesSinceMidWalk(walker, 1));
        assertThat(waitsSinceMidWalk()).as("a renewal needs no wait").isEmpty();
        assertExactlyOnce(walker.transactions, served(walker), "atlar after token expiry");
    }

    /**
     * A row arrives mid-walk; with {@code countUnchanged} another vanishes in the same change, so only the
     * rows' positions, not totalCount, show the movement.
     */
    @ParameterizedTest(name = "totalCount unchanged: {0}")
    @ValueSource(booleans = {false, true})
    void walk_atoaDataChangesMidWalk_restartsOverTheSameWindowAndYieldsEveryTransaction(boolean countUnchanged) {
        Set<String> original = new HashSet<>(expectedAccount(firstAccountId(Providers.ATOA)).transactionIds());
        Walker walker = midWalk(Providers.ATOA);

        if (countUnchanged) {
            sandbox.faults().of(AtoaFaults.class).shiftDataMidWalk(1);
        } else {
            sandbox.faults().of(AtoaFaults.class).changeDataMidWalk(1);
        }
        walker.toEnd();

        Set<String> inserted = new HashSet<>(expectedAccount(walker.accountId).transactionIds());
        inserted.removeAll(original);
        assertThat(inserted).as("the transaction inserted mid-walk").hasSize(1);
        assertThat(walker.restarted).as("pages flagged restarted").containsOnlyOnce(true);
        int restartPage = walker.restarted.indexOf(true);
        assertThat(restartPage).as("the restart comes after the change, not before").isGreaterThan(BEFORE_FAULT);
        // From the restart on, the walk is a complete walk of the window as it now is.
        assertExactlyOnce(walker.from(restartPage), served(walker), "atoa pages from the restart on");
        assertThat(ids(walker.transactions)).as("every id of the whole walk")
                .containsExactlyInAnyOrderElementsOf(served(walker).stream().map(ExpectedTransaction::id).toList())
                .containsAll(inserted);
    }

    // ---- classified failures ----

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_malformedJsonPage_failsMalformedResponseWithoutRetryAndTheLastStateResumes(Provider provider) {
        Walker walker = midWalk(provider);

        faults(provider).malformNext(1, walker.path());
        ProviderException e = failure(walker::step);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
        assertThat(e.provider()).isEqualTo(provider);
        assertThat(walker.requests()).as("requests for the broken page").isEqualTo(1);

        // The next run resumes after the last good page and reads the page that was broken.
        Walker rest = walk(client(provider), walker.accountId,
                new WalkRequest(historyStart(), walker.resumeState, PAGE)).toEnd();
        List<Transaction> union = new ArrayList<>(walker.transactions);
        union.addAll(rest.transactions);
        assertExactlyOnce(union, served(walker), provider + " resumed after a malformed page");
    }

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_503OnEveryAttempt_failsTransientAfterTheLastAttempt(Provider provider) {
        Walker walker = midWalk(provider);

        faults(provider).failNext(RETRY.maxAttempts(), 503, walker.path());
        ProviderException e = failure(walker::step);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(walker.requests()).as("attempts").isEqualTo(RETRY.maxAttempts());
        assertThat(waitsSinceMidWalk()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofMillis(1000));
    }

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_429OnEveryAttempt_failsRateLimitedAfterWaitingEachRetryAfter(Provider provider) {
        Walker walker = midWalk(provider);

        faults(provider).throttleNext(RETRY.maxAttempts(), RetryAfter.seconds(2), walker.path());
        ProviderException e = failure(walker::step);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(walker.requests()).as("attempts").isEqualTo(RETRY.maxAttempts());
        assertThat(waitsSinceMidWalk()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_deadlineShorterThanRetryAfter_failsRateLimitedAtOnceWithoutSleeping(Provider provider) {
        Walker walker = midWalk(provider, Deadline.after(clock, Duration.ofSeconds(10)));

        // 30 s is within what the policy honours (60 s): only the deadline stands in the way.
        faults(provider).throttleNext(1, RetryAfter.seconds(30), walker.path());
        ProviderException e = failure(walker::step);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(waitsSinceMidWalk()).as("waits").isEmpty();
        assertThat(walker.requests()).as("requests").isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("consentProviders")
    void walk_consentExpiresMidWalk_failsNeedsReauthAndSoDoesTheAccountList(Provider provider) {
        Walker walker = midWalk(provider);
        Connection c = connection(provider);

        if (provider.equals(Providers.ATOA)) {
            sandbox.faults().of(AtoaFaults.class).expireConsent(c.credentials(AtoaCredentials.class).accountAuthId());
        } else {
            sandbox.faults().of(FinqwareFaults.class).expireConsent(c.credentials(FinqwareCredentials.class).consentId());
        }
        ProviderException walkFailure = failure(walker::step);
        ProviderException listFailure = failure(() -> client(provider).accountPages(deadline()));

        String code = provider.equals(Providers.ATOA) ? "CONSENT_NOT_FOUND" : "consent_not_active";
        for (ProviderException e : List.of(walkFailure, listFailure)) {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.NEEDS_REAUTH);
            assertThat(e.providerCode()).isEqualTo(code);
        }
        assertThat(waitsSinceMidWalk()).as("a consent does not come back by waiting").isEmpty();
    }

    // ---- Finqware's refresh jobs ----

    private List<String> finqwareAccountIds() {
        return normalizedAccounts(Providers.FINQWARE, client(Providers.FINQWARE).accountPages(deadline())).stream()
                .map(Account::providerAccountId).toList();
    }

    @Test
    void finqware_refreshJobInCooldown_accountListAndWalkStillWork() {
        List<String> expectedIds = expectedAccounts(Providers.FINQWARE).stream().map(ExpectedAccount::accountId)
                .toList();
        sandbox.resetRequestCounts();

        List<String> first = finqwareAccountIds();
        assertThat(sandbox.requestCount("/v2/ais/jobs/create")).isEqualTo(1);
        long polls = sandbox.requestCount("/v2/ais/jobs/get");
        assertThat(polls).as("polls of the first job").isPositive();

        // A new invocation within the sandbox's 5 min cooldown: jobs/create answers 400 cooldown_failed.
        clock.advance(Duration.ofMinutes(1));
        List<String> second = finqwareAccountIds();
        Walker walker = walk(client(Providers.FINQWARE), expectedIds.get(0), fullWalk()).toEnd();

        assertThat(sandbox.requestCount("/v2/ais/jobs/create")).as("job creations tried").isEqualTo(3);
        assertThat(sandbox.requestCount("/v2/ais/jobs/get")).as("polls: none for refused jobs").isEqualTo(polls);
        assertThat(first).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(second).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertExactlyOnce(walker.transactions, served(walker), "finqware during cooldown");
    }

    /** The providers whose access rests on a consent that can expire. */
    static List<Provider> consentProviders() {
        return List.of(Providers.ATOA, Providers.FINQWARE);
    }
}
