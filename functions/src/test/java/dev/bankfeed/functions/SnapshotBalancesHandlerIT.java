package dev.bankfeed.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.testing.JobHandlerContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SnapshotBalancesHandler with the events/ files, over the provider sandbox and moto_server. */
class SnapshotBalancesHandlerIT extends JobHandlerContract {

    SnapshotBalancesHandlerIT() {
        super("snapshot-balances", JobKind.BALANCES, SnapshotBalancesHandler::new);
    }

    /**
     * Every balance the sandbox reports is stored once, exact to the minor unit, under its provider type (in
     * any case: Atoa reports no type, and we call its one balance "current").
     */
    @Override
    protected void assertFirstRunStored(ExpectedAccount account, String accountId, JsonNode outcome) {
        assertThat(outcome.path("added").asLong()).as(accountId).isPositive();
        List<String> stored = new ArrayList<>();
        for (BalanceType type : BalanceType.values()) {
            // The history, not latest(): latest() leaves out balances that include a credit limit.
            for (BalanceSnapshot s : harness.deps().balances().history(accountId, type, 10)) {
                stored.add(s.providerType().toLowerCase(Locale.ROOT) + " " + s.amount().minor() + " "
                        + s.amount().currency());
            }
        }
        assertThat(stored).as(accountId).containsExactlyInAnyOrderElementsOf(account.balances().stream()
                .map(b -> b.type().toLowerCase(Locale.ROOT) + " " + b.amountMinor() + " " + b.currency()).toList());
    }
}
