package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.Normalizers;
import dev.bankfeed.provider.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.store.WriteCounts;
import java.util.List;

/** Takes the latest balances of every known account and appends them to its balance history. */
public final class SnapshotBalancesJob extends AccountJob {

    public SnapshotBalancesJob(JobDependencies deps) {
        super(JobKind.BALANCES, deps);
    }

    @Override
    protected AccountOutcome runAccount(Connection connection, ProviderClient client, Account account,
            JobRequest request) {
        long started = System.nanoTime();
        NormalizationResult<BalanceSnapshot> result = Normalizers.forProvider(connection.provider())
                .balances(client.latestBalances(account.providerAccountId(), request.deadline()),
                        context(account.providerAccountId()));
        // Finqware answers with the balances of every account of the consent: keep this account's.
        List<BalanceSnapshot> mine = result.records().stream()
                .filter(b -> account.providerAccountId().equals(b.providerAccountId()))
                .toList();
        WriteCounts counts = deps.balances().appendSnapshots(mine);
        logRejections(result.rejections());
        AccountOutcome outcome = new AccountOutcome(connection.id(), connection.provider().id(),
                account.canonicalId(), AccountOutcome.OK, counts.added(), counts.changed(), counts.unchanged(), 1,
                result.rejections().size(), null, null, millisSince(started));
        if (result.hasRejections()) {
            throw new RejectedPageException(withRejections(outcome, rejectionSummary(result.rejections())));
        }
        return outcome;
    }

    static AccountOutcome withRejections(AccountOutcome o, String message) {
        return new AccountOutcome(o.connectionId(), o.provider(), o.accountId(), AccountOutcome.FAILED, o.added(),
                o.changed(), o.unchanged(), o.pages(), o.rejected(), ErrorClass.MALFORMED_RESPONSE.name(), message,
                o.durationMillis());
    }
}
