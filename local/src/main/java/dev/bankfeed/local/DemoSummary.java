package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.store.dynamo.CapacityMeter;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the demo's per-provider, per-account summary from the handlers' JSON results. */
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
     * @param results the answers of ListAccounts, SnapshotBalances, SyncTransactions and the second sync
     * @param verified per account canonical id: {expected, found with exact amount, active count}
     */
    static void print(PrintStream out, List<JsonNode> results, Map<String, long[]> verified, long totalMillis) {
        Map<String, JsonNode> balances = byAccount(results.get(1));
        Map<String, JsonNode> sync = byAccount(results.get(2));
        Map<String, JsonNode> resync = byAccount(results.get(3));
        String format = "%-9s %-44s %9s %7s %7s %9s %6s %8s   %-17s %s%n";
        out.printf("%nBankfeed demo summary%n%n");
        out.printf(format, "provider", "account", "snapshots", "added", "changed", "unchanged", "pages", "ms",
                "re-sync a/c/u", "stored/expected");
        String provider = null;
        long[] totals = new long[6];
        for (JsonNode account : results.get(0).path("accounts")) {
            String id = account.path("accountId").asText(null);
            if (id == null) {
                continue;
            }
            String p = account.path("provider").asText();
            if (provider != null && !provider.equals(p)) {
                out.println();
            }
            provider = p;
            JsonNode b = balances.get(id);
            JsonNode s = sync.get(id);
            JsonNode r = resync.get(id);
            long[] v = verified.getOrDefault(id, new long[3]);
            out.printf(format, p, id, n(b, "added"), n(s, "added"), n(s, "changed"), n(s, "unchanged"), n(s, "pages"),
                    n(s, "durationMillis"), n(r, "added") + "/" + n(r, "changed") + "/" + n(r, "unchanged"),
                    v[2] + "/" + v[0]);
            totals[0]++;
            totals[1] += b == null ? 0 : b.path("added").asLong();
            totals[2] += s == null ? 0 : s.path("added").asLong();
            totals[3] += s == null ? 0 : s.path("pages").asLong();
            totals[4] += v[2];
            totals[5] += v[0];
        }
        long syncMillis = results.get(2).path("durationMillis").asLong();
        out.printf("%nTotals: %d accounts, %d balance snapshots, %d transactions added in %d pages "
                        + "(%d ms for the first sync, %s transactions/s), %d/%d stored; demo took %d ms%n",
                totals[0], totals[1], totals[2], totals[3], syncMillis,
                syncMillis == 0 ? "-" : Long.toString(totals[2] * 1000 / syncMillis), totals[4], totals[5],
                totalMillis);
        for (int i = 0; i < results.size(); i++) {
            for (JsonNode a : results.get(i).path("accounts")) {
                if (!"OK".equals(a.path("status").asText())) {
                    out.printf("  note: %s %s %s: %s%n", results.get(i).path("job").asText(),
                            a.path("accountId").asText(a.path("connectionId").asText()), a.path("status").asText(),
                            a.path("message").asText(""));
                }
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

    private static Map<String, JsonNode> byAccount(JsonNode result) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode a : result.path("accounts")) {
            if (a.hasNonNull("accountId")) {
                m.put(a.path("accountId").asText(), a);
            }
        }
        return m;
    }

    private static String n(JsonNode node, String field) {
        return node == null ? "-" : Long.toString(node.path(field).asLong());
    }
}
