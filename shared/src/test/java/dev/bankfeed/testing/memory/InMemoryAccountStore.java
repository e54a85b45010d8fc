package dev.bankfeed.testing.memory;

import dev.bankfeed.model.Account;
import dev.bankfeed.store.AccountStore;
import dev.bankfeed.store.WriteCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@link AccountStore} in memory: an unchanged account counts as unchanged, as in the DynamoDB store. */
public final class InMemoryAccountStore implements AccountStore {

    private final Map<String, Account> byId = new LinkedHashMap<>();
    private final Map<String, String> connectionOf = new LinkedHashMap<>();

    @Override
    public synchronized WriteCounts upsertAccounts(String connectionId, List<Account> accounts) {
        accounts.forEach(a -> connectionOf.put(a.canonicalId(), connectionId));
        return upsertAll(byId, accounts, Account::canonicalId);
    }

    /**
     * Puts each value under its key, counting it added (new key), changed (another value) or unchanged: the
     * counts the DynamoDB stores answer for an idempotent upsert.
     */
    static <V> WriteCounts upsertAll(Map<String, V> store, List<V> values, Function<V, String> key) {
        long added = 0;
        long changed = 0;
        for (V v : values) {
            V old = store.put(key.apply(v), v);
            if (old == null) {
                added++;
            } else if (!old.equals(v)) {
                changed++;
            }
        }
        return new WriteCounts(added, changed, values.size() - added - changed);
    }

    @Override
    public synchronized List<Account> accounts(String connectionId) {
        return byId.values().stream().filter(a -> connectionId.equals(connectionOf.get(a.canonicalId()))).toList();
    }

    @Override
    public synchronized Optional<Account> find(String accountCanonicalId) {
        return Optional.ofNullable(byId.get(accountCanonicalId));
    }
}
