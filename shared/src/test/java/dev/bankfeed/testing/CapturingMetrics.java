package dev.bankfeed.testing;

import dev.bankfeed.job.JobMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Job metrics kept in memory, from any thread: each count as it was made, and sums by name. */
public final class CapturingMetrics implements JobMetrics {

    private final List<Map.Entry<String, Long>> counts = new ArrayList<>();
    private final Map<String, Long> sums = new ConcurrentHashMap<>();

    @Override
    public synchronized void count(String name, long value) {
        counts.add(Map.entry(name, value));
        sums.merge(name, value, Long::sum);
    }

    /** The sum of every count of {@code name}; 0 when never counted. */
    public long sum(String name) {
        return sums.getOrDefault(name, 0L);
    }

    /** Each value counted under {@code name}, in order. */
    public synchronized List<Long> values(String name) {
        return counts.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).toList();
    }

    public synchronized void reset() {
        counts.clear();
        sums.clear();
    }
}
