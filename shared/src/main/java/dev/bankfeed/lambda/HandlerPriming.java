package dev.bankfeed.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.runtime.SnapStartPriming;
import dev.bankfeed.store.RunRecord;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A function's SnapStart priming (see {@link SnapStartPriming}) with the handler's own first-request paths, which
 * live here rather than in {@code runtime} so that the composition root needs nothing from the handlers.
 */
public final class HandlerPriming {

    private HandlerPriming() {
    }

    /** Registers, once per container, the priming of the function running {@code kind}; from its static initializer. */
    public static SnapStartPriming register(JobKind kind) {
        return SnapStartPriming.register(kind, HandlerPriming::handlerPaths);
    }

    /**
     * The events the handler accepts, through its own parsing: an HTTP API request (and an invalid one, which
     * answers 400), an EventBridge Scheduler input, a Scheduled Event; and a run record as GET /runs answers it.
     */
    public static Object handlerPaths() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ObjectMapper mapper = BankJson.mapper();
        TriggerParser.parse(mapper.readTree("{\"version\":\"2.0\",\"rawPath\":\"/transactions/sync\","
                + "\"requestContext\":{\"requestId\":\"priming\",\"http\":{\"method\":\"POST\"}},"
                + "\"queryStringParameters\":{\"connection\":\"priming\"},"
                + "\"body\":\"{\\\"from\\\":\\\"" + today.minusDays(1) + "\\\"}\",\"isBase64Encoded\":false}"), today);
        try {
            TriggerParser.parse(mapper.readTree("{\"requestContext\":{\"http\":{\"method\":\"POST\"}},"
                    + "\"queryStringParameters\":{\"unknown\":\"x\"}}"), today);
        } catch (BadRequestException expected) {
            // The 400 path is part of what the first request may take.
        }
        TriggerParser.parse(mapper.readTree("{\"scheduleArn\":\"arn:aws:scheduler:us-east-1:000000000000:"
                + "schedule/default/priming\",\"scheduledTime\":\"2026-01-01T00:00:00Z\",\"executionId\":\"p\"}"), today);
        TriggerParser.parse(mapper.readTree("{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":"
                + "\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}"), today);
        return mapper.writeValueAsString(JobHandler.runJson(new RunRecord("snapstart-priming", JobKind.ACCOUNTS.id(),
                "schedule", RunRecord.Status.RUNNING, 1, 0, 0, 0, 0, 0, 0, 0, Instant.now(), null)));
    }
}
