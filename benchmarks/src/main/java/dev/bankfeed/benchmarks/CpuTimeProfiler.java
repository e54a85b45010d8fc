package dev.bankfeed.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Operations per CPU-second of the benchmark JVM ({@code -prof dev.bankfeed.benchmarks.CpuTimeProfiler}).
 * On a shared machine other processes take the cores away, and wall-clock ops/s falls with the load; the
 * CPU time the forked JVM actually got (every thread: the benchmark, GC and JIT) does not, so ops per
 * CPU-second is the figure to hold against a "per core" target. {@code cpu.cores} is how many cores the
 * JVM kept busy on average (about 1 for a single-threaded benchmark, less when the machine is overloaded).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;
    private long wallBefore;

    @Override
    public String getDescription() {
        return "Operations per CPU-second of the benchmark JVM (robust to other load on the machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallBefore = System.nanoTime();
        cpuBefore = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        // measuredOps already counts @OperationsPerInvocation: here, transactions.
        double ops = result.getMetadata().getMeasuredOps();
        return List.of(
                new ScalarResult("cpu.ops.per.cpu.s", cpu <= 0 ? Double.NaN : ops * 1e9 / cpu, "ops/cpu-s",
                        AggregationPolicy.AVG),
                new ScalarResult("cpu.cores", wall <= 0 ? Double.NaN : (double) cpu / wall, "cores",
                        AggregationPolicy.AVG));
    }
}
