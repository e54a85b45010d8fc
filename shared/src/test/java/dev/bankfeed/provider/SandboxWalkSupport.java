package dev.bankfeed.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ConnectionJson;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.RetryPolicy;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.sandbox.ProviderFaults;
import dev.bankfeed.sandbox.ProviderSandbox;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.testing.FixedRandom;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import dev.bankfeed.testing.RecordingSleeper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import dev.bankfeed.provider.http.Deadline;

/**
 * A provider sandbox per test (fixed seed and today, a few accounts of a few hundred transactions each), real
 * clients built from its connection file, and one clock shared by sandbox and clients: the clients' sleeper
 * records each wait and moves that clock instead of sleeping, so Retry-After waits are exact and cost nothing.
 */
abstract class SandboxWalkSupport {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 4);
    /** The run starts at 09:00 of the sandbox's today, on a whole second, so HTTP-date waits come out exact. */
    static final Instant START = TODAY.atTime(9, 0).toInstant(ZoneOffset.UTC);
    static final long SEED = 20250304L;
    static final int ACCOUNTS = 3;
    static final int TRANSACTIONS = 300;
    /** Retries wait 250 ms, then 500 ms, ... (full jitter at a fixed one half); Retry-After up to 60 s. */
    static final RetryPolicy RETRY = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10),
            Duration.ofSeconds(60));
    /** Whole seconds, so Finqware's job polling keeps the clock on a whole second. */
    static final Duration JOB_POLL = Duration.ofSeconds(1);

    private static final HttpClient HTTP = ProviderClients.httpClient(ClientSettings.defaults());

    final MutableClock clock = new MutableClock(START);
    final RecordingSleeper sleeper = new RecordingSleeper(clock);
    final ClientSettings settings = ClientSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
            .withRetry(RETRY)
            .withTime(clock, sleeper, new FixedRandom(0.5))
            .withJobPolling(JOB_POLL, 10, Duration.ofMinutes(15));

    ProviderSandbox sandbox;
    private List<Connection> connections;

    @BeforeEach
    void startSandbox() {
        start(b -> b);
    }

    @AfterEach
    void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** (Re)starts the sandbox with the test defaults as changed by {@code tweak}, and reads its connection file. */
    void start(UnaryOperator<SandboxConfig.Builder> tweak) {
        stopSandbox();
        sandbox = ProviderSandbox.start(tweak.apply(SandboxConfig.builder().seed(SEED).today(TODAY).clock(clock)
                .accountsPerConnection(ACCOUNTS).transactionsPerAccount(TRANSACTIONS).threads(2)).build());
        connections = ConnectionJson.parseFile(sandbox.connectionsJson());
    }

    Connection connection(Provider p) {
        return connections.stream().filter(c -> c.provider().equals(p)).findFirst().orElseThrow();
    }

    /** A new client, as a new invocation would build it (no token or refresh remembered). */
    ProviderClient client(Provider p) {
        return ProviderClients.create(connection(p), HTTP, settings);
    }

    ProviderFaults faults(Provider p) {
        return sandbox.faults().of(p.id());
    }

    List<ExpectedAccount> expectedAccounts(Provider p) {
        return sandbox.expected().accounts(p.id());
    }

    ExpectedAccount expectedAccount(String accountId) {
        return sandbox.expected().account(accountId);
    }

    String firstAccountId(Provider p) {
        return expectedAccounts(p).get(0).accountId();
    }

    /** The path (a prefix of it, for counting and for aiming faults) of one account's transaction pages. */
    static String transactionsPath(Provider p, String accountId) {
        return switch (p.id()) {
            case "atlar" -> "/financial-data/v2/transactions";
            case "atoa" -> "/api/bank/accounts/" + accountId + "/transactions";
            case "finqware" -> "/v2/ais/transactions/list";
            default -> throw new IllegalArgumentException("no transactions path for " + p);
        };
    }

    Deadline deadline() {
        return Deadline.after(clock, Duration.ofMinutes(10));
    }

    /** The oldest day the sandbox has data for: a walk from here is a full backfill. */
    LocalDate historyStart() {
        return sandbox.today().minusDays(sandbox.config().historyDays());
    }

    /** The waits asked for since the sleeper had recorded {@code mark} of them. */
    List<Duration> waitsSince(int mark) {
        List<Duration> all = sleeper.waits();
        return all.subList(mark, all.size());
    }

    /** Every account of every page, through the provider's normalizer, with no rejection. */
    List<Account> normalizedAccounts(Provider p, List<JsonNode> pages) {
        List<Account> out = new ArrayList<>();
        for (JsonNode page : pages) {
            NormalizationResult<Account> r = ProviderModules.of(p).normalizer().accounts(page,
                    new NormalizationContext(null, clock.instant()));
            assertThat(r.rejections()).as("rejected accounts").isEmpty();
            out.addAll(r.records());
        }
        return out;
    }

    Walker walk(ProviderClient client, String accountId, WalkRequest request) {
        return walk(client, accountId, request, deadline());
    }

    Walker walk(ProviderClient client, String accountId, WalkRequest request, Deadline deadline) {
        return new Walker(client.provider(), accountId, client.transactions(accountId, request, deadline));
    }

    /** Drives one walk page by page and keeps what its pages normalize to. */
    final class Walker {

        private static final int MAX_PAGES = 10_000;

        final Provider provider;
        final String accountId;
        private final TransactionWalk walk;
        final List<Transaction> transactions = new ArrayList<>();
        final List<Integer> pageSizes = new ArrayList<>();
        /** Index into {@link #transactions} where each page's records start. */
        final List<Integer> pageStarts = new ArrayList<>();
        final List<Boolean> restarted = new ArrayList<>();
        String resumeState;
        boolean complete;

        private Walker(Provider provider, String accountId, TransactionWalk walk) {
            this.provider = provider;
            this.accountId = accountId;
            this.walk = walk;
        }

        int pages() {
            return pageSizes.size();
        }

        /** The path of this walk's pages: what faults aim at and requests are counted on. */
        String path() {
            return transactionsPath(provider, accountId);
        }

        /** Requests for this walk's pages since the sandbox's counts were last reset (Atlar's pending list too). */
        long requests() {
            long pending = provider.equals(Providers.ATLAR) ? sandbox.requestCount("/financial-data/v2/pending-transactions") : 0;
            return sandbox.requestCount(path()) + pending;
        }

        /** Fetches and normalizes the next page; once the last page is in, checks the walk stays ended. */
        void step() {
            assertThat(complete).as("step after the walk completed").isFalse();
            Optional<TransactionPage> next = walk.next();
            assertThat(next).as("a page before the walk said it was the last").isPresent();
            TransactionPage page = next.orElseThrow();
            assertThat(page.pageIndex()).as("page index").isEqualTo(pages());
            NormalizationResult<Transaction> r = ProviderModules.of(provider).normalizer().transactions(page.body(),
                    new NormalizationContext(accountId, clock.instant()));
            assertThat(r.rejections()).as("rejected transactions on page %d", pages()).isEmpty();
            assertThat(r.records()).as("records of another account").allSatisfy(
                    t -> assertThat(t.providerAccountId()).isEqualTo(accountId));
            pageStarts.add(transactions.size());
            pageSizes.add(r.records().size());
            restarted.add(page.restarted());
            transactions.addAll(r.records());
            if (page.last()) {
                assertThat(page.resumeState()).as("resume state of the last page").isNull();
                complete = true;
                assertThat(walk.next()).as("a page after the last one").isEmpty();
            } else {
                assertThat(page.resumeState()).as("resume state of page %d", pages() - 1).isNotNull();
                resumeState = page.resumeState();
            }
        }

        Walker pages(int n) {
            for (int i = 0; i < n && !complete; i++) {
                step();
            }
            return this;
        }

        Walker toEnd() {
            while (!complete) {
                assertThat(pages()).as("pages of one walk").isLessThan(MAX_PAGES);
                step();
            }
            return this;
        }

        /** The records of the pages from {@code page} on. */
        List<Transaction> from(int page) {
            return transactions.subList(pageStarts.get(page), transactions.size());
        }
    }

    // ---- comparing with the ground truth ----

    static Set<String> ids(Collection<Transaction> seen) {
        return seen.stream().map(Transaction::providerTransactionId).collect(Collectors.toSet());
    }

    static Map<String, Transaction> byId(Collection<Transaction> seen) {
        return seen.stream().collect(Collectors.toMap(Transaction::providerTransactionId, Function.identity(),
                (a, b) -> b));
    }

    /** Every expected transaction exactly once, with exact amount, currency, status and booking date; nothing else. */
    static void assertExactlyOnce(Collection<Transaction> seen, Collection<ExpectedTransaction> expected,
            String what) {
        Set<String> unique = new HashSet<>();
        List<String> repeated = seen.stream().map(Transaction::providerTransactionId).filter(id -> !unique.add(id))
                .toList();
        assertThat(repeated).as("%s: ids seen more than once", what).isEmpty();
        Set<String> expectedIds = expected.stream().map(ExpectedTransaction::id).collect(Collectors.toSet());
        assertThat(expectedIds).as("%s: expected ids (sanity)", what).hasSize(expected.size());
        assertThat(unique).as("%s: ids", what).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(seen.stream().map(SandboxWalkSupport::row).toList()).as("%s: amounts, status and dates", what)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(SandboxWalkSupport::row).toList());
    }

    static String row(Transaction t) {
        return t.providerTransactionId() + " " + t.amount().minor() + " " + t.amount().currency() + " " + t.status()
                + " " + t.bookingDate();
    }

    static String row(ExpectedTransaction e) {
        return e.id() + " " + e.amountMinor() + " " + e.currency() + " " + e.status() + " " + e.bookingDate();
    }
}
