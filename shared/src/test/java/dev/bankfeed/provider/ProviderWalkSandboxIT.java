package dev.bankfeed.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.provider.atoa.AtoaCredentials;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.ShortPages;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider-clients acceptance walks against the sandbox: account lists, full transaction walks at
 * several page sizes, resumed walks, and incremental walks after the sandbox's data moved on a day. Every
 * record goes through the provider's normalizer and is compared with the sandbox's ground truth.
 */
class ProviderWalkSandboxIT extends SandboxWalkSupport {

    private static final int LOOKBACK_DAYS = 7;

    static Stream<Arguments> providersAndPageSizes() {
        // 7 and 37 give many pages, 100 divides the 300 transactions (a full last page), 500 is one page.
        return Providers.all().stream()
                .flatMap(p -> Stream.of(7, 37, 100, 500).map(size -> Arguments.of(p, size)));
    }

    static Stream<Arguments> providersAndResumePoints() {
        // 37 a page: Atoa and Finqware have 9 pages, so stopping after 8 leaves only the short last one.
        return Providers.all().stream().flatMap(p -> Stream.of(1, 4, 8).map(k -> Arguments.of(p, k)));
    }

    // ---- accounts ----

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void accountPages_everyProvider_normalizeToExactlyTheSandboxAccounts(Provider provider) {
        List<Account> accounts = normalizedAccounts(provider, client(provider).accountPages(deadline()));

        assertThat(accounts).extracting(a -> a.providerAccountId() + " " + a.currency())
                .containsExactlyInAnyOrderElementsOf(expectedAccounts(provider).stream()
                        .map(a -> a.accountId() + " " + a.currency()).toList());
        assertThat(accounts).allSatisfy(a -> assertThat(a.provider()).isEqualTo(provider));
    }

    @Test
    void accountPages_atoaListWithoutIds_resolvesTheConfiguredIdsThroughTheDetailsCall() {
        start(b -> b.accountListHasIds(false));
        String listPath = "/api/bank/" + connection(Providers.ATOA).credentials(AtoaCredentials.class).accountAuthId() + "/accounts";

        List<Account> accounts = normalizedAccounts(Providers.ATOA, client(Providers.ATOA).accountPages(deadline()));

        assertThat(accounts).extracting(a -> a.providerAccountId() + " " + a.currency())
                .containsExactlyInAnyOrderElementsOf(expectedAccounts(Providers.ATOA).stream()
                        .map(a -> a.accountId() + " " + a.currency()).toList());
        assertThat(sandbox.requestCount(listPath)).as("account list calls").isEqualTo(1);
        assertThat(sandbox.requestCount("/api/bank/accounts/")).as("details calls").isEqualTo(ACCOUNTS);
    }

    // ---- full walks ----

    @ParameterizedTest(name = "{0} pageSize {1}")
    @MethodSource("providersAndPageSizes")
    void walk_everyAccountAtThisPageSize_yieldsEveryServedTransactionExactlyOnceWithExactAmounts(Provider provider,
            int pageSize) {
        for (ExpectedAccount account : expectedAccounts(provider)) {
            String id = account.accountId();
            sandbox.resetRequestCounts();
            Walker walker = walk(client(provider), id, new WalkRequest(historyStart(), null, pageSize));
            assertThat(walker.requests()).as("pages fetched before the first next()").isZero();

            while (!walker.complete) {
                walker.step();
                // Lazy: one request per page asked for, never a read-ahead of the whole history.
                assertThat(walker.requests()).as("requests after page %d", walker.pages())
                        .isEqualTo(walker.pages());
            }

            assertExactlyOnce(walker.transactions, account.servedTransactions(), provider + " " + id);
            assertThat(walker.pages()).as("pages").isGreaterThanOrEqualTo((TRANSACTIONS + pageSize - 1) / pageSize);
            assertThat(walker.pageSizes).as("page sizes").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(pageSize));
        }
    }

    @Test
    void walk_atlarWithShortAndEmptyPagesBeforeTheEnd_yieldsEveryTransactionExactlyOnce() {
        start(b -> b.shortPages(ShortPages.WITH_EMPTY));
        int pageSize = 37;
        List<Integer> nonFinalPageSizes = new ArrayList<>();

        for (ExpectedAccount account : expectedAccounts(Providers.ATLAR)) {
            Walker walker = walk(client(Providers.ATLAR), account.accountId(),
                    new WalkRequest(historyStart(), null, pageSize)).toEnd();

            assertExactlyOnce(walker.transactions, account.servedTransactions(), "atlar " + account.accountId());
            nonFinalPageSizes.addAll(walker.pageSizes.subList(0, walker.pages() - 1));
        }
        // The traps were really set: a client that stopped on a short or empty page would have failed above.
        assertThat(nonFinalPageSizes).as("non-final page sizes").contains(0)
                .anySatisfy(n -> assertThat(n).isBetween(1, pageSize - 1));
    }

    @Test
    void walk_atlarFullLastPage_isFollowedByAnEmptyEndPageAndNothingIsLost() {
        // 300 booked, and 3 pending on the pending list.
        start(b -> b.shortPages(ShortPages.NEVER).transactionsPerAccount(TRANSACTIONS + 3).pendingPerAccount(3));

        for (ExpectedAccount account : expectedAccounts(Providers.ATLAR)) {
            Walker walker = walk(client(Providers.ATLAR), account.accountId(),
                    new WalkRequest(historyStart(), null, 100)).toEnd();

            assertThat(walker.pageSizes).as("page sizes").containsExactly(100, 100, 100, 0, 3);
            assertExactlyOnce(walker.transactions, account.servedTransactions(), "atlar " + account.accountId());
        }
    }

    // ---- resume ----

    @ParameterizedTest(name = "{0} stop after {1} pages")
    @MethodSource("providersAndResumePoints")
    void walk_resumedFromThePageStateOfANewInvocation_unionIsExactlyTheServedSetWithNoPageRepeated(Provider provider,
            int stopAfter) {
        for (ExpectedAccount account : expectedAccounts(provider)) {
            String id = account.accountId();
            Walker first = walk(client(provider), id, new WalkRequest(historyStart(), null, 37)).pages(stopAfter);
            assertThat(first.complete).as("first part ended early").isFalse();
            long jobsBefore = sandbox.requestCount("/v2/ais/jobs/");

            Walker rest = walk(client(provider), id, new WalkRequest(historyStart(), first.resumeState, 37)).toEnd();

            assertThat(ids(rest.transactions)).as("ids read by both parts").doesNotContainAnyElementsOf(
                    ids(first.transactions));
            List<Transaction> union = new ArrayList<>(first.transactions);
            union.addAll(rest.transactions);
            assertExactlyOnce(union, account.servedTransactions(), provider + " " + id);
            // A resumed keyset walk must read the data it started on: no refresh job in between.
            assertThat(sandbox.requestCount("/v2/ais/jobs/")).as("refresh-job calls by the resumed walk")
                    .isEqualTo(jobsBefore);
        }
    }

    // ---- a day later ----

    /** Both syncs of every account: a full one before {@code advance()}, a lookback one after. */
    private record TwoSyncs(LocalDate from, Map<String, List<Transaction>> before, Map<String, List<Transaction>> after) {
    }

    private TwoSyncs syncAdvanceAndSyncAgain(Provider provider) {
        Map<String, List<Transaction>> before = new HashMap<>();
        for (ExpectedAccount account : expectedAccounts(provider)) {
            before.put(account.accountId(), walk(client(provider), account.accountId(),
                    new WalkRequest(historyStart(), null, 50)).toEnd().transactions);
        }
        sandbox.advance();
        clock.advance(Duration.ofDays(1));
        LocalDate from = sandbox.today().minusDays(LOOKBACK_DAYS);
        Map<String, List<Transaction>> after = new HashMap<>();
        for (ExpectedAccount account : expectedAccounts(provider)) {
            after.put(account.accountId(), walk(client(provider), account.accountId(),
                    new WalkRequest(from, null, 50)).toEnd().transactions);
        }
        return new TwoSyncs(from, before, after);
    }

    @ParameterizedTest
    @MethodSource("dev.bankfeed.testing.Providers#all")
    void walk_afterAdvanceFromTheLookback_seesExactlyTheServedTransactionsOfTheWindowIncludingNewOnes(
            Provider provider) {
        TwoSyncs syncs = syncAdvanceAndSyncAgain(provider);

        for (ExpectedAccount account : expectedAccounts(provider)) {
            List<Transaction> seen = syncs.after().get(account.accountId());
            List<Transaction> inWindow = seen.stream().filter(t -> !t.bookingDate().isBefore(syncs.from())).toList();
            if (!provider.equals(Providers.ATLAR)) {
                // Atoa's window and Finqware's booking-date filter are exact; only Atlar's last page reaches back.
                assertThat(inWindow).as("records before the window").hasSameSizeAs(seen);
            }
            List<ExpectedTransaction> expected = account.servedTransactions().stream()
                    .filter(e -> !e.bookingDate().isBefore(syncs.from())).toList();
            assertExactlyOnce(inWindow, expected, provider + " " + account.accountId() + " after advance");

            Set<String> newIds = new HashSet<>(ids(inWindow));
            newIds.removeAll(ids(syncs.before().get(account.accountId())));
            assertThat(newIds).as("transactions new since the first sync")
                    .hasSizeGreaterThanOrEqualTo(sandbox.config().newTransactionsPerAdvance());
            assertThat(byId(inWindow)).as("the late booking, dated two days before the old today")
                    .anySatisfy((id, t) -> {
                        assertThat(newIds).contains(id);
                        assertThat(t.bookingDate()).isEqualTo(TODAY.minusDays(2));
                    });
        }
    }

    @Test
    void walk_afterAdvance_atoaPendingBookedUnderANewIdAppearsByThatIdAndThePendingIdIsGone() {
        TwoSyncs syncs = syncAdvanceAndSyncAgain(Providers.ATOA);
        int twins = 0;

        for (ExpectedAccount account : expectedAccounts(Providers.ATOA)) {
            Map<String, Transaction> before = byId(syncs.before().get(account.accountId()));
            Map<String, Transaction> after = byId(syncs.after().get(account.accountId()));
            for (ExpectedTransaction e : account.transactions()) {
                if (e.replacesPendingId() != null) {
                    twins++;
                    assertThat(before.get(e.replacesPendingId())).as("the pending one, first sync").isNotNull()
                            .extracting(Transaction::status).isEqualTo(TransactionStatus.PENDING);
                    assertThat(after).as("second sync").doesNotContainKey(e.replacesPendingId());
                    assertThat(after.get(e.id())).as("its booked twin, second sync").isNotNull()
                            .satisfies(t -> {
                                assertThat(t.status()).isEqualTo(TransactionStatus.BOOKED);
                                assertThat(t.amount())
                                        .isEqualTo(before.get(e.replacesPendingId()).amount());
                            });
                }
                if (e.vanished()) {
                    assertThat(before).as("vanished pending, first sync").containsKey(e.id());
                    assertThat(after).as("vanished pending, second sync").doesNotContainKey(e.id());
                }
            }
        }
        assertThat(twins).as("pending transactions that booked under a new id").isPositive();
    }

    @Test
    void walk_afterAdvance_finqwarePendingKeepsItsUtxIdAndIsNowBookedUnderANewRecordId() {
        TwoSyncs syncs = syncAdvanceAndSyncAgain(Providers.FINQWARE);
        int booked = 0;

        for (ExpectedAccount account : expectedAccounts(Providers.FINQWARE)) {
            Map<String, Transaction> after = byId(syncs.after().get(account.accountId()));
            Map<String, ExpectedTransaction> truth = new HashMap<>();
            account.transactions().forEach(e -> truth.put(e.id(), e));
            for (Transaction was : syncs.before().get(account.accountId())) {
                if (was.status() != TransactionStatus.PENDING) {
                    continue;
                }
                ExpectedTransaction now = truth.get(was.providerTransactionId());
                if (now.vanished()) {
                    assertThat(after).as("vanished pending").doesNotContainKey(was.providerTransactionId());
                    continue;
                }
                booked++;
                Transaction is = after.get(was.providerTransactionId());
                assertThat(is).as("pending %s, second sync", was.providerTransactionId()).isNotNull();
                assertThat(is.status()).isEqualTo(TransactionStatus.BOOKED);
                assertThat(is.amount()).isEqualTo(was.amount());
                assertThat(is.providerRecordId()).as("record id").isEqualTo(now.recordId())
                        .isNotEqualTo(was.providerRecordId());
            }
        }
        assertThat(booked).as("pending transactions that booked").isPositive();
    }
}
