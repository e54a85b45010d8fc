package dev.bankfeed.runtime;

import dev.bankfeed.job.AccountJob;
import dev.bankfeed.job.JobDependencies;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.ListAccountsJob;
import dev.bankfeed.job.RunEngine;
import dev.bankfeed.job.RunSettings;
import dev.bankfeed.job.SnapshotBalancesJob;
import dev.bankfeed.job.SyncTransactionsJob;
import dev.bankfeed.job.WorkQueue;
import dev.bankfeed.store.ConnectionGate;
import dev.bankfeed.store.RunStore;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The container-wide object graph: the three jobs and their run engines over one set of clients and stores,
 * built once.
 */
public final class Bankfeed {

    private final JobDependencies deps;
    private final RunStore runs;
    private final Map<JobKind, RunEngine> engines = new EnumMap<>(JobKind.class);

    /** @param queue the work queue of the function this container serves, or null to run units inline */
    public Bankfeed(JobDependencies deps, RunStore runs, ConnectionGate gate, WorkQueue queue,
            RunSettings settings) {
        this.deps = deps;
        this.runs = runs;
        for (AccountJob job : new AccountJob[] {new ListAccountsJob(deps), new SnapshotBalancesJob(deps),
                new SyncTransactionsJob(deps)}) {
            engines.put(job.kind(), new RunEngine(job, runs, gate, queue, settings));
        }
    }

    public RunEngine engine(JobKind kind) {
        return engines.get(kind);
    }

    public RunStore runs() {
        return runs;
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
