package dev.bankfeed.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.job.JobKind;
import dev.bankfeed.lambda.HandlerPriming;
import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.http.ReseedableRandom;
import dev.bankfeed.testing.LogCapture;
import dev.bankfeed.testing.Providers;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnapStartPrimingTest {

    /** The handlers' own paths, as the functions register them. */
    private static final Callable<?> HANDLER_PATHS = HandlerPriming::handlerPaths;

    private static final String DYNAMO = "DynamoDB_20120810.";

    @Test
    void prime_transactions_marshalsTheSyncCallsWithoutCredentialsOrNetwork() {
        // The endpoint is a closed loopback port and no credentials are configured: every call is answered locally.
        SnapStartPriming.Report report = new SnapStartPriming(JobKind.TRANSACTIONS, SnapStartPriming.NOWHERE,
                HANDLER_PATHS).prime();

        assertThat(report.failed()).isEmpty();
        assertThat(report.done()).containsExactly("normalizers", "json", "events", "dynamodb-common",
                "dynamodb-transactions", "sqs", "secrets");
        assertThat(report.operations()).containsKeys(DYNAMO + "PutItem", DYNAMO + "UpdateItem", DYNAMO + "Query",
                DYNAMO + "BatchGetItem", DYNAMO + "GetItem", "AmazonSQS.SendMessageBatch",
                "secretsmanager.ListSecrets");
        assertThat(report.operations().keySet()).anyMatch(op -> op.equals(DYNAMO + "BatchWriteItem")
                || op.equals(DYNAMO + "TransactWriteItems"));
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void prime_everyFunction_runsEveryStepWithoutFailure(JobKind kind) {
        SnapStartPriming.Report report = new SnapStartPriming(kind, SnapStartPriming.NOWHERE, HANDLER_PATHS).prime();

        assertThat(report.failed()).isEmpty();
        assertThat(report.done()).contains("dynamodb-" + kind.id());
        assertThat(report.sdkCalls()).isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void normalize_readsTheSamplePageOfEveryProvider(JobKind kind) {
        SnapStartPriming.Samples samples = SnapStartPriming.normalize(kind);

        List<Provider> providers = Stream.of(samples.accounts().stream().map(a -> a.provider()),
                samples.balances().stream().map(b -> b.provider()),
                samples.transactions().stream().map(t -> t.provider())).flatMap(s -> s).distinct().toList();
        assertThat(providers).containsExactlyInAnyOrderElementsOf(Providers.all());
    }

    @Test
    void prime_whenEveryAwsCallFails_logsWarningsAndRunsTheOtherSteps() {
        try (LogCapture logs = LogCapture.start()) {
            // The SDK refuses to send to a non-HTTP endpoint: every AWS step throws.
            SnapStartPriming.Report report = new SnapStartPriming(JobKind.BALANCES,
                    URI.create("ftp://127.0.0.1/"), HANDLER_PATHS).prime();

            assertThat(report.failed()).containsOnlyKeys("dynamodb-common", "dynamodb-balances", "sqs", "secrets");
            assertThat(report.done()).containsExactly("normalizers", "json", "events");
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("SnapStart priming"));
        }
    }

    @Test
    void register_isOncePerFunctionAndContainer() {
        SnapStartPriming first = SnapStartPriming.register(JobKind.ACCOUNTS, HANDLER_PATHS);

        assertThat(SnapStartPriming.register(JobKind.ACCOUNTS, HANDLER_PATHS)).isSameAs(first);
        assertThat(SnapStartPriming.isRegistered(JobKind.ACCOUNTS)).isTrue();
    }

    @Test
    void afterRestore_reseedsTheRegisteredRetryJitter() {
        // Two environments restored from one snapshot hold the same generator state.
        ReseedableRandom restored = new ReseedableRandom(42);
        ReseedableRandom twin = new ReseedableRandom(42);
        JitterReseed.register(restored);

        new SnapStartPriming(JobKind.TRANSACTIONS, SnapStartPriming.NOWHERE, HANDLER_PATHS).afterRestore(null);

        assertThat(draws(restored)).isNotEqualTo(draws(twin));
    }

    private static List<Long> draws(ReseedableRandom random) {
        return IntStream.range(0, 10).mapToObj(i -> random.nextLong()).toList();
    }
}
