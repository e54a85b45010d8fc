package dev.bankfeed.benchmarks.atlar;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.benchmarks.PageShape;
import dev.bankfeed.benchmarks.TransactionPages;
import java.util.SplittableRandom;

/** Atlar's transaction page for the benchmarks: its envelope and field names (docs/providers.md). */
public final class AtlarPages implements PageShape {

    @Override
    public String providerId() {
        return "atlar";
    }

    @Override
    public ObjectNode page(int size, SplittableRandom random) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        TransactionPages.fill(body.putArray("items"), size, random, (t, item) -> {
            item.put("id", TransactionPages.uuid(random));
            item.put("accountId", TransactionPages.ACCOUNT_ID);
            item.put("organizationId", "3914f49d-1b7e-4f0a-8d0c-5a1e2f3b4c5d");
            ObjectNode amount = item.putObject("amount");
            amount.put("currency", t.amount().currency());
            amount.put("value", t.amount().minor());
            amount.put("stringValue", t.amount().toDecimalString());
            item.put("date", t.bookingDate().toString());
            item.put("valueDate", t.bookingDate().plusDays(random.nextInt(2)).toString());
            item.put("description", t.description());
            item.put("reference", t.reference());
            ObjectNode counterparty = item.putObject("counterparty");
            counterparty.put("name", t.counterparty());
            ObjectNode identifier = counterparty.putObject("accountIdentifier");
            identifier.put("type", "IBAN");
            identifier.put("number", TransactionPages.iban(random));
            item.put("reconciliationStatus", "NOT_RECONCILED");
            item.put("etag", "version:1");
        });
        body.put("nextToken", "eyJvZmZzZXQiOjUwMH0");
        body.put("token", "");
        body.put("limit", size);
        return body;
    }
}
