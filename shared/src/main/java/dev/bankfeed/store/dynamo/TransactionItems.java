package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The item shape of a transaction: canonical fields in, the exact same record out. */
final class TransactionItems {

    static final String STATUS = "status";
    static final String SUPERSEDED_BY = "supersededBy";
    static final String SUPERSEDED_AT = "supersededAt";
    static final String SUPERSEDES = "supersedes";
    static final String VANISHED_AT = "vanishedAt";
    static final String FIRST_SEEN_AT = "firstSeenAt";
    static final String CANONICAL_ID = "canonicalId";

    /** The fields a change record shows before and after; any other difference is reported as "other". */
    static final List<String> TRACKED = List.of(STATUS, "amountMinor", "amountCurrency", "description",
            "reference", "bookingDate", "valueDate", "counterparty");

    private TransactionItems() {
    }

    static String accountId(Transaction t) {
        return Account.canonicalId(t.provider(), t.providerAccountId());
    }

    static Map<String, AttributeValue> key(Transaction t) {
        return Attrs.key(Keys.account(accountId(t)), Keys.txn(t.providerTransactionId()));
    }

    /**
     * The keys a canonical id {@code provider:account:transaction} may name. Ids may contain ':' themselves,
     * so every split is a candidate (one in the usual case); the stored canonicalId tells which is right.
     */
    static List<Map<String, AttributeValue>> candidateKeys(String canonicalId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        int first = canonicalId.indexOf(':');
        if (first < 0) {
            return keys;
        }
        Provider provider;
        try {
            provider = Provider.of(canonicalId.substring(0, first));
        } catch (IllegalArgumentException e) {
            return keys;
        }
        for (int i = canonicalId.indexOf(':', first + 1); i > 0; i = canonicalId.indexOf(':', i + 1)) {
            String account = canonicalId.substring(first + 1, i);
            String txn = canonicalId.substring(i + 1);
            keys.add(Attrs.key(Keys.account(Account.canonicalId(provider, account)), Keys.txn(txn)));
        }
        return keys;
    }

    /** Every canonical field, and nothing the store adds: the content the hash covers. */
    static Map<String, AttributeValue> content(Transaction t) {
        Map<String, AttributeValue> m = new HashMap<>();
        Attrs.put(m, "provider", t.provider().id());
        Attrs.put(m, "providerAccountId", t.providerAccountId());
        Attrs.put(m, "providerTransactionId", t.providerTransactionId());
        Attrs.put(m, CANONICAL_ID, t.canonicalId());
        Attrs.put(m, "providerRecordId", t.providerRecordId());
        ModelCodec.putMoney(m, "amount", t.amount());
        Attrs.put(m, "direction", t.direction());
        Attrs.put(m, STATUS, t.status());
        Attrs.put(m, "bookingDate", t.bookingDate());
        Attrs.put(m, "bookedAt", t.bookedAt());
        Attrs.put(m, "valueDate", t.valueDate());
        Attrs.put(m, "description", t.description());
        Attrs.put(m, "reference", t.reference());
        Attrs.put(m, "merchantName", t.merchantName());
        Attrs.put(m, "category", t.category());
        if (t.counterparty() != null) {
            m.put("counterparty", counterparty(t.counterparty()));
        }
        ModelCodec.putMoney(m, "balanceAfter", t.balanceAfter());
        Attrs.put(m, "keyset", t.keyset());
        Attrs.put(m, "providerUpdatedAt", t.providerUpdatedAt());
        Attrs.put(m, Attrs.RAW, t.rawJson());
        return m;
    }

    static Transaction fromItem(Map<String, AttributeValue> m) {
        AttributeValue cp = m.get("counterparty");
        return Transaction.builder()
                .provider(Provider.of(Attrs.str(m, "provider")))
                .providerAccountId(Attrs.str(m, "providerAccountId"))
                .providerTransactionId(Attrs.str(m, "providerTransactionId"))
                .providerRecordId(Attrs.str(m, "providerRecordId"))
                .amount(ModelCodec.money(m, "amount"))
                .direction(Attrs.enumOrNull(m, "direction", Direction.class))
                .status(Attrs.enumOrNull(m, STATUS, TransactionStatus.class))
                .bookingDate(Attrs.date(m, "bookingDate"))
                .bookedAt(Attrs.instant(m, "bookedAt"))
                .valueDate(Attrs.date(m, "valueDate"))
                .description(Attrs.str(m, "description"))
                .reference(Attrs.str(m, "reference"))
                .merchantName(Attrs.str(m, "merchantName"))
                .category(Attrs.str(m, "category"))
                .counterparty(cp == null ? null : counterparty(cp))
                .balanceAfter(ModelCodec.money(m, "balanceAfter"))
                .keyset(Attrs.str(m, "keyset"))
                .providerUpdatedAt(Attrs.instant(m, "providerUpdatedAt"))
                .rawJson(Attrs.str(m, Attrs.RAW))
                .build();
    }

    /** The open-pending index sort key: booking date, then id, so a date range is one key condition. */
    static String pendingSort(Transaction t) {
        return (t.bookingDate() == null ? Keys.UNDATED : t.bookingDate().toString()) + "#" + t.providerTransactionId();
    }

    /**
     * The byConnection partition of an account's unpaired booked items (of a provider that books pending
     * records under a new id), where a pending record that comes after its booked twin looks for it.
     */
    static String twinPartition(Transaction t) {
        return Keys.twin(accountId(t));
    }

    /** Amount first, so one amount's window of booking dates is one key condition. */
    static String twinSortPrefix(Transaction t) {
        return (t.amount() == null ? "" : t.amount().currency() + "#" + t.amount().minor()) + "#";
    }

    static String twinSort(Transaction t) {
        return twinSortPrefix(t) + pendingSort(t);
    }

    private static AttributeValue counterparty(Counterparty c) {
        Map<String, AttributeValue> m = new HashMap<>();
        Attrs.put(m, "name", c.name());
        if (c.account() != null) {
            m.put("account", ModelCodec.identifier(c.account()));
        }
        return AttributeValue.fromM(m);
    }

    private static Counterparty counterparty(AttributeValue v) {
        Map<String, AttributeValue> m = v.m();
        AttributeValue account = m.get("account");
        AccountIdentifier id = account == null ? null : ModelCodec.identifier(account);
        return new Counterparty(Attrs.str(m, "name"), id);
    }
}
