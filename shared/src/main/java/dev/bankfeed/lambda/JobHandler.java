package dev.bankfeed.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobRequest;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.job.RunEngine;
import dev.bankfeed.job.UnknownTargetException;
import dev.bankfeed.job.WorkUnit;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.tracing.Tracing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * What every function does with its event: decode it, run or dispatch one job, answer. A schedule gets the job
 * result, or with a work queue the dispatch (and a failure throws, so the async retry and the dead-letter queue
 * see it); an HTTP POST gets the result (200) or, with a work queue, {@code 202 Accepted} and the run's
 * location; {@code GET /runs/{runId}} gets the run record; an SQS batch of work units gets its batch item
 * failures. Invalid HTTP input is a 400 problem naming the field, never a stack trace.
 */
public final class JobHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JobHandler.class);
    /** Left for the runtime to serialize the answer and flush metrics after the job stopped. */
    private static final Duration RESPONSE_MARGIN = Duration.ofSeconds(3);

    private static final Pattern RUN_PATH = Pattern.compile("/runs/([A-Za-z0-9._:-]{1,128})");

    private final Bankfeed bankfeed;
    private final JobKind kind;
    private final RunEngine engine;
    private final ObjectMapper mapper = BankJson.mapper();

    public JobHandler(Bankfeed bankfeed, JobKind kind) {
        this.bankfeed = bankfeed;
        this.kind = kind;
        this.engine = bankfeed.engine(kind);
    }

    /** Handles one invocation; the shape of the answer follows the shape of the event. */
    public void handle(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode event = readEvent(in);
        JsonNode answer = PowertoolsLogging.withLogging(context, () -> {
            try {
                if (isSqs(event)) {
                    return workBatch(event, context);
                }
                return TriggerParser.isHttp(event) ? http(event, context) : schedule(event, context);
            } finally {
                bankfeed.metrics().flush();
            }
        });
        mapper.writeValue(out, answer);
    }

    /** The invocation's event; malformed JSON fails the invocation with a message that quotes none of it. */
    static JsonNode readEvent(InputStream in) {
        try {
            return BankJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event is not valid JSON");
        }
    }

    private JsonNode schedule(JsonNode event, Context context) {
        Trigger trigger = TriggerParser.parse(event, today());
        JobRequest request = request(trigger, context);
        String source = trigger.eventKey() == null ? "invoke" : "schedule";
        // Nobody reads a scheduled run's answer: a run in which every unit failed must fail the invocation.
        return Tracing.span("run", Tracing.annotations("runId", request.runId(), "job", kind.id()),
                () -> engine.queued() ? mapper.valueToTree(engine.dispatch(request, source, true))
                        : mapper.valueToTree(engine.runInline(request, source, true)));
    }

    private JsonNode http(JsonNode event, Context context) {
        try {
            String method = event.path("requestContext").path("http").path("method").asText("");
            java.util.regex.Matcher runPath = RUN_PATH.matcher(event.path("rawPath").asText(""));
            if ("GET".equalsIgnoreCase(method) && runPath.matches()) {
                return runRecord(runPath.group(1));
            }
            JobRequest request = request(TriggerParser.parse(event, today()), context);
            if (!engine.queued()) {
                return withLocation(response(200, "application/json",
                        mapper.valueToTree(engine.runInline(request, "http"))), request.runId());
            }
            Optional<JobResult> finished = engine.accept(request, "http");
            if (finished.isPresent()) {
                return withLocation(response(200, "application/json", mapper.valueToTree(finished.get())),
                        request.runId());
            }
            ObjectNode accepted = mapper.createObjectNode();
            accepted.put("job", kind.id());
            accepted.put("runId", request.runId());
            accepted.put("status", "ACCEPTED");
            accepted.put("location", location(request.runId()));
            return withLocation(response(202, "application/json", accepted), request.runId());
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

    private JsonNode runRecord(String runId) {
        return bankfeed.runs().find(runId)
                .<JsonNode>map(r -> response(200, "application/json", runJson(r)))
                .orElseGet(() -> problem(404, "Not found", "runId", "names no run: '" + runId + "' is unknown"));
    }

    /** A run record as GET /runs/{runId} answers it (and the local runner's {@code work} prints it). */
    public static ObjectNode runJson(dev.bankfeed.store.RunRecord r) {
        ObjectNode n = BankJson.mapper().createObjectNode();
        n.put("runId", r.runId());
        n.put("job", r.job());
        n.put("trigger", r.trigger());
        n.put("status", r.status().name());
        n.put("queued", r.queued());
        n.put("done", r.done());
        n.put("failed", r.failed());
        n.put("added", r.added());
        n.put("changed", r.changed());
        n.put("unchanged", r.unchanged());
        n.put("rejected", r.rejected());
        n.put("pages", r.pages());
        // Instants as ISO-8601 text, as everywhere in the table: the shared mapper has no java.time module.
        n.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        n.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        return n;
    }

    /**
     * Works an SQS batch of work units one by one. Hand-written rather than Powertools' batch utility: that needs
     * the typed SQSEvent of aws-lambda-java-events, which the function jars leave out, and a stream handler reads
     * the event as JSON anyway; the loop is a dozen lines.
     */
    private JsonNode workBatch(JsonNode event, Context context) {
        Deadline deadline = deadline(context);
        ObjectNode answer = mapper.createObjectNode();
        var failures = answer.putArray("batchItemFailures");
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            try {
                WorkUnit unit = WorkUnit.fromJson(record.path("body").asText());
                int receiveCount = record.path("attributes").path("ApproximateReceiveCount").asInt(1);
                engine.work(unit, deadline, receiveCount);
            } catch (RuntimeException e) {
                LOG.error("work unit of message {} failed; the queue delivers it again: {}", messageId, e.toString());
                failures.addObject().put("itemIdentifier", messageId);
            }
        }
        return answer;
    }

    private static boolean isSqs(JsonNode event) {
        JsonNode records = event.path("Records");
        return records.isArray() && !records.isEmpty()
                && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    private ObjectNode withLocation(ObjectNode response, String runId) {
        ((ObjectNode) response.path("headers")).put("location", location(runId));
        return response;
    }

    private static String location(String runId) {
        return "/runs/" + runId;
    }

    private JobRequest request(Trigger trigger, Context context) {
        String runId = context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        return new JobRequest(runId, trigger.connectionId(), trigger.accountId(), trigger.from(), trigger.to(),
                deadline(context), trigger.eventKey());
    }

    private Deadline deadline(Context context) {
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
        return Deadline.after(bankfeed.clock(), left.isNegative() ? Duration.ZERO : left);
    }

    private ObjectNode problem(int status, String title, String field, String detail) {
        return HttpAnswers.problem(status, title, field, detail);
    }

    private ObjectNode response(int status, String contentType, JsonNode body) {
        return HttpAnswers.response(status, contentType, body);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(bankfeed.clock().instant(), ZoneOffset.UTC);
    }
}
