package dev.bankfeed.benchmarks.atoa;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.benchmarks.PageShape;
import dev.bankfeed.benchmarks.TransactionPages;
import dev.bankfeed.model.Money;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/** Atoa's transaction page for the benchmarks: its envelope and field names (docs/providers.md). */
public final class AtoaPages implements PageShape {

    private static final String[] CATEGORIES = {
        "E-commerce", "Income", "Transfers", "Bills", "Payments", "Fees", "Travel"
    };

    @Override
    public String providerId() {
        return "atoa";
    }

    @Override
    public ObjectNode page(int size, SplittableRandom random) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        TransactionPages.fill(body.putArray("data"), size, random, (t, item) -> {
            item.put("id", "txn_" + Long.toHexString(random.nextLong() >>> 8));
            item.put("date", t.bookedAt().toString());
            item.put("type", t.amount().isNegative() ? "DEBIT" : "CREDIT");
            // Atoa sends a positive decimal number whatever the type, sometimes without trailing zeros (1500.0).
            item.put("amount", decimal(t.amount(), random));
            item.put("currency", t.amount().currency());
            item.put("description", t.description());
            item.put("reference", t.reference());
            if (random.nextInt(3) == 0) {
                item.put("merchantName", t.counterparty());
            }
            item.put("transactionCategory", CATEGORIES[random.nextInt(CATEGORIES.length)]);
            item.put("status", random.nextInt(20) == 0 ? "PENDING" : "BOOKED");
            ObjectNode party = item.putObject(t.amount().isNegative() ? "payee" : "payer");
            party.put("name", t.counterparty());
            ObjectNode details = party.putObject("accountDetails");
            details.put("sortCode", TransactionPages.digits(random, 6));
            details.put("accountNumber", TransactionPages.digits(random, 8));
            if (random.nextInt(4) != 0) {
                ObjectNode balance = item.putObject("balance");
                balance.put("amount", Money.ofMinor(random.nextLong(10_000_000L), t.amount().currency()).toDecimal());
                balance.put("currency", t.amount().currency());
            }
        });
        body.put("totalCount", size * 3);
        body.put("page", 0);
        body.put("itemsPerPage", size);
        return body;
    }

    private static BigDecimal decimal(Money amount, SplittableRandom random) {
        BigDecimal magnitude = amount.toDecimal().abs();
        if (random.nextBoolean() || magnitude.signum() == 0) {
            return magnitude;
        }
        return new BigDecimal(magnitude.stripTrailingZeros().toPlainString());
    }
}
