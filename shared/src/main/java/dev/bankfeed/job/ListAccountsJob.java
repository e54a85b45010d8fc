package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.store.WriteCounts;
import java.util.ArrayList;
import java.util.List;

/** Discovers the accounts behind every connection, normalizes and upserts them. */
public final class ListAccountsJob extends AccountJob {

    public ListAccountsJob(JobDependencies deps) {
        super(JobKind.ACCOUNTS, deps);
    }

    /** One unit per connection: listing is one walk of the connection's account pages. */
    @Override
    protected void planConnection(Connection connection, JobRequest request, List<WorkUnit> units,
            List<AccountOutcome> failures) {
        units.add(new WorkUnit(request.runId(), kind(), connection.id(), request.accountId(), true, request.from(),
                request.to(), 1, null));
    }

    /** Always asks the provider: this job exists to see new and changed accounts. */
    @Override
    protected List<Account> accountsOf(Connection connection, ProviderClient client, JobRequest request,
            List<AccountOutcome> outcomes) {
        long started = System.nanoTime();
        List<Rejection> rejections = new ArrayList<>();
        List<Account> accounts = discoverAccounts(connection, client, request, rejections);
        if (!rejections.isEmpty()) {
            outcomes.add(AccountOutcome.ok(connection.id(), connection.provider().id(), null, WriteCounts.ZERO, 0,
                    rejections.size(), null, millisSince(started)).failedForRejections(rejectionSummary(rejections)));
        }
        return accounts;
    }

    @Override
    protected AccountOutcome runAccount(Connection connection, ProviderClient client, Account account,
            JobRequest request) {
        long started = System.nanoTime();
        WriteCounts counts = deps.accounts().upsertAccounts(connection.id(), List.of(account));
        return AccountOutcome.ok(connection.id(), connection.provider().id(), account.canonicalId(), counts, 0, 0, null,
                millisSince(started));
    }
}
