package dev.bankfeed.testing.memory;

import dev.bankfeed.model.Rejection;
import dev.bankfeed.store.OpenRejection;
import dev.bankfeed.store.RejectionStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link RejectionStore} in memory: one open rejection per record key, {@code readFrom} kept from the first. */
public final class InMemoryRejectionStore implements RejectionStore {

    private final Map<String, Map<String, OpenRejection>> byAccount = new HashMap<>();

    @Override
    public synchronized void recordOpen(String accountCanonicalId, List<Rejection> rejections, LocalDate readFrom,
            String runId, Instant at) {
        Map<String, OpenRejection> open = byAccount.computeIfAbsent(accountCanonicalId, a -> new LinkedHashMap<>());
        for (Rejection r : rejections) {
            String key = OpenRejection.keyOf(r);
            OpenRejection first = open.get(key);
            open.put(key, new OpenRejection(accountCanonicalId, key, r.recordId(), r.field(), r.reason(),
                    first == null ? readFrom : first.readFrom(), first == null ? at : first.firstSeenAt(), at, runId));
        }
    }

    @Override
    public synchronized void close(String accountCanonicalId, Collection<String> recordKeys) {
        Map<String, OpenRejection> open = byAccount.get(accountCanonicalId);
        if (open != null) {
            recordKeys.forEach(open::remove);
        }
    }

    @Override
    public synchronized List<OpenRejection> open(String accountCanonicalId) {
        return List.copyOf(byAccount.getOrDefault(accountCanonicalId, Map.of()).values());
    }
}
