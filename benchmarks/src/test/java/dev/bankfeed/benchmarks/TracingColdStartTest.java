package dev.bankfeed.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenTelemetry variant parents its spans on the trace Lambda hands the invocation, as X-Ray's SDK does. */
class TracingColdStartTest {

    @Test
    void lambdaParent_sampledHeader_isTheRemoteParentWithXRaysTraceId() {
        SpanContext parent = Span.fromContext(TracingColdStart.lambdaParent(
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")).getSpanContext();

        assertThat(parent.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(parent.getSpanId()).isEqualTo("53995c3f42cd8ad8");
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.isSampled()).isTrue();
    }

    @Test
    void lambdaParent_unsampledHeader_isNotSampled() {
        SpanContext parent = Span.fromContext(TracingColdStart.lambdaParent(
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0")).getSpanContext();

        assertThat(parent.isValid()).isTrue();
        assertThat(parent.isSampled()).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Root=1-5759e988bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=nothex", "Parent=53995c3f42cd8ad8;Sampled=1"})
    void lambdaParent_missingOrMalformedHeader_startsANewTrace(String header) {
        assertThat(Span.fromContext(TracingColdStart.lambdaParent(header)).getSpanContext().isValid()).isFalse();
    }
}
