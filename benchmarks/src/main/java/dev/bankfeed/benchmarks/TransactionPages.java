package dev.bankfeed.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.normalize.NormalizationContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Deterministic transaction pages in each provider's own envelope and field names (docs/providers.md),
 * as the bank would send them: several currencies (JPY with no minor unit, KWD with three), debits and
 * credits, counterparties, references, newest first. The same seed gives the same bytes.
 */
public final class TransactionPages {

    /** The account every generated transaction belongs to; also the context's account id. */
    public static final String ACCOUNT_ID = "0aa6f179-5d4e-4c4f-9a56-6a9f1b0d2c11";

    /** When the generated pages claim to have been fetched. */
    public static final Instant FETCHED_AT = Instant.parse("2025-02-01T06:00:00Z");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Instant NEWEST = Instant.parse("2025-01-31T17:42:13Z");

    // Weighted towards the common currencies; JPY (exponent 0) and KWD (exponent 3) test the exponent table.
    private static final String[] CURRENCIES = {
        "EUR", "EUR", "EUR", "GBP", "GBP", "GBP", "USD", "USD", "SEK", "NOK", "DKK", "RON", "CHF", "JPY", "JPY", "KWD"
    };
    private static final String[] COUNTERPARTIES = {
        "Amazon UK Ltd", "ABC Company Ltd", "Deutsche Bahn AG", "Spotify AB", "Shibuya Estates KK",
        "Gulf Trading WLL", "Orange Romania SA", "HMRC", "Stripe Payments Europe Ltd", "Equinor ASA",
        "Café Zürich GmbH", "Nordea Finans", "Wise Payments Ltd", "Payroll - Björk & Søn"
    };
    private static final String[] DESCRIPTIONS = {
        "Card payment", "SEPA credit transfer", "Direct debit", "Salary payment", "Faster Payment",
        "Invoice settlement", "Refund", "Bank fee", "FX conversion", "Standing order"
    };
    private static final String[] CATEGORIES = {
        "E-commerce", "Income", "Transfers", "Bills", "Payments", "Fees", "Travel"
    };

    private TransactionPages() {
    }

    /** The context every generated page is normalized with (Atoa's bodies do not name their account). */
    public static NormalizationContext context() {
        return new NormalizationContext(ACCOUNT_ID, FETCHED_AT);
    }

    /** A page of {@code size} transactions in {@code provider}'s envelope, as UTF-8 JSON bytes. */
    public static byte[] page(Provider provider, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectNode body = switch (provider.id()) {
            case "atlar" -> atlar(size, random);
            case "atoa" -> atoa(size, random);
            case "finqware" -> finqware(size, random);
            default -> throw new IllegalArgumentException("no page generator for " + provider);
        };
        try {
            return BankJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode atlar(int size, SplittableRandom random) {
        ObjectNode body = F.objectNode();
        fill(body.putArray("items"), size, random, (t, item) -> {
            item.put("id", uuid(random));
            item.put("accountId", ACCOUNT_ID);
            item.put("organizationId", "3914f49d-1b7e-4f0a-8d0c-5a1e2f3b4c5d");
            ObjectNode amount = item.putObject("amount");
            amount.put("currency", t.amount.currency());
            amount.put("value", t.amount.minor());
            amount.put("stringValue", t.amount.toDecimalString());
            item.put("date", t.bookingDate().toString());
            item.put("valueDate", t.bookingDate().plusDays(random.nextInt(2)).toString());
            item.put("description", t.description);
            item.put("reference", t.reference);
            ObjectNode counterparty = item.putObject("counterparty");
            counterparty.put("name", t.counterparty);
            ObjectNode identifier = counterparty.putObject("accountIdentifier");
            identifier.put("type", "IBAN");
            identifier.put("number", iban(random));
            item.put("reconciliationStatus", "NOT_RECONCILED");
            item.put("etag", "version:1");
        });
        body.put("nextToken", "eyJvZmZzZXQiOjUwMH0");
        body.put("token", "");
        body.put("limit", size);
        return body;
    }

    private static ObjectNode atoa(int size, SplittableRandom random) {
        ObjectNode body = F.objectNode();
        fill(body.putArray("data"), size, random, (t, item) -> {
            item.put("id", "txn_" + Long.toHexString(random.nextLong() >>> 8));
            item.put("date", t.bookedAt.toString());
            item.put("type", t.amount.isNegative() ? "DEBIT" : "CREDIT");
            // Atoa sends a positive decimal number whatever the type, sometimes without trailing zeros (1500.0).
            item.put("amount", atoaDecimal(t.amount, random));
            item.put("currency", t.amount.currency());
            item.put("description", t.description);
            item.put("reference", t.reference);
            if (random.nextInt(3) == 0) {
                item.put("merchantName", t.counterparty);
            }
            item.put("transactionCategory", CATEGORIES[random.nextInt(CATEGORIES.length)]);
            item.put("status", random.nextInt(20) == 0 ? "PENDING" : "BOOKED");
            ObjectNode party = item.putObject(t.amount.isNegative() ? "payee" : "payer");
            party.put("name", t.counterparty);
            ObjectNode details = party.putObject("accountDetails");
            details.put("sortCode", digits(random, 6));
            details.put("accountNumber", digits(random, 8));
            if (random.nextInt(4) != 0) {
                ObjectNode balance = item.putObject("balance");
                balance.put("amount", Money.ofMinor(random.nextLong(10_000_000L), t.amount.currency()).toDecimal());
                balance.put("currency", t.amount.currency());
            }
        });
        body.put("totalCount", size * 3);
        body.put("page", 0);
        body.put("itemsPerPage", size);
        return body;
    }

    private static ObjectNode finqware(int size, SplittableRandom random) {
        ObjectNode body = F.objectNode();
        body.put("api_client_app", "bankfeed");
        body.put("client_id", "bankfeed-benchmark");
        body.put("request_id", uuid(random));
        body.put("consent_id", uuid(random));
        fill(body.putArray("transactions"), size, random, (t, item) -> {
            item.put("id", uuid(random));
            item.put("utx_id", uuid(random));
            item.put("account_id", ACCOUNT_ID);
            // Finqware sends the magnitude as a string; the indicator carries the sign.
            item.put("amount", t.amount.toDecimal().abs().toPlainString());
            item.put("currency", t.amount.currency());
            item.put("credit_debit_indicator", t.amount.isNegative() ? "debit" : "credit");
            item.put("status", random.nextInt(20) == 0 ? "pending" : "booked");
            item.put("booking_date_time", t.bookedAt.toString());
            item.put("value_date_time", t.bookedAt.truncatedTo(ChronoUnit.DAYS).toString());
            item.put("info", t.description + " " + t.reference);
            item.put("counterparty_name", t.counterparty);
            item.put("keyset", "g2wAAAACbQAAABQ" + Long.toHexString(random.nextLong()));
            Instant inserted = t.bookedAt.plusSeconds(60 + random.nextInt(3600));
            item.put("inserted_at", inserted.toString());
            item.put("updated_at", inserted.plusSeconds(random.nextInt(2) * 7200L).toString());
        });
        body.putObject("pagination").put("more?", true);
        return body;
    }

    /** Adds {@code size} transactions, newest first, each written in the provider's form by {@code writer}. */
    private static void fill(ArrayNode array, int size, SplittableRandom random, BiConsumer<Txn, ObjectNode> writer) {
        for (int i = 0; i < size; i++) {
            writer.accept(Txn.next(i, random), array.addObject());
        }
    }

    private static BigDecimal atoaDecimal(Money amount, SplittableRandom random) {
        BigDecimal magnitude = amount.toDecimal().abs();
        if (random.nextBoolean() || magnitude.signum() == 0) {
            return magnitude;
        }
        return new BigDecimal(magnitude.stripTrailingZeros().toPlainString());
    }

    private static long pow10(int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= 10;
        }
        return p;
    }

    private static String uuid(SplittableRandom random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String iban(SplittableRandom random) {
        String[] countries = {"DE", "GB", "FR", "SE", "NO", "RO", "NL"};
        return countries[random.nextInt(countries.length)] + digits(random, 2) + digits(random, 18);
    }

    private static String digits(SplittableRandom random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** The provider-neutral facts of one generated transaction. */
    private record Txn(Money amount, Instant bookedAt, String description, String reference, String counterparty) {

        static Txn next(int index, SplittableRandom random) {
            String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
            long unit = pow10(Money.ofMinor(0, currency).exponent());
            // Magnitudes from cents to millions of major units, spread evenly over orders of magnitude.
            long major = pow10(random.nextInt(7)) + random.nextLong(1000);
            long minor = major * unit + random.nextLong(unit);
            boolean debit = random.nextInt(10) < 7;
            Instant bookedAt = NEWEST.minusSeconds(index * 1_800L + random.nextInt(1_800));
            String reference = (debit ? "INV-" : "RF-") + (2025_000_000L + random.nextInt(1_000_000));
            return new Txn(Money.ofMinor(debit ? -minor : minor, currency), bookedAt,
                    DESCRIPTIONS[random.nextInt(DESCRIPTIONS.length)], reference,
                    COUNTERPARTIES[random.nextInt(COUNTERPARTIES.length)]);
        }

        LocalDate bookingDate() {
            return LocalDate.ofInstant(bookedAt, ZoneOffset.UTC);
        }
    }
}
