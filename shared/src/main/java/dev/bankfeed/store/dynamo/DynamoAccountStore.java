package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Provider;
import dev.bankfeed.store.AccountStore;
import dev.bankfeed.store.WriteCounts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Accounts as items {@code ACCT#<account> / PROFILE}, upserted by content hash (an unchanged account costs
 * one read and no write), listed per connection through the byConnection index.
 */
final class DynamoAccountStore implements AccountStore {

    private final DynamoOps ops;
    private final ConnectionIndex index;
    private final Clock clock;

    DynamoAccountStore(DynamoOps ops, ConnectionIndex index, Clock clock) {
        this.ops = ops;
        this.index = index;
        this.clock = clock;
    }

    @Override
    public WriteCounts upsertAccounts(String connectionId, List<Account> accounts) {
        Objects.requireNonNull(connectionId, "connectionId");
        Map<String, Account> byId = new LinkedHashMap<>();
        accounts.forEach(a -> byId.put(a.canonicalId(), a));
        long duplicates = accounts.size() - byId.size();
        Map<String, String> storedHashes = new HashMap<>();
        ops.batchGet(byId.keySet().stream().map(DynamoAccountStore::key).toList(),
                        List.of(BankfeedTable.PK, BankfeedTable.SK, Attrs.HASH))
                .forEach(item -> storedHashes.put(Attrs.str(item, BankfeedTable.PK), Attrs.str(item, Attrs.HASH)));
        String now = clock.instant().toString();
        List<WriteRequest> writes = new ArrayList<>();
        long added = 0;
        long changed = 0;
        for (Account a : byId.values()) {
            Map<String, AttributeValue> content = content(connectionId, a);
            String hash = Attrs.contentHash(content);
            String stored = storedHashes.get(Keys.account(a.canonicalId()));
            if (hash.equals(stored)) {
                continue;
            }
            if (stored == null) {
                added++;
            } else {
                changed++;
            }
            Map<String, AttributeValue> item = new HashMap<>(content);
            item.putAll(key(a.canonicalId()));
            item.put(Attrs.KIND, Attrs.s("ACCOUNT"));
            item.put(Attrs.HASH, Attrs.s(hash));
            item.put(BankfeedTable.GSI1_PK, Attrs.s(Keys.connection(connectionId)));
            item.put(BankfeedTable.GSI1_SK, Attrs.s(Keys.GSI_ACCOUNT_PREFIX + a.canonicalId()));
            item.put("updatedAt", Attrs.s(now));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        ops.batchWrite(writes);
        return new WriteCounts(added, changed, byId.size() - added - changed + duplicates);
    }

    @Override
    public List<Account> accounts(String connectionId) {
        return index.items(connectionId, Keys.GSI_ACCOUNT_PREFIX).stream()
                .map(DynamoAccountStore::fromItem)
                .sorted(Comparator.comparing(Account::canonicalId))
                .toList();
    }

    @Override
    public Optional<Account> find(String accountCanonicalId) {
        return Optional.ofNullable(ops.get(key(accountCanonicalId))).map(DynamoAccountStore::fromItem);
    }

    private static Map<String, AttributeValue> key(String accountCanonicalId) {
        return Attrs.key(Keys.account(accountCanonicalId), Keys.PROFILE);
    }

    private static Map<String, AttributeValue> content(String connectionId, Account a) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("connectionId", Attrs.s(connectionId));
        Attrs.put(m, "provider", a.provider() == null ? null : a.provider().id());
        Attrs.put(m, "providerAccountId", a.providerAccountId());
        Attrs.put(m, "canonicalId", a.canonicalId());
        Attrs.put(m, "name", a.name());
        Attrs.put(m, "alias", a.alias());
        Attrs.put(m, "currency", a.currency());
        Attrs.put(m, "bankName", a.bankName());
        Attrs.put(m, "bic", a.bic());
        m.put("identifiers", AttributeValue.fromL(a.identifiers().stream().map(ModelCodec::identifier).toList()));
        Attrs.put(m, "status", a.status());
        Attrs.put(m, "type", a.type());
        Attrs.put(m, "subType", a.subType());
        Attrs.put(m, Attrs.RAW, a.rawJson());
        return m;
    }

    private static Account fromItem(Map<String, AttributeValue> m) {
        AttributeValue ids = m.get("identifiers");
        List<AccountIdentifier> identifiers = ids == null ? List.of()
                : ids.l().stream().map(ModelCodec::identifier).toList();
        return Account.builder()
                .provider(Provider.of(Attrs.str(m, "provider")))
                .providerAccountId(Attrs.str(m, "providerAccountId"))
                .name(Attrs.str(m, "name"))
                .alias(Attrs.str(m, "alias"))
                .currency(Attrs.str(m, "currency"))
                .bankName(Attrs.str(m, "bankName"))
                .bic(Attrs.str(m, "bic"))
                .identifiers(identifiers)
                .status(Attrs.str(m, "status"))
                .type(Attrs.str(m, "type"))
                .subType(Attrs.str(m, "subType"))
                .rawJson(Attrs.str(m, Attrs.RAW))
                .build();
    }
}
