package dev.bankfeed.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.bankfeed.json.BankJson;

/**
 * The canonical JSON form of Bankfeed's records, as the {@code normalize} tool prints them and the HTTP
 * API returns them. Money is {@code {"minor": 8999, "currency": "GBP", "decimal": "89.99"}}.
 * The raw provider payload is included only when asked for.
 */
public final class CanonicalJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CanonicalJson() {
    }

    public static ObjectNode money(Money m) {
        ObjectNode o = F.objectNode();
        o.put("minor", m.minor());
        o.put("currency", m.currency());
        o.put("decimal", m.toDecimalString());
        return o;
    }

    public static ObjectNode account(Account a, boolean withRaw) {
        ObjectNode o = F.objectNode();
        o.put("recordType", "account");
        o.put("canonicalId", a.canonicalId());
        o.put("provider", a.provider().id());
        o.put("providerAccountId", a.providerAccountId());
        putIfNotNull(o, "name", a.name());
        putIfNotNull(o, "alias", a.alias());
        putIfNotNull(o, "currency", a.currency());
        putIfNotNull(o, "bankName", a.bankName());
        putIfNotNull(o, "bic", a.bic());
        ArrayNode ids = o.putArray("identifiers");
        for (AccountIdentifier id : a.identifiers()) {
            ids.add(identifier(id));
        }
        putIfNotNull(o, "status", a.status());
        putIfNotNull(o, "type", a.type());
        putIfNotNull(o, "subType", a.subType());
        raw(o, a.rawJson(), withRaw);
        return o;
    }

    public static ObjectNode balance(BalanceSnapshot b, boolean withRaw) {
        ObjectNode o = F.objectNode();
        o.put("recordType", "balance");
        o.put("canonicalId", b.canonicalId());
        o.put("provider", b.provider().id());
        o.put("providerAccountId", b.providerAccountId());
        putIfNotNull(o, "providerBalanceId", b.providerBalanceId());
        o.put("type", b.type().name());
        putIfNotNull(o, "providerType", b.providerType());
        putIfNotNull(o, "reportedType", b.reportedType());
        o.set("amount", money(b.amount()));
        if (b.creditLimitIncluded() != null) {
            o.put("creditLimitIncluded", b.creditLimitIncluded());
        }
        if (b.creditLimitMeaning() != null) {
            o.put("creditLimitMeaning", b.creditLimitMeaning().name());
        }
        putIfNotNull(o, "localDate", b.localDate());
        putIfNotNull(o, "asOf", b.asOf());
        raw(o, b.rawJson(), withRaw);
        return o;
    }

    public static ObjectNode transaction(Transaction t, boolean withRaw) {
        ObjectNode o = F.objectNode();
        o.put("recordType", "transaction");
        o.put("canonicalId", t.canonicalId());
        o.put("provider", t.provider().id());
        o.put("providerAccountId", t.providerAccountId());
        o.put("providerTransactionId", t.providerTransactionId());
        putIfNotNull(o, "providerRecordId", t.providerRecordId());
        o.set("amount", money(t.amount()));
        o.put("direction", t.direction().name());
        o.put("status", t.status().name());
        putIfNotNull(o, "bookingDate", t.bookingDate());
        putIfNotNull(o, "bookedAt", t.bookedAt());
        putIfNotNull(o, "valueDate", t.valueDate());
        putIfNotNull(o, "description", t.description());
        putIfNotNull(o, "reference", t.reference());
        putIfNotNull(o, "merchantName", t.merchantName());
        putIfNotNull(o, "category", t.category());
        Counterparty c = t.counterparty();
        if (c != null) {
            ObjectNode co = o.putObject("counterparty");
            putIfNotNull(co, "name", c.name());
            if (c.account() != null) {
                co.set("account", identifier(c.account()));
            }
        }
        if (t.balanceAfter() != null) {
            o.set("balanceAfter", money(t.balanceAfter()));
        }
        putIfNotNull(o, "keyset", t.keyset());
        putIfNotNull(o, "providerUpdatedAt", t.providerUpdatedAt());
        raw(o, t.rawJson(), withRaw);
        return o;
    }

    private static ObjectNode identifier(AccountIdentifier id) {
        ObjectNode o = F.objectNode();
        putIfNotNull(o, "scheme", id.scheme());
        putIfNotNull(o, "number", id.number());
        putIfNotNull(o, "market", id.market());
        return o;
    }

    private static void raw(ObjectNode o, String rawJson, boolean withRaw) {
        if (withRaw && rawJson != null) {
            try {
                JsonNode raw = BankJson.mapper().readTree(rawJson);
                o.set("raw", raw);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void putIfNotNull(ObjectNode o, String field, Object value) {
        if (value != null) {
            o.put(field, value.toString());
        }
    }
}
