package dev.bankfeed.functions;

import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.HandlerPriming;
import dev.bankfeed.runtime.Bankfeed;

/** The SnapshotBalances function: an EventBridge Scheduler or HTTP API event in, one balances job run, the result out. */
public final class SnapshotBalancesHandler extends FunctionHandler {

    static {
        // Primes this function's code paths before SnapStart's snapshot (and reseeds after a restore).
        HandlerPriming.register(JobKind.BALANCES);
    }

    /** Used by Lambda: the container's clients and stores, built once (and captured by SnapStart). */
    public SnapshotBalancesHandler() {
        super(JobKind.BALANCES);
    }

    /** Used by tests and the local runner, with their own clients and stores. */
    public SnapshotBalancesHandler(Bankfeed bankfeed) {
        super(bankfeed, JobKind.BALANCES);
    }
}
