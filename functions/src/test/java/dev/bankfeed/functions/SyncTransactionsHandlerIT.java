package dev.bankfeed.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.job.JobResult;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.testing.JobHandlerContract;
import dev.bankfeed.testing.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SyncTransactionsHandler with the events/ files, over the provider sandbox and moto_server. */
class SyncTransactionsHandlerIT extends JobHandlerContract {

    SyncTransactionsHandlerIT() {
        super("sync-transactions", JobKind.TRANSACTIONS, SyncTransactionsHandler::new);
    }

    /** Every transaction of the account is stored once with its exact amount, and its cursor is saved. */
    @Override
    protected void assertFirstRunStored(ExpectedAccount account, String accountId, JsonNode outcome) {
        assertThat(outcome.path("added").asLong()).as(accountId).isEqualTo(account.transactions().size());
        assertThat(harness.deps().transactions().countActive(accountId)).as(accountId)
                .isEqualTo(account.transactions().size());
        for (ExpectedTransaction t : account.transactions()) {
            assertThat(harness.deps().transactions().find(transactionId(account, t)).map(s -> s.amount().minor()))
                    .as("%s %s", accountId, t.id()).contains(t.amountMinor());
        }
        assertThat(harness.deps().cursors().load(accountId)).as(accountId).isPresent();
    }

    @Test
    void handler_httpWindowEvent_storesExactlyTheConnectionsTransactionsInTheWindow_andLeavesCursorsAlone() {
        JsonNode event = RepoFiles.eventJson("sync-transactions-http-window.json");
        String connection = event.path("queryStringParameters").path("connection").asText();
        LocalDate from = LocalDate.parse(event.path("queryStringParameters").path("from").asText());
        LocalDate to = LocalDate.parse(event.path("queryStringParameters").path("to").asText());

        JsonNode answer = invoke(event);

        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        JsonNode result = body(answer);
        assertThat(result.path("status").asText()).isEqualTo(JobResult.Status.COMPLETED.name());
        assertThat(outcomes(result).keySet()).containsExactlyInAnyOrderElementsOf(expectedAccountIds(connection));
        for (ExpectedAccount account : harness.sandbox.expected().accounts()) {
            String id = canonicalId(account);
            long inWindow = 0;
            for (ExpectedTransaction t : account.transactions()) {
                boolean wanted = account.connectionId().equals(connection)
                        && !t.bookingDate().isBefore(from) && !t.bookingDate().isAfter(to);
                inWindow += wanted ? 1 : 0;
                boolean stored = harness.deps().transactions().find(transactionId(account, t)).isPresent();
                assertThat(stored).as("%s %s booked %s stored", id, t.id(), t.bookingDate()).isEqualTo(wanted);
            }
            assertThat(harness.deps().transactions().countActive(id)).as(id).isEqualTo(inWindow);
            // An ad-hoc window re-read is not an incremental sync: the next scheduled run starts as it would have.
            assertThat(harness.deps().cursors().load(id)).as(id).isEmpty();
        }
        assertThat(result.path("added").asLong()).isPositive();
    }

    @Test
    void handler_httpInvalidDateEvent_answers400ProblemNamingFrom_andRunsNothing() {
        JsonNode answer = invoke(RepoFiles.eventBytes("sync-transactions-http-invalid.json"));

        JsonNode problem = assertProblem(answer, 400, "from");
        assertThat(problem.path("detail").asText()).contains("YYYY-MM-DD");
        assertThat(harness.sandbox.requestCount()).isZero();
    }

    @Test
    void handler_httpRequestWithBase64JsonBody_takesItsParametersFromTheBody() {
        ObjectNode event = httpEvent(Map.of());
        event.put("body", Base64.getEncoder().encodeToString(
                "{\"connection\":\"finqware-1\"}".getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        JsonNode answer = invoke(event);

        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        assertThat(outcomes(body(answer)).keySet()).containsExactlyInAnyOrderElementsOf(
                expectedAccountIds("finqware-1"));
    }

    private static String transactionId(ExpectedAccount account, ExpectedTransaction t) {
        return Transaction.canonicalId(Provider.of(account.provider()), account.accountId(), t.id());
    }
}
