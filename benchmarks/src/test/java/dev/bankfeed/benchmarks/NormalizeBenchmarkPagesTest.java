package dev.bankfeed.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.normalize.NormalizationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark's setup against the real normalizers: every generated transaction must normalize, or the
 * benchmark would time the rejection path. Runs the setup and one invocation, never the benchmark itself.
 */
class NormalizeBenchmarkPagesTest {

    @ParameterizedTest
    @MethodSource("dev.bankfeed.benchmarks.BenchmarksMainTest#shapes")
    void setup_generatedPage_normalizesEveryTransactionExactly(Provider provider) throws Exception {
        NormalizeBenchmark benchmark = new NormalizeBenchmark();
        benchmark.provider = provider.id();

        assertThatCode(benchmark::generatePage).doesNotThrowAnyException();
        NormalizationResult<Transaction> result = benchmark.parseAndNormalize();

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).hasSize(NormalizeBenchmark.PAGE_SIZE)
                .allSatisfy(t -> assertThat(t.amount().isNegative()).isEqualTo(t.direction().name().equals("DEBIT")));
    }
}
