package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Data generation, in process: determinism, shapes of the data, and what advance() does. */
class WorldTest {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);

    private static Expected truth(SandboxConfig config) {
        return GroundTruth.of(new World(config, "http://127.0.0.1:1"));
    }

    private static SandboxConfig.Builder base() {
        return SandboxConfig.builder().seed(21).today(TODAY).accountsPerConnection(6).transactionsPerAccount(400);
    }

    @Test
    void sameSeed_givesEqualGroundTruth() {
        assertThat(truth(base().build())).isEqualTo(truth(base().build()));
    }

    @Test
    void sameSeedAnotherToday_keepsEveryIdAndAmount() {
        Expected a = truth(base().build());
        Expected b = truth(base().today(TODAY.plusDays(40)).build());

        for (ExpectedAccount account : a.accounts()) {
            List<String> ids = account.transactions().stream().map(t -> t.id() + " " + t.amountMinor()).sorted().toList();
            assertThat(b.account(account.accountId()).transactions().stream()
                    .map(t -> t.id() + " " + t.amountMinor()).sorted().toList()).isEqualTo(ids);
        }
    }

    @Test
    void transactionIds_areUniqueAcrossTheWholeSandbox() {
        Expected e = truth(base().connectionsPerProvider(2).build());
        Set<String> seen = new HashSet<>();

        e.accounts().forEach(a -> a.transactions().forEach(t -> assertThat(seen.add(t.id())).as(t.id()).isTrue()));
        assertThat(seen).hasSize(3 * 2 * 6 * 400);
    }

    @Test
    void currencies_includeZeroAndThreeDecimalOnesAndAtoaIsGbp() {
        Expected e = truth(base().build());

        assertThat(e.accounts("atlar")).extracting(ExpectedAccount::currency)
                .containsExactly("EUR", "JPY", "KWD", "NOK", "SEK", "GBP");
        assertThat(e.accounts("finqware")).extracting(ExpectedAccount::currency).contains("BHD", "RON");
        assertThat(e.accounts("atoa")).extracting(ExpectedAccount::currency).containsOnly("GBP");
    }

    @Test
    void transactions_areDatedWithinTheHistoryBeforeToday_andPendingOnesAreRecent_forEveryProvider() {
        Expected e = truth(base().pendingPerAccount(4).build());

        for (ExpectedAccount a : e.accounts()) {
            for (ExpectedTransaction t : a.transactions()) {
                assertThat(t.bookingDate()).isBefore(TODAY).isAfterOrEqualTo(TODAY.minusDays(90));
                assertThat(t.amountMinor()).isNotZero();
                if (t.pending()) {
                    assertThat(t.bookingDate()).isAfterOrEqualTo(TODAY.minusDays(3));
                }
            }
            long pending = a.transactions().stream().filter(ExpectedTransaction::pending).count();
            assertThat(pending).as(a.accountId()).isEqualTo(4);
        }
    }

    @Test
    void bookedBalance_isTheOpeningPlusTheBookedTransactions_andSomeFinqwareAccountIsOverdrawn() {
        World world = new World(base().build(), "http://127.0.0.1:1");
        Expected e = GroundTruth.of(world);

        for (AccountSpec spec : world.allAccounts()) {
            ExpectedAccount a = e.account(spec.id());
            long opening = world.snapshot().ledger(spec).opening();
            assertThat(a.bookedBalance().amountMinor()).isEqualTo(opening + a.bookedSum())
                    .isEqualTo(spec.targetBalanceMinor());
        }
        assertThat(e.accounts("finqware")).anySatisfy(a ->
                assertThat(a.bookedBalance().amountMinor()).isNegative());
    }

    @Test
    void advance_resolvesEveryPendingAndAddsNewOnes() {
        World world = new World(base().pendingPerAccount(3).build(), "http://127.0.0.1:1");
        Expected before = GroundTruth.of(world);

        world.advance(1);
        Expected after = GroundTruth.of(world);

        List<ExpectedAccount> bookUnderNewIds = new ArrayList<>(after.accounts("atoa"));
        bookUnderNewIds.addAll(after.accounts("atlar"));
        for (ExpectedAccount a : bookUnderNewIds) {
            ExpectedAccount was = before.account(a.accountId());
            assertThat(a.transactions().stream().filter(ExpectedTransaction::vanished)).hasSize(1);
            assertThat(a.transactions().stream().filter(t -> t.replacesPendingId() != null)).hasSize(2);
            // Old pending ones are gone (booked or vanished); one new pending arrived.
            assertThat(a.servedTransactions().stream().filter(ExpectedTransaction::pending)).hasSize(1);
            assertThat(a.transactions()).hasSize(was.transactions().size() + 5);
        }
        for (ExpectedAccount a : after.accounts("finqware")) {
            Set<String> wasIds = before.account(a.accountId()).transactionIds();
            // utx_id survives booking: every id seen before is still expected, plus five new ones.
            assertThat(a.transactionIds()).containsAll(wasIds).hasSize(wasIds.size() + 5);
        }
        assertThat(after.today()).isEqualTo(TODAY.plusDays(1));
    }

    @Test
    void insertBooked_addsOneBookedTransactionAtThatTime() {
        World world = new World(base().build(), "http://127.0.0.1:1");
        AccountSpec account = world.allAccounts().get(6);
        long time = world.snapshot().ledger(account).time(10);

        String id = world.insertBooked(account, time);

        Ledger l = world.snapshot().ledger(account);
        assertThat(l.size()).isEqualTo(401);
        assertThat(world.transactionId(account, l.serial(10))).isEqualTo(id);
        assertThat(l.pending(10)).isFalse();
    }
}
