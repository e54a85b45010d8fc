package dev.bankfeed.runtime;

import dev.bankfeed.job.JobMetrics;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Job counters as CloudWatch metrics in Embedded Metric Format, through Powertools (namespace from env). */
public final class EmfJobMetrics implements JobMetrics {

    private final Metrics metrics = MetricsFactory.getMetricsInstance();

    @Override
    public void count(String name, long value) {
        metrics.addMetric(name, value, MetricUnit.COUNT);
    }

    @Override
    public void flush() {
        metrics.flush();
    }
}
