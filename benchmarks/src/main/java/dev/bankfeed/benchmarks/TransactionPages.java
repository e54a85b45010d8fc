package dev.bankfeed.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.normalize.NormalizationContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Deterministic transaction pages in each provider's own envelope and field names (docs/providers.md), as the
 * bank would send them, written by the provider's registered {@link PageShape}: several currencies (JPY with no
 * minor unit, KWD with three), debits and credits, counterparties, references, newest first. The same seed gives
 * the same bytes.
 */
public final class TransactionPages {

    /** The account every generated transaction belongs to; also the context's account id. */
    public static final String ACCOUNT_ID = "0aa6f179-5d4e-4c4f-9a56-6a9f1b0d2c11";

    /** When the generated pages claim to have been fetched. */
    public static final Instant FETCHED_AT = Instant.parse("2025-02-01T06:00:00Z");

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

    private TransactionPages() {
    }

    /** The context every generated page is normalized with (Atoa's bodies do not name their account). */
    public static NormalizationContext context() {
        return new NormalizationContext(ACCOUNT_ID, FETCHED_AT);
    }

    /** A page of {@code size} transactions in {@code provider}'s envelope, as UTF-8 JSON bytes. */
    public static byte[] page(Provider provider, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectNode body = PageShape.of(provider).page(size, random);
        try {
            return BankJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds {@code size} transactions, newest first, each written in the provider's form by {@code writer}. */
    public static void fill(ArrayNode array, int size, SplittableRandom random, BiConsumer<Txn, ObjectNode> writer) {
        for (int i = 0; i < size; i++) {
            writer.accept(Txn.next(i, random), array.addObject());
        }
    }

    private static long pow10(int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= 10;
        }
        return p;
    }

    /** A random UUID string from {@code random}. */
    public static String uuid(SplittableRandom random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** An IBAN-shaped string (check digits not computed) from {@code random}. */
    public static String iban(SplittableRandom random) {
        String[] countries = {"DE", "GB", "FR", "SE", "NO", "RO", "NL"};
        return countries[random.nextInt(countries.length)] + digits(random, 2) + digits(random, 18);
    }

    /** {@code n} random decimal digits. */
    public static String digits(SplittableRandom random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** The provider-neutral facts of one generated transaction, written by a {@link PageShape}. */
    public record Txn(Money amount, Instant bookedAt, String description, String reference, String counterparty) {

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

        /** The UTC date of {@link #bookedAt()}. */
        public LocalDate bookingDate() {
            return LocalDate.ofInstant(bookedAt, ZoneOffset.UTC);
        }
    }
}
