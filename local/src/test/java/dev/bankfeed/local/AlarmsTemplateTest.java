package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.testing.RepoFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's alarms against the code: each Bankfeed alarm watches a metric the code emits, in the namespace
 * and with exactly the dimension set Powertools gives it (EmfJobMetricsTest shows that set is Service alone);
 * every dead-letter queue and every function is watched; every alarm notifies the topic both ways and says
 * what to do. Read as plain YAML: a short-form tag's value stays (!GetAtt Q.QueueName reads "Q.QueueName").
 */
class AlarmsTemplateTest {

    private static JsonNode template;
    private static Map<String, JsonNode> alarms;

    @BeforeAll
    static void read() throws IOException {
        template = new YAMLMapper().readTree(RepoFiles.template().toFile());
        alarms = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(r -> {
            if ("AWS::CloudWatch::Alarm".equals(r.getValue().path("Type").asText())) {
                alarms.put(r.getKey(), r.getValue().path("Properties"));
            }
        });
    }

    @Test
    void bankfeedAlarms_watchEveryAlarmedMetric_inTheFunctionsNamespace_withTheServiceDimensionAlone() {
        JsonNode env = template.path("Globals").path("Function").path("Environment").path("Variables");
        String namespace = env.path("POWERTOOLS_METRICS_NAMESPACE").asText();
        String service = env.path("POWERTOOLS_SERVICE_NAME").asText();
        Set<String> watched = new TreeSet<>();
        alarms.forEach((id, a) -> {
            String ns = a.path("Namespace").asText();
            assertThat(ns).as(id).isIn(namespace, "AWS/SQS", "AWS/Lambda");
            if (ns.equals(namespace)) {
                watched.add(a.path("MetricName").asText());
                assertThat(a.path("Dimensions").toString()).as(id)
                        .isEqualTo("[{\"Name\":\"Service\",\"Value\":\"" + service + "\"}]");
            }
        });
        assertThat(namespace).isEqualTo("Bankfeed");
        assertThat(watched).containsExactlyInAnyOrderElementsOf(JobMetrics.ALARMED);
    }

    @Test
    void everyDeadLetterQueueAndTheFailedRunsQueue_haveAVisibleMessagesAlarm() {
        List<String> unconsumed = new ArrayList<>(List.of("FailedRunsQueue"));
        template.path("Resources").forEach(r -> {
            String target = r.path("Properties").path("RedrivePolicy").path("deadLetterTargetArn").asText();
            if (!target.isEmpty()) {
                unconsumed.add(target.substring(0, target.indexOf('.')));
            }
        });
        assertThat(unconsumed).hasSize(4);
        for (String queue : unconsumed) {
            assertThat(alarms.values()).as(queue).anySatisfy(a -> {
                assertThat(a.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
                assertThat(a.path("Dimensions").get(0).path("Value").asText()).isEqualTo(queue + ".QueueName");
                assertThat(a.path("Threshold").asInt()).isZero();
            });
        }
    }

    @Test
    void everyFunction_hasAnErrorsAlarm() {
        List<String> functions = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(r -> {
            if ("AWS::Serverless::Function".equals(r.getValue().path("Type").asText())) {
                functions.add(r.getKey());
            }
        });
        assertThat(functions).hasSize(4);
        for (String function : functions) {
            assertThat(alarms.values()).as(function).anySatisfy(a -> {
                assertThat(a.path("Namespace").asText()).isEqualTo("AWS/Lambda");
                assertThat(a.path("MetricName").asText()).isEqualTo("Errors");
                assertThat(a.path("Dimensions").get(0).path("Value").asText()).isEqualTo(function);
            });
        }
    }

    @Test
    void everyAlarm_notifiesTheTopicWhenItFiresAndClears_andSaysWhatToDo() {
        assertThat(alarms).hasSizeGreaterThanOrEqualTo(11);
        alarms.forEach((id, a) -> {
            assertThat(a.path("AlarmActions").toString()).as(id).isEqualTo("[\"AlarmTopic\"]");
            assertThat(a.path("OKActions").toString()).as(id).isEqualTo("[\"AlarmTopic\"]");
            assertThat(a.path("AlarmDescription").asText()).as(id).hasSizeBetween(100, 1024);
            // No fixed AlarmName: a second stack of the template (dev beside prod) must deploy.
            assertThat(a.has("AlarmName")).as(id).isFalse();
        });
    }

    @Test
    void topic_isEncryptedWithAKeyCloudWatchMayUse_andTheEmailSubscriptionIsOptional() {
        JsonNode resources = template.path("Resources");
        assertThat(resources.path("AlarmTopic").path("Properties").path("KmsMasterKeyId").asText())
                .isEqualTo("AlarmKey");
        assertThat(resources.path("AlarmKey").path("Properties").path("KeyPolicy").path("Statement"))
                .anySatisfy(s -> assertThat(s.path("Principal").path("Service").asText())
                        .isEqualTo("cloudwatch.amazonaws.com"));
        assertThat(resources.path("AlarmEmailSubscription").path("Condition").asText()).isEqualTo("HasAlarmEmail");
        assertThat(template.path("Parameters").path("AlarmEmail").path("Default").asText()).isEmpty();
    }
}
