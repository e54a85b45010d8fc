package dev.bankfeed.functions;

import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.HandlerPriming;
import dev.bankfeed.runtime.Bankfeed;

/** The SyncTransactions function: an EventBridge Scheduler or HTTP API event in, one transactions job run, the result out. */
public final class SyncTransactionsHandler extends FunctionHandler {

    static {
        // Primes this function's code paths before SnapStart's snapshot (and reseeds after a restore).
        HandlerPriming.register(JobKind.TRANSACTIONS);
    }

    /** Used by Lambda: the container's clients and stores, built once (and captured by SnapStart). */
    public SyncTransactionsHandler() {
        super(JobKind.TRANSACTIONS);
    }

    /** Used by tests and the local runner, with their own clients and stores. */
    public SyncTransactionsHandler(Bankfeed bankfeed) {
        super(bankfeed, JobKind.TRANSACTIONS);
    }
}
