package dev.bankfeed.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Expected} from one snapshot of the world. */
final class GroundTruth {

    private GroundTruth() {
    }

    static Expected of(World world) {
        World.Snapshot snap = world.snapshot();
        List<ExpectedAccount> accounts = new ArrayList<>();
        for (AccountSpec a : world.allAccounts()) {
            World.AccountState state = snap.states()[a.slot()];
            Ledger ledger = state.ledger();
            List<ExpectedTransaction> txns = new ArrayList<>(ledger.size() + state.vanished().size());
            for (int i = 0; i < ledger.size(); i++) {
                txns.add(transaction(world, a, ledger.entry(i), false));
            }
            for (Ledger.Entry gone : state.vanished()) {
                txns.add(transaction(world, a, gone, true));
            }
            accounts.add(new ExpectedAccount(a.provider().id(), a.connectionId(), a.id(), a.currency(),
                    a.provider().latestBalances(a, ledger), txns));
        }
        return new Expected(snap.today(), accounts);
    }

    private static ExpectedTransaction transaction(World world, AccountSpec a, Ledger.Entry e, boolean vanished) {
        String recordId = world.transactionId(a, e.serial());
        String id = a.provider().storedId(world, a, e);
        String replaces = a.provider().booksPendingUnderNewId() && e.origin() != e.serial()
                ? world.transactionId(a, e.origin()) : null;
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(e.time()), ZoneOffset.UTC);
        return new ExpectedTransaction(id, recordId, e.amount(), a.currency(), e.pending() ? "PENDING" : "BOOKED",
                date, vanished, replaces);
    }
}
