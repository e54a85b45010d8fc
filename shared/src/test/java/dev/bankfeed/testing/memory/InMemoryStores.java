package dev.bankfeed.testing.memory;

import java.time.Clock;

/** One in-memory store of each kind a job talks to, sharing one clock, for fast job tests without DynamoDB. */
public record InMemoryStores(InMemoryAccountStore accounts, InMemoryBalanceStore balances,
        InMemoryTransactionStore transactions, InMemoryLeasesAndCursors leasesAndCursors,
        InMemoryStatusStore statuses, InMemoryRejectionStore rejections, InMemoryEventLedger events) {

    public static InMemoryStores create(Clock clock) {
        InMemoryLeasesAndCursors leasesAndCursors = new InMemoryLeasesAndCursors(clock);
        return new InMemoryStores(new InMemoryAccountStore(), new InMemoryBalanceStore(),
                new InMemoryTransactionStore(leasesAndCursors), leasesAndCursors, new InMemoryStatusStore(),
                new InMemoryRejectionStore(), new InMemoryEventLedger(clock));
    }
}
