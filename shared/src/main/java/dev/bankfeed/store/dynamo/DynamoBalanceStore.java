package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.CreditLimitMeaning;
import dev.bankfeed.model.Provider;
import dev.bankfeed.store.BalanceStore;
import dev.bankfeed.store.Page;
import dev.bankfeed.store.WriteCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Balance history items {@code ACCT#<account> / BAL#<TYPE>#<asOf>#<providerType>} and one
 * {@code BALLATEST#<TYPE>} copy per account and type that only moves forward. One BatchGetItem tells which
 * snapshots are new, so a re-append of known snapshots writes nothing.
 */
final class DynamoBalanceStore implements BalanceStore {

    /** On the latest item: the sort key of the history item it copies; its order is the snapshot order. */
    private static final String HISTORY_SK = "historySk";

    private final DynamoOps ops;

    DynamoBalanceStore(DynamoOps ops) {
        this.ops = ops;
    }

    private record Planned(BalanceSnapshot snapshot, String pk, String historySk, Map<String, AttributeValue> content,
            String hash) {
    }

    @Override
    public WriteCounts appendSnapshots(List<BalanceSnapshot> snapshots) {
        Map<String, Planned> byKey = new LinkedHashMap<>();
        for (BalanceSnapshot s : snapshots) {
            if (s.asOf() == null || s.type() == null || s.amount() == null) {
                throw new IllegalArgumentException("balance snapshot " + s.canonicalId() + " lacks asOf, type or amount");
            }
            String pk = Keys.account(Account.canonicalId(s.provider(), s.providerAccountId()));
            String sk = Keys.balance(s.type(), s.asOf(), s.providerType(), s.creditLimitIncluded());
            Map<String, AttributeValue> content = content(s);
            byKey.put(pk + '\u0000' + sk, new Planned(s, pk, sk, content, Attrs.contentHash(content)));
        }
        // The newest snapshot of each account and type is the candidate for its latest item.
        Map<String, Planned> newest = new LinkedHashMap<>();
        for (Planned p : byKey.values()) {
            newest.merge(p.pk + '\u0000' + Keys.latestBalance(p.snapshot.type(), p.snapshot.creditLimitIncluded()), p,
                    (a, b) -> a.historySk.compareTo(b.historySk) >= 0 ? a : b);
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        byKey.values().forEach(p -> keys.add(Attrs.key(p.pk, p.historySk)));
        newest.values().forEach(p -> keys.add(Attrs.key(p.pk, Keys.latestBalance(p.snapshot.type(), p.snapshot.creditLimitIncluded()))));
        Map<String, Map<String, AttributeValue>> stored = new HashMap<>();
        ops.batchGet(keys, List.of(BankfeedTable.PK, BankfeedTable.SK, Attrs.HASH, HISTORY_SK))
                .forEach(item -> stored.put(Attrs.keyString(item), item));

        List<WriteRequest> writes = new ArrayList<>();
        long added = 0;
        long changed = 0;
        for (Map.Entry<String, Planned> e : byKey.entrySet()) {
            Planned p = e.getValue();
            Map<String, AttributeValue> old = stored.get(e.getKey());
            if (old != null && p.hash.equals(Attrs.str(old, Attrs.HASH))) {
                continue;
            }
            if (old == null) {
                added++;
            } else {
                changed++;
            }
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(item(p, p.historySk, "BALANCE")).build()).build());
        }
        ops.batchWrite(writes);
        for (Map.Entry<String, Planned> e : newest.entrySet()) {
            Planned p = e.getValue();
            Map<String, AttributeValue> old = stored.get(e.getKey());
            if (old == null || isAfter(p, old)) {
                moveLatest(p);
            }
        }
        return new WriteCounts(added, changed, snapshots.size() - added - changed);
    }

    /** True when {@code p} is newer than the stored latest item, or is the same snapshot with new content. */
    private static boolean isAfter(Planned p, Map<String, AttributeValue> latest) {
        int order = p.historySk.compareTo(Attrs.str(latest, HISTORY_SK));
        return order > 0 || order == 0 && !p.hash.equals(Attrs.str(latest, Attrs.HASH));
    }

    private void moveLatest(Planned p) {
        // The same rule as isAfter, enforced by DynamoDB: a concurrent append of an older snapshot cannot win.
        ops.put(b -> b.item(item(p, Keys.latestBalance(p.snapshot.type(), p.snapshot.creditLimitIncluded()), "BALANCE_LATEST"))
                .conditionExpression("attribute_not_exists(#pk) OR #hsk < :hsk OR (#hsk = :hsk AND #h <> :h)")
                .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK, "#hsk", HISTORY_SK, "#h", Attrs.HASH))
                .expressionAttributeValues(Map.of(":hsk", Attrs.s(p.historySk), ":h", Attrs.s(p.hash))));
    }

    private static Map<String, AttributeValue> item(Planned p, String sk, String kind) {
        Map<String, AttributeValue> item = new HashMap<>(p.content);
        item.putAll(Attrs.key(p.pk, sk));
        item.put(Attrs.KIND, Attrs.s(kind));
        item.put(Attrs.HASH, Attrs.s(p.hash));
        item.put(HISTORY_SK, Attrs.s(p.historySk));
        return item;
    }

    @Override
    public Optional<BalanceSnapshot> latest(String accountCanonicalId, BalanceType type) {
        return Optional.ofNullable(ops.get(Attrs.key(Keys.account(accountCanonicalId), Keys.latestBalance(type, false))))
                .map(DynamoBalanceStore::fromItem);
    }

    @Override
    public List<BalanceSnapshot> history(String accountCanonicalId, BalanceType type, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return ops.query(PrefixQuery.of(Keys.account(accountCanonicalId), Keys.balancePrefix(type))
                                .andThen(b -> b.scanIndexForward(false)),
                        limit)
                .stream().map(DynamoBalanceStore::fromItem).toList();
    }

    @Override
    public List<BalanceSnapshot> latest(String accountCanonicalId) {
        return ops.query(PrefixQuery.of(Keys.account(accountCanonicalId), Keys.LATEST_BALANCE_PREFIX))
                .stream().map(DynamoBalanceStore::fromItem).toList();
    }

    @Override
    public Page<BalanceSnapshot> history(String accountCanonicalId, BalanceType type, String after, int limit) {
        String pk = Keys.account(accountCanonicalId);
        String prefix = Keys.balancePrefix(type);
        if (after != null && !after.startsWith(prefix)) {
            throw new IllegalArgumentException("not a position in this balance history");
        }
        QueryResponse r = ops.queryOnce(PrefixQuery.of(pk, prefix).andThen(b -> b.scanIndexForward(false)),
                after == null ? null : Attrs.key(pk, after), limit);
        Map<String, AttributeValue> next = DynamoOps.next(r);
        return new Page<>(r.items().stream().map(DynamoBalanceStore::fromItem).toList(),
                next == null ? null : Attrs.str(next, BankfeedTable.SK), next != null);
    }

    private static Map<String, AttributeValue> content(BalanceSnapshot s) {
        Map<String, AttributeValue> m = new HashMap<>();
        Attrs.put(m, "provider", s.provider() == null ? null : s.provider().id());
        Attrs.put(m, "providerAccountId", s.providerAccountId());
        Attrs.put(m, "canonicalId", s.canonicalId());
        Attrs.put(m, "providerBalanceId", s.providerBalanceId());
        Attrs.put(m, "balanceType", s.type());
        Attrs.put(m, "providerType", s.providerType());
        Attrs.put(m, "reportedType", s.reportedType());
        ModelCodec.putMoney(m, "amount", s.amount());
        Attrs.putBool(m, "creditLimitIncluded", s.creditLimitIncluded());
        Attrs.put(m, "creditLimitMeaning", s.creditLimitMeaning());
        Attrs.put(m, "localDate", s.localDate());
        Attrs.put(m, "asOf", s.asOf());
        Attrs.put(m, Attrs.RAW, s.rawJson());
        return m;
    }

    private static BalanceSnapshot fromItem(Map<String, AttributeValue> m) {
        return BalanceSnapshot.builder()
                .provider(Provider.of(Attrs.str(m, "provider")))
                .providerAccountId(Attrs.str(m, "providerAccountId"))
                .providerBalanceId(Attrs.str(m, "providerBalanceId"))
                .type(Attrs.enumOrNull(m, "balanceType", BalanceType.class))
                .providerType(Attrs.str(m, "providerType"))
                .reportedType(Attrs.str(m, "reportedType"))
                .amount(ModelCodec.money(m, "amount"))
                .creditLimitIncluded(Attrs.boolOrNull(m, "creditLimitIncluded"))
                .creditLimitMeaning(Attrs.enumOrNull(m, "creditLimitMeaning", CreditLimitMeaning.class))
                .localDate(Attrs.date(m, "localDate"))
                .asOf(Attrs.instant(m, "asOf"))
                .rawJson(Attrs.str(m, Attrs.RAW))
                .build();
    }
}
