package dev.bankfeed.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** The ReadApi function: an HTTP API GET in, an answer from the table out; it writes nothing (read-only IAM). */
public final class ReadApiHandler implements RequestStreamHandler {

    private final ReadApi api;
    private final ObjectMapper mapper = BankJson.mapper();

    /** Used by Lambda: the container's clients and stores, built once (and captured by SnapStart). */
    public ReadApiHandler() {
        this(BankfeedEnvironment.shared());
    }

    /** Used by tests and the local runner, with their own clients and stores. */
    public ReadApiHandler(Bankfeed bankfeed) {
        this.api = new ReadApi(bankfeed.dependencies());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JobHandler.readEvent(input);
        JsonNode answer = PowertoolsLogging.withLogging(context, () -> api.handle(event));
        mapper.writeValue(output, answer);
    }
}
