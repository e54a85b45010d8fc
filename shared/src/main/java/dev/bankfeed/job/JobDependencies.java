package dev.bankfeed.job;

import dev.bankfeed.config.ConnectionSource;
import dev.bankfeed.store.AccountStore;
import dev.bankfeed.store.BalanceStore;
import dev.bankfeed.store.CursorStore;
import dev.bankfeed.store.EventLedger;
import dev.bankfeed.store.LeaseStore;
import dev.bankfeed.store.RejectionStore;
import dev.bankfeed.store.StatusStore;
import dev.bankfeed.store.TransactionStore;
import java.time.Clock;

/** Everything a job talks to, built once per container and shared by the three jobs. */
public record JobDependencies(
        ConnectionSource connections,
        ProviderClientFactory clients,
        AccountStore accounts,
        BalanceStore balances,
        TransactionStore transactions,
        CursorStore cursors,
        LeaseStore leases,
        StatusStore statuses,
        RejectionStore rejections,
        EventLedger events,
        JobMetrics metrics,
        Clock clock,
        JobSettings settings) {
}
