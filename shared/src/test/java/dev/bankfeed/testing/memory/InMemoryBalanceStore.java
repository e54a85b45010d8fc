package dev.bankfeed.testing.memory;

import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.store.BalanceStore;
import dev.bankfeed.store.Page;
import dev.bankfeed.store.WriteCounts;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link BalanceStore} in memory: idempotent on the snapshot's canonical id; the latest per type (and credit-limit
 * variant) is the newest {@code asOf}.
 */
public final class InMemoryBalanceStore implements BalanceStore {

    private final Map<String, BalanceSnapshot> byId = new LinkedHashMap<>();

    @Override
    public synchronized WriteCounts appendSnapshots(List<BalanceSnapshot> snapshots) {
        return InMemoryAccountStore.upsertAll(byId, snapshots, BalanceSnapshot::canonicalId);
    }

    @Override
    public synchronized Optional<BalanceSnapshot> latest(String accountCanonicalId, BalanceType type) {
        return newestFirst(accountCanonicalId, type).stream().findFirst();
    }

    @Override
    public synchronized List<BalanceSnapshot> history(String accountCanonicalId, BalanceType type, int limit) {
        return newestFirst(accountCanonicalId, type).stream().limit(limit).toList();
    }

    @Override
    public synchronized List<BalanceSnapshot> latest(String accountCanonicalId) {
        return byId.values().stream().filter(s -> accountOf(s).equals(accountCanonicalId))
                .collect(Collectors.groupingBy(s -> s.type() + "#" + s.creditLimitIncluded(), LinkedHashMap::new,
                        Collectors.maxBy(Comparator.comparing(BalanceSnapshot::asOf))))
                .values().stream().flatMap(Optional::stream).toList();
    }

    @Override
    public synchronized Page<BalanceSnapshot> history(String accountCanonicalId, BalanceType type, String after,
            int limit) {
        List<BalanceSnapshot> all = newestFirst(accountCanonicalId, type);
        int start = 0;
        if (after != null) {
            while (start < all.size() && !all.get(start).canonicalId().equals(after)) {
                start++;
            }
            start++;
        }
        List<BalanceSnapshot> rest = all.subList(Math.min(start, all.size()), all.size());
        List<BalanceSnapshot> page = rest.subList(0, Math.min(limit, rest.size()));
        boolean more = rest.size() > page.size();
        return new Page<>(page, more ? page.get(page.size() - 1).canonicalId() : null, more);
    }

    private List<BalanceSnapshot> newestFirst(String account, BalanceType type) {
        return byId.values().stream().filter(s -> accountOf(s).equals(account) && Objects.equals(s.type(), type))
                .sorted(Comparator.comparing(BalanceSnapshot::asOf).reversed()).toList();
    }

    private static String accountOf(BalanceSnapshot s) {
        return s.provider().id() + ":" + s.providerAccountId();
    }
}
