package dev.bankfeed.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.job.WorkUnit;
import dev.bankfeed.lambda.BadRequestException;
import dev.bankfeed.lambda.Trigger;
import dev.bankfeed.lambda.TriggerParser;
import dev.bankfeed.testing.RepoFiles;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The events/ files (what `sam local invoke -e`, `bankfeed invoke` and the docs use) are real events: each
 * loads as the AWS type it claims with the Lambda runtime's own serializer (aws-lambda-java-tests'
 * EventLoader), and {@link TriggerParser} decodes each into the trigger it describes.
 */
class EventFilesTest {

    /** The date the files carry; a window may not start after it. */
    private static final LocalDate EVENTS_DATE = LocalDate.of(2026, 11, 22);
    private static final String INVALID = "sync-transactions-http-invalid.json";
    private static final String EVENTBRIDGE = "eventbridge-scheduled-event.json";

    static List<String> httpEvents() {
        return RepoFiles.eventNames().stream().filter(n -> n.contains("-http")).toList();
    }

    static List<String> scheduleEvents() {
        return RepoFiles.eventNames().stream().filter(n -> n.endsWith("-schedule.json")).toList();
    }

    static List<String> sqsEvents() {
        return RepoFiles.eventNames().stream().filter(n -> n.endsWith("-sqs.json")).toList();
    }

    @Test
    void eventsDir_everyFileIsOfAKindThisTestChecks_andEachFunctionHasAScheduleAnHttpAndAnSqsEvent() {
        assertThat(RepoFiles.eventNames()).allSatisfy(n -> assertThat(
                httpEvents().contains(n) || scheduleEvents().contains(n) || sqsEvents().contains(n)
                        || n.equals(EVENTBRIDGE))
                .as("events/%s is checked", n).isTrue());
        for (String function : List.of("list-accounts", "snapshot-balances", "sync-transactions")) {
            assertThat(RepoFiles.eventNames()).contains(function + "-schedule.json", function + "-http.json",
                    function + "-sqs.json");
        }
        assertThat(RepoFiles.eventNames()).contains(EVENTBRIDGE, INVALID, "sync-transactions-http-window.json");
    }

    @ParameterizedTest
    @MethodSource("sqsEvents")
    void sqsEventFile_loadsAsAnSqsEventOfOneWorkUnitOfItsFunctionsJob(String name) {
        SQSEvent event = EventLoader.loadSQSEvent(RepoFiles.event(name).toString());

        assertThat(event.getRecords()).singleElement().satisfies(r -> {
            assertThat(r.getEventSource()).isEqualTo("aws:sqs");
            assertThat(r.getMessageId()).isNotBlank();
            assertThat(r.getAttributes()).containsKey("ApproximateReceiveCount");
            WorkUnit unit = WorkUnit.fromJson(r.getBody());
            String job = Map.of("list-accounts", "accounts", "snapshot-balances", "balances",
                    "sync-transactions", "transactions").get(name.substring(0, name.length() - "-sqs.json".length()));
            assertThat(unit.kind().id()).isEqualTo(job);
            assertThat(unit.wholeConnection()).isEqualTo("accounts".equals(job));
        });
    }

    @ParameterizedTest
    @MethodSource("httpEvents")
    void httpEventFile_loadsAsAnHttpApiV2PostWhoseQueryMatchesItsRawQueryString(String name) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(RepoFiles.event(name).toString());

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo(event.getRawPath());
        assertThat(event.getRouteKey()).isEqualTo("POST " + event.getRawPath())
                .isEqualTo(event.getRequestContext().getRouteKey());
        assertThat(event.getRequestContext().getRequestId()).isNotBlank();
        assertThat(event.getIsBase64Encoded()).isFalse();
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : event.getQueryStringParameters();
        assertThat(query).isEqualTo(parseQuery(event.getRawQueryString()));
    }

    @ParameterizedTest
    @MethodSource("httpEvents")
    void httpEventFile_decodesToAnHttpTriggerWithTheConnectionAccountAndWindowItNames(String name) {
        JsonNode json = RepoFiles.eventJson(name);
        Map<String, String> query = parseQuery(json.path("rawQueryString").asText());
        if (name.equals(INVALID)) {
            assertThatThrownBy(() -> TriggerParser.parse(json, EVENTS_DATE))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("from");
                        assertThat(e.status()).isEqualTo(400);
                    });
            return;
        }

        Trigger trigger = TriggerParser.parse(json, EVENTS_DATE);

        assertThat(TriggerParser.isHttp(json)).isTrue();
        assertThat(trigger.http()).isTrue();
        assertThat(trigger.eventKey()).as("an HTTP request is never deduplicated").isNull();
        assertThat(trigger.requestId()).isEqualTo(json.path("requestContext").path("requestId").asText());
        assertThat(trigger.connectionId()).isEqualTo(query.get("connection"));
        assertThat(trigger.accountId()).isEqualTo(query.get("account"));
        assertThat(trigger.from()).isEqualTo(date(query.get("from")));
        assertThat(trigger.to()).isEqualTo(date(query.get("to")));
    }

    @Test
    void windowEventFile_namesAConnectionAndAWindowBeforeItsDate() {
        Trigger trigger = TriggerParser.parse(RepoFiles.eventJson("sync-transactions-http-window.json"), EVENTS_DATE);

        assertThat(trigger.connectionId()).isEqualTo("atoa-1");
        assertThat(trigger.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(trigger.to()).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @ParameterizedTest
    @MethodSource("scheduleEvents")
    void scheduleEventFile_isTheSchedulerInputTheTemplateSends_andDecodesToAKeyedScheduleTrigger(String name) {
        JsonNode json = RepoFiles.eventJson(name);

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("source", "scheduleArn", "scheduledTime",
                "executionId");
        assertThat(json.path("source").asText()).isEqualTo("bankfeed.schedule");
        Trigger trigger = TriggerParser.parse(json, EVENTS_DATE);
        assertThat(TriggerParser.isHttp(json)).isFalse();
        assertThat(trigger.http()).isFalse();
        assertThat(trigger.eventKey()).isNotNull()
                .contains(json.path("scheduleArn").asText(), json.path("scheduledTime").asText());
        assertThat(trigger.requestId()).isEqualTo(json.path("executionId").asText());
        assertThat(trigger.connectionId()).isNull();
        assertThat(trigger.from()).isNull();
    }

    @Test
    void scheduleEventFiles_eachFunctionsHasItsOwnEventKey() {
        Set<String> keys = scheduleEvents().stream()
                .map(n -> TriggerParser.parse(RepoFiles.eventJson(n), EVENTS_DATE).eventKey())
                .collect(Collectors.toSet());

        assertThat(keys).hasSameSizeAs(scheduleEvents());
    }

    @Test
    void eventBridgeScheduledEventFile_loadsAsAScheduledEvent_andDecodesToATriggerKeyedByItsId() {
        ScheduledEvent event = EventLoader.loadScheduledEvent(RepoFiles.event(EVENTBRIDGE).toString());

        assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(event.getSource()).isEqualTo("aws.events");
        assertThat(event.getResources()).singleElement().asString().startsWith("arn:aws:events:");
        Trigger trigger = TriggerParser.parse(RepoFiles.eventJson(EVENTBRIDGE), EVENTS_DATE);
        assertThat(trigger.http()).isFalse();
        assertThat(trigger.eventKey()).isEqualTo("eventbridge#" + event.getId());
        assertThat(trigger.requestId()).isEqualTo(event.getId());
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    private static List<String> fieldNames(JsonNode json) {
        return json.properties().stream().map(Map.Entry::getKey).toList();
    }
}
