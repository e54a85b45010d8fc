package dev.bankfeed.benchmarks.finqware;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.benchmarks.PageShape;
import dev.bankfeed.benchmarks.TransactionPages;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/** Finqware's transaction page for the benchmarks: its envelope and field names (docs/providers.md). */
public final class FinqwarePages implements PageShape {

    @Override
    public String providerId() {
        return "finqware";
    }

    @Override
    public ObjectNode page(int size, SplittableRandom random) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("api_client_app", "bankfeed");
        body.put("client_id", "bankfeed-benchmark");
        body.put("request_id", TransactionPages.uuid(random));
        body.put("consent_id", TransactionPages.uuid(random));
        TransactionPages.fill(body.putArray("transactions"), size, random, (t, item) -> {
            item.put("id", TransactionPages.uuid(random));
            item.put("utx_id", TransactionPages.uuid(random));
            item.put("account_id", TransactionPages.ACCOUNT_ID);
            // Finqware sends the magnitude as a string; the indicator carries the sign.
            item.put("amount", t.amount().toDecimal().abs().toPlainString());
            item.put("currency", t.amount().currency());
            item.put("credit_debit_indicator", t.amount().isNegative() ? "debit" : "credit");
            item.put("status", random.nextInt(20) == 0 ? "pending" : "booked");
            item.put("booking_date_time", t.bookedAt().toString());
            item.put("value_date_time", t.bookedAt().truncatedTo(ChronoUnit.DAYS).toString());
            item.put("info", t.description() + " " + t.reference());
            item.put("counterparty_name", t.counterparty());
            item.put("keyset", "g2wAAAACbQAAABQ" + Long.toHexString(random.nextLong()));
            Instant inserted = t.bookedAt().plusSeconds(60 + random.nextInt(3600));
            item.put("inserted_at", inserted.toString());
            item.put("updated_at", inserted.plusSeconds(random.nextInt(2) * 7200L).toString());
        });
        body.putObject("pagination").put("more?", true);
        return body;
    }
}
