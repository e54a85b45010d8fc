package dev.bankfeed.runtime;

import dev.bankfeed.job.AccountJob;
import dev.bankfeed.job.JobDependencies;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.ListAccountsJob;
import dev.bankfeed.job.SnapshotBalancesJob;
import dev.bankfeed.job.SyncTransactionsJob;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** The container-wide object graph: the three jobs over one set of clients and stores, built once. */
public final class Bankfeed {

    private final JobDependencies deps;
    private final Map<JobKind, AccountJob> jobs = new EnumMap<>(JobKind.class);

    public Bankfeed(JobDependencies deps) {
        this.deps = deps;
        jobs.put(JobKind.ACCOUNTS, new ListAccountsJob(deps));
        jobs.put(JobKind.BALANCES, new SnapshotBalancesJob(deps));
        jobs.put(JobKind.TRANSACTIONS, new SyncTransactionsJob(deps));
    }

    public AccountJob job(JobKind kind) {
        return jobs.get(kind);
    }

    public Clock clock() {
        return deps.clock();
    }

    public JobMetrics metrics() {
        return deps.metrics();
    }

    public JobDependencies dependencies() {
        return deps;
    }
}
