package dev.bankfeed.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.JobHandler;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import dev.bankfeed.runtime.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The SyncTransactions function: an EventBridge Scheduler or HTTP API event in, one transactions job run, the result out. */
public final class SyncTransactionsHandler implements RequestStreamHandler {

    static {
        // Primes this function's code paths before SnapStart's snapshot (and reseeds after a restore).
        SnapStartPriming.register(JobKind.TRANSACTIONS);
    }

    private final JobHandler handler;

    /** Used by Lambda: the container's clients and stores, built once (and captured by SnapStart). */
    public SyncTransactionsHandler() {
        this(BankfeedEnvironment.shared());
    }

    /** Used by tests and the local runner, with their own clients and stores. */
    public SyncTransactionsHandler(Bankfeed bankfeed) {
        this.handler = new JobHandler(bankfeed, JobKind.TRANSACTIONS);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handle(input, output, context);
    }
}
