package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.lambda.JobHandler;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.store.RunRecord;
import dev.bankfeed.store.WriteCounts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the JSON a job run answers (handlers, the local runner) and a run record's answer byte for byte: the
 * statuses and error classes are typed in Java, but callers and dashboards read these exact texts.
 */
class ResultJsonTest {

    @Test
    void jobResult_answersItsStatusesAndErrorClassesAsTheirNames() throws JsonProcessingException {
        List<AccountOutcome> outcomes = List.of(
                AccountOutcome.ok("atoa-1", "atoa", "atoa:acc_1", new WriteCounts(3, 1, 2), 2, 0, null, 40),
                AccountOutcome.failed("atoa-1", "atoa", "atoa:acc_2", ErrorClass.NEEDS_REAUTH, "consent expired", 7),
                // No factory makes a postponement with a wait; the record's JSON allows it, so it is pinned too.
                new AccountOutcome("atoa-1", "atoa", null, AccountOutcome.Status.POSTPONED, 0, 0, 0, 0, 0,
                        ErrorClass.RATE_LIMITED, "rate-limited", 0, 30L),
                AccountOutcome.leaseHeld("atoa-1", "atoa", "atoa:acc_3", "another run is syncing this account", 0),
                AccountOutcome.walked("atoa-1", "atoa", "atoa:acc_4", false, new WriteCounts(5, 0, 0), 1, 1, null, 9));

        String json = BankJson.mapper().writeValueAsString(JobResult.of(JobKind.TRANSACTIONS, "run-1", outcomes, 99));

        assertThat(json).isEqualTo("{\"job\":\"transactions\",\"runId\":\"run-1\",\"status\":\"PARTIAL\","
                + "\"accounts\":["
                + "{\"connectionId\":\"atoa-1\",\"provider\":\"atoa\",\"accountId\":\"atoa:acc_1\",\"status\":\"OK\","
                + "\"added\":3,\"changed\":1,\"unchanged\":2,\"pages\":2,\"rejected\":0,\"errorClass\":null,"
                + "\"message\":null,\"durationMillis\":40},"
                + "{\"connectionId\":\"atoa-1\",\"provider\":\"atoa\",\"accountId\":\"atoa:acc_2\","
                + "\"status\":\"FAILED\",\"added\":0,\"changed\":0,\"unchanged\":0,\"pages\":0,\"rejected\":0,"
                + "\"errorClass\":\"NEEDS_REAUTH\",\"message\":\"consent expired\",\"durationMillis\":7},"
                + "{\"connectionId\":\"atoa-1\",\"provider\":\"atoa\",\"accountId\":null,\"status\":\"POSTPONED\","
                + "\"added\":0,\"changed\":0,\"unchanged\":0,\"pages\":0,\"rejected\":0,"
                + "\"errorClass\":\"RATE_LIMITED\",\"message\":\"rate-limited\",\"durationMillis\":0,"
                + "\"retryAfterSeconds\":30},"
                + "{\"connectionId\":\"atoa-1\",\"provider\":\"atoa\",\"accountId\":\"atoa:acc_3\","
                + "\"status\":\"LEASE_HELD\",\"added\":0,\"changed\":0,\"unchanged\":0,\"pages\":0,\"rejected\":0,"
                + "\"errorClass\":null,\"message\":\"another run is syncing this account\",\"durationMillis\":0},"
                + "{\"connectionId\":\"atoa-1\",\"provider\":\"atoa\",\"accountId\":\"atoa:acc_4\","
                + "\"status\":\"STOPPED_AT_DEADLINE\",\"added\":5,\"changed\":0,\"unchanged\":0,\"pages\":1,"
                + "\"rejected\":1,\"errorClass\":null,\"message\":null,\"durationMillis\":9}],"
                + "\"added\":8,\"changed\":1,\"unchanged\":2,\"pages\":3,\"rejected\":1,\"durationMillis\":99}");
    }

    @Test
    void jobResult_completedAndDuplicate_answerTheirNames() throws JsonProcessingException {
        List<AccountOutcome> ok = List.of(
                AccountOutcome.ok("atoa-1", "atoa", "atoa:acc_1", WriteCounts.ZERO, 1, 0, null, 1));

        assertThat(BankJson.mapper().writeValueAsString(JobResult.of(JobKind.BALANCES, "run-2", ok, 5)))
                .startsWith("{\"job\":\"balances\",\"runId\":\"run-2\",\"status\":\"COMPLETED\",");
        assertThat(BankJson.mapper().writeValueAsString(JobResult.duplicate(JobKind.ACCOUNTS, "run-3")))
                .isEqualTo("{\"job\":\"accounts\",\"runId\":\"run-3\",\"status\":\"DUPLICATE_EVENT\",\"accounts\":[],"
                        + "\"added\":0,\"changed\":0,\"unchanged\":0,\"pages\":0,\"rejected\":0,\"durationMillis\":0}");
    }

    @Test
    void dispatch_answersItsStatusAsItsName() throws JsonProcessingException {
        assertThat(BankJson.mapper().writeValueAsString(new RunEngine.Dispatch("transactions", "run-4",
                RunEngine.Dispatch.Status.DISPATCHED, 3))).isEqualTo(
                        "{\"job\":\"transactions\",\"runId\":\"run-4\",\"status\":\"DISPATCHED\",\"queued\":3}");
    }

    @Test
    void runRecord_answersItsStatusAsItsName() {
        RunRecord running = new RunRecord("run-1", "transactions", "schedule", RunRecord.Status.RUNNING, 2, 1, 0, 3,
                0, 0, 0, 1, Instant.parse("2026-11-20T10:00:00Z"), null);

        assertThat(JobHandler.runJson(running).toString()).isEqualTo("{\"runId\":\"run-1\",\"job\":\"transactions\","
                + "\"trigger\":\"schedule\",\"status\":\"RUNNING\",\"queued\":2,\"done\":1,\"failed\":0,\"added\":3,"
                + "\"changed\":0,\"unchanged\":0,\"rejected\":0,\"pages\":1,\"startedAt\":\"2026-11-20T10:00:00Z\","
                + "\"finishedAt\":null}");
        assertThat(JobHandler.runJson(running.finished(Instant.parse("2026-11-20T10:05:00Z"))).path("status")
                .asText()).isEqualTo("FINISHED");
    }
}
