package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.benchmarks.dynamo.FixedLatencyDynamoDb;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.SyncCursor;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.store.UnitReport;
import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The benchmark's DynamoDB stand-in behaves like moto_server for everything the stores do: each scenario runs
 * the real stores on both, from the same clock, and must give the same return values and leave the same items.
 * (In the stores' package for the {@link Txn} fixture.)
 */
class StandInContractIT {

    private static final Instant T0 = Instant.parse("2026-03-12T08:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final String ACCOUNT = Txn.ACCOUNT_ID;

    private static DynamoDbClient moto;

    /** One scenario: calls on the stores, each call's answer added to {@code out}. */
    interface Scenario {
        void run(DynamoStores stores, MutableClock clock, List<Object> out);
    }

    private record Outcome(List<Object> answers, List<Map<String, AttributeValue>> items) {
    }

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.shared().dynamoClient();
    }

    @AfterAll
    static void closeMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("transactions: upsert, unchanged, twin, change, vanish, reappear",
                        (Scenario) StandInContractIT::transactions),
                Arguments.of("transactions: a listing over several 1 MB pages", (Scenario) StandInContractIT::manyLarge),
                Arguments.of("leases and cursors", (Scenario) StandInContractIT::leasesAndCursors),
                Arguments.of("event claims", (Scenario) StandInContractIT::events),
                Arguments.of("runs", (Scenario) StandInContractIT::runs),
                Arguments.of("connection gate", (Scenario) StandInContractIT::gate),
                Arguments.of("accounts and statuses", (Scenario) StandInContractIT::accountsAndStatuses));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario_sameAnswersAndItemsAsMoto(String name, Scenario scenario) {
        Outcome onMoto = run(moto, scenario, true);
        Outcome onStandIn = run(new FixedLatencyDynamoDb(Duration.ZERO), scenario, false);

        assertThat(onMoto.answers()).isNotEmpty();
        assertThat(onStandIn.answers()).containsExactlyElementsOf(onMoto.answers());
        assertThat(onStandIn.items()).hasSameSizeAs(onMoto.items());
        for (int i = 0; i < onMoto.items().size(); i++) {
            assertThat(onStandIn.items().get(i)).as("item %d", i).isEqualTo(onMoto.items().get(i));
        }
    }

    private static Outcome run(DynamoDbClient client, Scenario scenario, boolean dropAfter) {
        String table = "contract-" + UUID.randomUUID();
        BankfeedTable.createIfMissing(client, table);
        try {
            MutableClock clock = new MutableClock(T0);
            List<Object> answers = new ArrayList<>();
            scenario.run(DynamoStores.create(client, table, clock, ProviderModules.twinning()), clock, answers);
            return new Outcome(answers, items(client, table));
        } finally {
            if (dropAfter) {
                client.deleteTable(b -> b.tableName(table));
            }
        }
    }

    private static List<Map<String, AttributeValue>> items(DynamoDbClient client, String table) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(MotoDynamo.scan(client, table));
        out.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get(BankfeedTable.PK).s())
                .thenComparing(i -> i.get(BankfeedTable.SK).s()));
        return out;
    }

    /** The answer, or the name of what it threw: a refusal must be the same refusal on both. */
    private static Object attempt(Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void transactions(DynamoStores stores, MutableClock clock, List<Object> out) {
        TransactionStore txns = stores.transactions();
        Transaction p1 = Txn.pending("p1").on(LocalDate.of(2026, 3, 9)).build();
        Txn other = Txn.pending("p2").on(LocalDate.of(2026, 3, 10));
        other.reference = "OTHER";
        other.amount = Money.ofMinor(-120, "GBP");
        Transaction p2 = other.build();
        Txn plain = Txn.booked("b0").on(LocalDate.of(2026, 3, 8));
        plain.reference = "R0";
        plain.amount = Money.ofMinor(5000, "GBP");
        plain.direction = Direction.CREDIT;
        Transaction b0 = plain.build();
        out.add(txns.upsertTransactions(List.of(p1, p2, b0)));
        out.add(txns.upsertTransactions(List.of(p1, p2, b0)));

        clock.advance(Duration.ofDays(2));
        Transaction b1 = Txn.booked("b1").on(LocalDate.of(2026, 3, 11)).build(); // p1's twin under a new id
        out.add(txns.upsertTransactions(List.of(b1)));
        plain.amount = Money.ofMinor(5001, "GBP");
        out.add(txns.upsertTransactions(List.of(plain.build())));
        out.add(txns.openPending(ACCOUNT, null));
        out.add(txns.openPending(ACCOUNT, LocalDate.of(2026, 3, 10)));
        out.add(txns.openPending(ACCOUNT, LocalDate.of(2026, 3, 11)));

        txns.markVanished(p2.canonicalId(), clock.instant());
        txns.markVanished(b1.canonicalId(), clock.instant()); // booked: must change nothing
        out.add(txns.countActive(ACCOUNT));
        out.add(txns.openPending(ACCOUNT, null));
        clock.advance(Duration.ofHours(1));
        out.add(txns.upsertTransactions(List.of(p2))); // seen again: reopened
        out.add(txns.countActive(ACCOUNT));
        out.add(txns.listByAccount(ACCOUNT));
        out.add(txns.find(p1.canonicalId()));
        out.add(txns.find(Transaction.canonicalId(Providers.ATOA, Txn.ACCOUNT, "nope")));
    }

    private static void manyLarge(DynamoStores stores, MutableClock clock, List<Object> out) {
        TransactionStore txns = stores.transactions();
        String raw = "{\"memo\":\"" + "x".repeat(4000) + "\"}";
        List<Transaction> all = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            Txn t = Txn.booked(String.format("t%04d", i));
            t.reference = "R" + i;
            t.amount = Money.ofMinor(100 + i, "GBP");
            t.direction = Direction.CREDIT;
            t.rawJson = raw;
            all.add(t.build());
        }
        for (int from = 0; from < all.size(); from += 160) {
            out.add(txns.upsertTransactions(all.subList(from, from + 160)));
        }
        out.add(txns.countActive(ACCOUNT));
        out.add(txns.listByAccount(ACCOUNT));
    }

    private static void leasesAndCursors(DynamoStores stores, MutableClock clock, List<Object> out) {
        var leases = stores.leases();
        var cursors = stores.cursors();
        out.add(leases.tryAcquire(ACCOUNT, "A", TTL));
        out.add(leases.tryAcquire(ACCOUNT, "B", TTL));
        out.add(leases.tryAcquire(ACCOUNT, "A", TTL));
        SyncCursor walking = new SyncCursor(null, "{\"page\":2}", LocalDate.of(2025, 12, 12), LocalDate.of(2026, 3, 1),
                false, clock.instant());
        out.add(attempt(() -> {
            cursors.save(ACCOUNT, walking, "A", TTL);
            return "saved";
        }));
        out.add(attempt(() -> {
            cursors.save(ACCOUNT, new SyncCursor(LocalDate.of(2026, 3, 11), null, null, null, false,
                    clock.instant()), "B", TTL);
            return "saved";
        }));
        out.add(cursors.load(ACCOUNT));
        out.add(cursors.load("atoa:unknown"));
        leases.release(ACCOUNT, "B");
        out.add(leases.tryAcquire(ACCOUNT, "B", TTL));
        clock.advance(TTL.plusSeconds(1));
        out.add(leases.tryAcquire(ACCOUNT, "B", TTL));
        leases.release(ACCOUNT, "B");
        out.add(leases.tryAcquire(ACCOUNT, "A", TTL));
        out.add(cursors.load(ACCOUNT));
    }

    private static void events(DynamoStores stores, MutableClock clock, List<Object> out) {
        var events = stores.events();
        Duration retention = Duration.ofHours(1);
        out.add(events.claim("sync#e1", retention));
        out.add(events.claim("sync#e1", retention));
        out.add(events.claim("sync#e2", retention));
        events.release("sync#e1");
        events.release("sync#never");
        out.add(events.claim("sync#e1", retention));
        clock.advance(retention.plusSeconds(1));
        out.add(events.claim("sync#e2", retention)); // expired, even before TTL deletes it
    }

    private static void runs(DynamoStores stores, MutableClock clock, List<Object> out) {
        var runs = stores.runs();
        runs.start("run-1", "transactions", "schedule", 3, 0, clock.instant());
        out.add(runs.find("run-1"));
        out.add(runs.report("run-1", "u1", new UnitReport(true, 10, 1, 2, 0, 3), true, clock.instant()));
        out.add(runs.report("run-1", "u1", new UnitReport(true, 10, 1, 2, 0, 3), true, clock.instant()));
        out.add(runs.isReported("run-1", "u1"));
        out.add(runs.isReported("run-1", "u2"));
        out.add(runs.report("run-1", "u2", new UnitReport(false, 0, 0, 0, 1, 1), false, clock.instant()));
        out.add(runs.find("run-1"));
        clock.advance(Duration.ofSeconds(5));
        out.add(runs.report("run-1", "u3", new UnitReport(true, 5, 0, 0, 0, 1), true, clock.instant()));
        out.add(runs.find("run-1"));
        runs.start("run-2", "transactions", "http", 1, 1, clock.instant());
        out.add(runs.find("run-2"));
        out.add(runs.find("run-none"));
    }

    private static void gate(DynamoStores stores, MutableClock clock, List<Object> out) {
        var gate = stores.gate();
        // One slot: the gate's random first slot is then the same on both engines.
        out.add(gate.tryEnter("conn-1", 1, "A", TTL));
        out.add(gate.tryEnter("conn-1", 1, "B", TTL));
        out.add(gate.tryEnter("conn-1", 1, "A", TTL));
        gate.leave("conn-1", 0, "B");
        out.add(gate.tryEnter("conn-1", 1, "B", TTL));
        gate.leave("conn-1", 0, "A");
        out.add(gate.tryEnter("conn-1", 1, "B", TTL));
        clock.advance(TTL.plusSeconds(120));
        out.add(gate.tryEnter("conn-1", 1, "C", TTL));
        out.add(gate.throttledUntil("conn-1"));
        Instant until = clock.instant().plusSeconds(30);
        gate.throttle("conn-1", until);
        gate.throttle("conn-1", until.minusSeconds(10)); // earlier: must not shorten the pause
        out.add(gate.throttledUntil("conn-1"));
        gate.throttle("conn-1", until.plusSeconds(10));
        out.add(gate.throttledUntil("conn-1"));
    }

    private static void accountsAndStatuses(DynamoStores stores, MutableClock clock, List<Object> out) {
        var accounts = stores.accounts();
        var statuses = stores.statuses();
        Account a1 = account("a1", "Main");
        Account a2 = account("a2", "Payroll");
        out.add(accounts.upsertAccounts("conn-1", List.of(a1, a2)));
        out.add(accounts.upsertAccounts("conn-1", List.of(a1, a2)));
        out.add(accounts.upsertAccounts("conn-1", List.of(a1, account("a2", "Payroll 2"))));
        out.add(accounts.upsertAccounts("conn-2", List.of(account("a3", "Other"))));
        out.add(accounts.accounts("conn-1"));
        statuses.recordSuccess(a1.canonicalId(), "conn-1", "transactions", "run-1", clock.instant());
        statuses.recordFailure(a2.canonicalId(), "conn-1", "transactions", "run-1", ErrorClass.PERMANENT,
                "consent revoked", clock.instant());
        clock.advance(Duration.ofMinutes(5));
        statuses.recordSuccess(a1.canonicalId(), "conn-1", "transactions", "run-2", clock.instant());
        statuses.recordSuccess(a2.canonicalId(), "conn-1", "balances", "run-3", clock.instant());
        out.add(statuses.status(a1.canonicalId(), "transactions"));
        out.add(statuses.status(a2.canonicalId(), "transactions"));
        out.add(statuses.status(a2.canonicalId(), "nothing"));
        out.add(statuses.statuses("conn-1"));
        out.add(statuses.statuses("conn-2"));
    }

    private static Account account(String id, String name) {
        return Account.builder().provider(Providers.ATLAR).providerAccountId(id).name(name).alias("alias-" + id)
                .currency("EUR").bankName("Testbank").bic("ATLRSESSXXX")
                .identifiers(List.of(new AccountIdentifier("IBAN", "DE77500105175554166345", "DE"))).status("OPEN")
                .type("CURRENT").subType("CurrentAccount").rawJson("{\"id\":\"" + id + "\"}").build();
    }
}
