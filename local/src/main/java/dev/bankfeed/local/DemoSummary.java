package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.store.dynamo.CapacityMeter;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the demo's per-provider, per-account summary from the runs' records and the verification. */
final class DemoSummary {

    private static final long MIB = 1024 * 1024;

    /**
     * What one step cost: its wall time, the capacity units AWS would bill for it ({@code billedWrite},
     * {@code billedRead}, by DynamoDB's rules from the item sizes), the units the engine reported, and the
     * conditional writes it refused (each costs at least 1 WCU on AWS but comes back without a capacity figure).
     */
    record StepCost(String label, long millis, double billedWrite, double billedRead, CapacityMeter.Reading units,
            long refusedWrites, Map<String, CallTimes.Total> calls) {
    }

    private DemoSummary() {
    }

    /**
     * Per account what is stored against what the sandbox holds; per step the run's counts come from its run
     * record (units run on the workers, so per-account outcomes stay in the accounts' statuses).
     *
     * @param results the run records (or trigger answers) of the steps, in order
     * @param costs the steps' costs, in order (the first sync's time is the third's)
     * @param verified per account canonical id: {expected, found with exact amount, active count}
     */
    static void print(PrintStream out, List<JsonNode> results, List<StepCost> costs, Map<String, long[]> verified,
            long totalMillis) {
        String format = "%-9s %-44s %9s %9s%n";
        out.printf("%nBankfeed demo summary%n%n");
        out.printf(format, "provider", "account", "stored", "expected");
        String provider = null;
        long stored = 0;
        long expected = 0;
        for (Map.Entry<String, long[]> e : verified.entrySet()) {
            String p = e.getKey().substring(0, Math.max(0, e.getKey().indexOf(':')));
            if (provider != null && !provider.equals(p)) {
                out.println();
            }
            provider = p;
            out.printf(format, p, e.getKey(), e.getValue()[2], e.getValue()[0]);
            stored += e.getValue()[2];
            expected += e.getValue()[0];
        }
        JsonNode sync = results.get(2);
        long syncMillis = costs.get(2).millis();
        out.printf("%nTotals: %d accounts, %d balance snapshots, %d transactions added in %d pages by %d units "
                        + "(%d ms for the first sync, dispatch and workers, %s transactions/s), %d/%d stored; "
                        + "demo took %d ms%n",
                verified.size(), results.get(1).path("added").asLong(), sync.path("added").asLong(),
                sync.path("pages").asLong(), sync.path("done").asLong(), syncMillis,
                syncMillis == 0 ? "-" : Long.toString(sync.path("added").asLong() * 1000 / syncMillis), stored,
                expected, totalMillis);
        for (JsonNode r : results) {
            if (r.path("failed").asLong() > 0) {
                out.printf("  note: %s run %s: %d units failed (see the accounts' statuses)%n", r.path("job").asText(),
                        r.path("runId").asText(), r.path("failed").asLong());
            }
        }
    }

    /**
     * Per step: time, records (added + changed + unchanged), write and read capacity units in total and
     * per record. {@code results} and {@code costs} are in step order.
     */
    static void printCosts(PrintStream out, List<JsonNode> results, List<StepCost> costs, int pageSize) {
        String format = "%-48s %8s %8s %10s %10s %8s %8s %8s %10s %10s%n";
        out.printf("%nDynamoDB capacity per step (page size %d): WCU and RCU as AWS bills them on demand, worked out "
                + "by DynamoDB's rules from the items written and read; the engine's own figures last (moto's are "
                + "not billing figures). See BENCHMARKS.md.%n%n", pageSize);
        out.printf(format, "step", "ms", "records", "WCU", "RCU", "WCU/rec", "RCU/rec", "refused", "engine WCU",
                "engine RCU");
        for (int i = 0; i < costs.size(); i++) {
            StepCost c = costs.get(i);
            JsonNode r = results.get(i);
            long records = r.path("added").asLong() + r.path("changed").asLong() + r.path("unchanged").asLong();
            out.printf(format, c.label(), c.millis(), records, units(c.billedWrite() + c.refusedWrites()),
                    units(c.billedRead()), perRecord(c.billedWrite() + c.refusedWrites(), records),
                    perRecord(c.billedRead(), records), c.refusedWrites(), units(c.units().writeUnits()),
                    units(c.units().readUnits()));
        }
        out.printf("  refused: conditional writes DynamoDB turned down (1 WCU each on AWS, included in WCU).%n");
    }

    /** Per step, the AWS calls it made and the wall time they took, by operation, slowest first. */
    static void printCallTimes(PrintStream out, List<StepCost> costs) {
        out.printf("%nAWS call time per step (calls, total ms, ms per call; the rest of a step is the banks and Bankfeed)%n%n");
        for (StepCost c : costs) {
            String calls = c.calls().entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue().nanos(), a.getValue().nanos()))
                    .map(e -> String.format(Locale.ROOT, "%s %d x %d ms (%.1f)", e.getKey(), e.getValue().calls(),
                            e.getValue().nanos() / 1_000_000,
                            e.getValue().nanos() / 1e6 / e.getValue().calls()))
                    .collect(java.util.stream.Collectors.joining(", "));
            out.printf("%-48s %s%n", c.label(), calls.isEmpty() ? "-" : calls);
        }
    }

    /** The peak heap use of this JVM so far: the sum of the heap pools' peaks (an upper bound). */
    static void printHeap(PrintStream out) {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getPeakUsage();
            if (pool.getType() == MemoryType.HEAP && u != null) {
                peak += u.getUsed();
            }
        }
        out.printf("Peak heap used: %d MiB (sum of the heap pools' peaks; the whole demo JVM: sandbox "
                + "and Bankfeed, not the AWS engine; max heap %d MiB)%n", peak / MIB, Runtime.getRuntime().maxMemory() / MIB);
    }

    /** Capacity units with one decimal (DynamoDB reports halves for eventually consistent reads). */
    static String units(double units) {
        return String.format(Locale.ROOT, "%.1f", units);
    }

    private static String perRecord(double units, long records) {
        return records == 0 ? "-" : String.format(Locale.ROOT, "%.3f", units / records);
    }
}
