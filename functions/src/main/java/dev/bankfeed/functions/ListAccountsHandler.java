package dev.bankfeed.functions;

import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.HandlerPriming;
import dev.bankfeed.runtime.Bankfeed;

/** The ListAccounts function: an EventBridge Scheduler or HTTP API event in, one accounts job run, the result out. */
public final class ListAccountsHandler extends FunctionHandler {

    static {
        // Primes this function's code paths before SnapStart's snapshot (and reseeds after a restore).
        HandlerPriming.register(JobKind.ACCOUNTS);
    }

    /** Used by Lambda: the container's clients and stores, built once (and captured by SnapStart). */
    public ListAccountsHandler() {
        super(JobKind.ACCOUNTS);
    }

    /** Used by tests and the local runner, with their own clients and stores. */
    public ListAccountsHandler(Bankfeed bankfeed) {
        super(bankfeed, JobKind.ACCOUNTS);
    }
}
