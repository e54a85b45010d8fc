package dev.bankfeed.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.provider.ProviderModules;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + normalize of one 500-transaction page per provider, single-threaded. One invocation is one page
 * and counts as {@value #PAGE_SIZE} operations, so the reported ops/s are transactions per second
 * (pages per second = ops/s / {@value #PAGE_SIZE}). One trial per registered {@link PageShape}. Run by hand
 * only; see BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class NormalizeBenchmark {

    /** Transactions per page: Atlar's maximum {@code limit}. */
    public static final int PAGE_SIZE = 500;

    /**
     * The provider id. JMH wants a value at compile time, so this holds a placeholder: {@link BenchmarksMain}, the
     * jar's entry point, passes every registered {@link PageShape} ({@code -p provider=...}) unless the command
     * line names some.
     */
    @Param(BenchmarksMain.REGISTERED_PROVIDERS)
    public String provider;

    private Provider p;
    private byte[] page;
    private NormalizationContext context;

    @Setup(Level.Trial)
    public void generatePage() throws IOException {
        if (BenchmarksMain.REGISTERED_PROVIDERS.equals(provider)) {
            throw new IllegalStateException("run through " + BenchmarksMain.class.getName()
                    + " (java -jar benchmarks.jar) or pass -p provider=<id,...>");
        }
        p = Provider.of(provider);
        page = TransactionPages.page(p, PAGE_SIZE, 20250131L);
        context = TransactionPages.context();
        // A page that does not normalize cleanly would time the rejection path, not the one we care about.
        NormalizationResult<Transaction> check = parseAndNormalize();
        if (check.hasRejections() || check.records().size() != PAGE_SIZE) {
            throw new IllegalStateException(provider + " page normalized to " + check.records().size()
                    + " records with " + check.rejections().size() + " rejections, first: "
                    + (check.hasRejections() ? check.rejections().get(0).describe() : "none"));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGE_SIZE)
    public NormalizationResult<Transaction> parseAndNormalize() throws IOException {
        JsonNode tree = BankJson.mapper().readTree(page);
        return ProviderModules.of(p).normalizer().transactions(tree, context);
    }

    /** The baseline: parsing alone, so that the normalizers' own share can be read off within one run. */
    @Benchmark
    @OperationsPerInvocation(PAGE_SIZE)
    public JsonNode parseOnly() throws IOException {
        return BankJson.mapper().readTree(page);
    }
}
