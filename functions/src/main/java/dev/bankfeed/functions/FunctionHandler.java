package dev.bankfeed.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.JobHandler;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What the three functions share: an EventBridge Scheduler, HTTP API or SQS event in, one job of the function's
 * kind run or dispatched, the answer out. Each function is a subclass named in template.yaml, whose static
 * initializer registers its SnapStart priming.
 */
public abstract class FunctionHandler implements RequestStreamHandler {

    private final JobHandler handler;

    /** Used by Lambda: the container's clients and stores, built once (and captured by SnapStart). */
    protected FunctionHandler(JobKind kind) {
        this(BankfeedEnvironment.shared(), kind);
    }

    /** Used by tests and the local runner, with their own clients and stores. */
    protected FunctionHandler(Bankfeed bankfeed, JobKind kind) {
        this.handler = new JobHandler(bankfeed, kind);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handle(input, output, context);
    }
}
