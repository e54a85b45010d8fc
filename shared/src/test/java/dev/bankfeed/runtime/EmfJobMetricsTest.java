package dev.bankfeed.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.testing.ChildJava;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What CloudWatch receives from {@link EmfJobMetrics} in Lambda: one EMF record in the namespace of
 * POWERTOOLS_METRICS_NAMESPACE whose only dimension is Service (POWERTOOLS_SERVICE_NAME), the dimension set
 * template.yaml's alarms must name exactly. Run in a child JVM, since Powertools reads the environment.
 */
class EmfJobMetricsTest {

    @Test
    void flush_writesOneEmfRecord_inTheNamespace_withServiceAsTheOnlyDimension() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Bankfeed");
        env.put("POWERTOOLS_SERVICE_NAME", "bankfeed");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "emf-test");
        env.put("POWERTOOLS_METRICS_DISABLED", null);
        String out = ChildJava.run(Emit.class, env);

        List<JsonNode> records = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                records.add(BankJson.mapper().readTree(line));
            }
        }
        assertThat(records).as(out).hasSize(1);
        JsonNode record = records.get(0);
        JsonNode directive = record.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Bankfeed");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Service\"]]");
        assertThat(record.path("Service").asText()).isEqualTo("bankfeed");
        assertThat(record.path(JobMetrics.NEEDS_REAUTH).asLong()).isEqualTo(2);
        assertThat(record.path(JobMetrics.RUNS_WITH_FAILURES).asLong()).isEqualTo(1);
    }

    /** The child: counts as a run would, flushes as the handler does at the end of an invocation. */
    public static final class Emit {

        public static void main(String[] args) throws IOException {
            EmfJobMetrics metrics = new EmfJobMetrics();
            metrics.count(JobMetrics.NEEDS_REAUTH, 2);
            metrics.count(JobMetrics.RUNS_WITH_FAILURES, 1);
            metrics.flush();
            System.out.flush();
        }
    }
}
