package dev.bankfeed.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobRequest;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.job.UnknownTargetException;
import dev.bankfeed.normalize.BankJson;
import dev.bankfeed.provider.Deadline;
import dev.bankfeed.runtime.Bankfeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * What every function does with its event: decode it, run one job, answer. A schedule gets the job
 * result (and a failure throws, so the async retry and the dead-letter queue see it); an HTTP request
 * gets a JSON response, a 400 problem naming the field for invalid input, never a stack trace.
 */
public final class JobHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JobHandler.class);
    /** Left for the runtime to serialize the answer and flush metrics after the job stopped. */
    private static final Duration RESPONSE_MARGIN = Duration.ofSeconds(3);

    private final Bankfeed bankfeed;
    private final JobKind kind;
    private final ObjectMapper mapper = BankJson.mapper();

    public JobHandler(Bankfeed bankfeed, JobKind kind) {
        this.bankfeed = bankfeed;
        this.kind = kind;
    }

    /** Handles one invocation; the shape of the answer follows the shape of the event. */
    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode event;
        try {
            event = mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event is not valid JSON");
        }
        JsonNode answer = PowertoolsLogging.withLogging(context, () -> {
            try {
                return TriggerParser.isHttp(event) ? http(event, context) : mapper.valueToTree(run(
                        TriggerParser.parse(event, today()), context));
            } finally {
                bankfeed.metrics().flush();
            }
        });
        mapper.writeValue(out, answer);
    }

    private JsonNode http(JsonNode event, Context context) {
        try {
            JobResult result = run(TriggerParser.parse(event, today()), context);
            return response(200, "application/json", mapper.valueToTree(result));
        } catch (BadRequestException e) {
            return problem(e.status(), "Invalid request", e.field(), e.getMessage());
        } catch (UnknownTargetException e) {
            return problem(400, "Invalid request", e.field(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("run failed: {}", e.toString());
            return problem(500, "The run failed", null,
                    "see the function's logs for request " + context.getAwsRequestId());
        }
    }

    private JobResult run(Trigger trigger, Context context) {
        String runId = context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
        JobRequest request = new JobRequest(runId, trigger.connectionId(), trigger.accountId(), trigger.from(),
                trigger.to(), Deadline.after(bankfeed.clock(), left.isNegative() ? Duration.ZERO : left),
                trigger.eventKey());
        return bankfeed.job(kind).run(request);
    }

    private ObjectNode problem(int status, String title, String field, String detail) {
        ObjectNode p = mapper.createObjectNode();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        if (field != null) {
            p.put("field", field);
        }
        p.put("detail", field != null ? "'" + field + "' " + detail : detail);
        return response(status, "application/problem+json", p);
    }

    private ObjectNode response(int status, String contentType, JsonNode body) {
        ObjectNode r = mapper.createObjectNode();
        r.put("statusCode", status);
        r.putObject("headers").put("content-type", contentType);
        try {
            r.put("body", mapper.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        r.put("isBase64Encoded", false);
        return r;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(bankfeed.clock().instant(), ZoneOffset.UTC);
    }
}
