package dev.bankfeed.provider.atlar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.CreditLimitMeaning;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.normalize.Envelope;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.ProviderNormalizer;
import dev.bankfeed.normalize.RecordBatch;
import dev.bankfeed.model.RecordKind;
import dev.bankfeed.normalize.RecordReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps Atlar payloads (docs/providers.md#atlar) to canonical records. Every body is the list envelope
 * {@code {items:[...], nextToken}}. Amounts are {@code {currency, value, stringValue}}: {@code value} is
 * signed minor units (an integral JSON number), {@code stringValue} the same amount in major units; either
 * alone is enough, and when both are given they must agree exactly. The sign of the amount is the
 * transaction's direction, pending or booked. {@code /transactions} lists booked transactions only and
 * {@code /pending-transactions} pending ones, in the same item shape: nothing in an item says which list it came
 * from, so {@link AtlarClient} marks a pending list's body {@code "bankfeedListedAs": "PENDING"}. An unmarked
 * body is booked.
 */
public final class AtlarNormalizer implements ProviderNormalizer {

    private static final Provider ATLAR = AtlarModule.PROVIDER;
    private static final String ITEMS = "items";
    private static final String ID = "id";
    private static final String ACCOUNT_ID = "accountId";
    private static final String NO_CONTEXT_ACCOUNT = "account id in the context";
    /** The body field, set by {@link AtlarClient}, that names the list a transactions body came from. */
    static final String LISTED_AS = "bankfeedListedAs";
    static final String PENDING = "PENDING";
    private static final String BOOKED = "BOOKED";

    @Override
    public Provider provider() {
        return ATLAR;
    }

    @Override
    public NormalizationResult<Account> accounts(JsonNode body, NormalizationContext context) {
        return RecordBatch.normalize(ATLAR, RecordKind.ACCOUNTS, items(RecordKind.ACCOUNTS, body), ID,
                AtlarNormalizer::account);
    }

    @Override
    public NormalizationResult<BalanceSnapshot> balances(JsonNode body, NormalizationContext context) {
        return RecordBatch.normalize(ATLAR, RecordKind.BALANCES, items(RecordKind.BALANCES, body), ID,
                (r, raw) -> balance(r, raw, context));
    }

    @Override
    public NormalizationResult<Transaction> transactions(JsonNode body, NormalizationContext context) {
        JsonNode items = items(RecordKind.TRANSACTIONS, body);
        TransactionStatus status = listedAs(body);
        return RecordBatch.normalize(ATLAR, RecordKind.TRANSACTIONS, items, ID,
                (r, raw) -> transaction(r, raw, status, context));
    }

    /** Which list a transactions body came from; a mark we do not know makes the whole body malformed. */
    private static TransactionStatus listedAs(JsonNode body) {
        JsonNode mark = body.get(LISTED_AS);
        if (mark == null || mark.isNull() || (mark.isTextual() && BOOKED.equals(mark.asText()))) {
            return TransactionStatus.BOOKED;
        }
        if (mark.isTextual() && PENDING.equals(mark.asText())) {
            return TransactionStatus.PENDING;
        }
        throw Envelope.malformed(ATLAR, RecordKind.TRANSACTIONS, "has '" + LISTED_AS + "' " + mark
                + " (expected \"" + PENDING + "\" or \"" + BOOKED + "\")");
    }

    /** Every Atlar list body is {@code {items:[...], nextToken}}. */
    private static JsonNode items(RecordKind kind, JsonNode body) {
        return Envelope.array(ATLAR, kind, body, ITEMS);
    }

    private static Account account(RecordReader r, String raw) {
        String id = r.requireText(ID);
        List<AccountIdentifier> identifiers = new ArrayList<>(2);
        for (RecordReader i : r.objects("identifiers")) {
            AccountIdentifier identifier = identifier(i);
            if (identifier != null) {
                identifiers.add(identifier);
            }
        }
        String bic = null;
        for (RecordReader route : r.objects("routing")) {
            if (bic == null && "BIC".equalsIgnoreCase(route.text("type"))) {
                bic = route.text("number");
            }
        }
        return Account.builder().provider(ATLAR).providerAccountId(id).name(r.text("name")).alias(r.text("alias"))
                .currency(r.knownCurrency("currency")).bic(bic).identifiers(identifiers).status(r.text("status"))
                .type(r.text("type")).rawJson(raw).build();
    }

    private static BalanceSnapshot balance(RecordReader r, String raw, NormalizationContext context) {
        String id = r.requireText(ID);
        String accountId = r.requireTextOr(ACCOUNT_ID, context.accountId(), NO_CONTEXT_ACCOUNT);
        String type = r.requireText("type");
        Money amount = amount(r);
        LocalDate localDate = r.date("localDate");
        Instant timestamp = r.instant("timestamp");
        Instant asOf;
        if (timestamp != null) {
            asOf = timestamp;
        } else if (localDate != null) {
            asOf = localDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        } else {
            throw r.reject("timestamp", "missing, and no localDate either");
        }
        return BalanceSnapshot.builder().provider(ATLAR).providerAccountId(accountId).providerBalanceId(id)
                .type(BalanceType.fromProvider(type)).providerType(type).reportedType(r.text("reportedType"))
                .amount(amount).creditLimitMeaning(CreditLimitMeaning.NOT_APPLICABLE).localDate(localDate).asOf(asOf)
                .rawJson(raw).build();
    }

    private static Transaction transaction(RecordReader r, String raw, TransactionStatus status,
            NormalizationContext context) {
        String id = r.requireText(ID);
        String accountId = r.requireTextOr(ACCOUNT_ID, context.accountId(), NO_CONTEXT_ACCOUNT);
        Money amount = amount(r);
        LocalDate date = r.date("date");
        // A pending item may not have a booking date yet; the job windows an undated one by the backfill depth.
        if (date == null && status == TransactionStatus.BOOKED) {
            throw r.reject("date", "missing on a booked transaction");
        }
        return Transaction.builder().provider(ATLAR).providerAccountId(accountId).providerTransactionId(id)
                .amount(amount).direction(Direction.of(amount)).status(status).bookingDate(date)
                .valueDate(r.date("valueDate")).description(r.text("description")).reference(r.text("reference"))
                .counterparty(counterparty(r.object("counterparty"))).rawJson(raw).build();
    }

    /**
     * The exact amount of {@code amount: {currency, value, stringValue}}. The two forms are cross-checked:
     * a disagreement means one of them is wrong, and we cannot tell which.
     */
    private static Money amount(RecordReader r) {
        RecordReader a = r.requireObject("amount");
        String currency = a.currency("currency");
        Money fromValue = a.has("value") ? a.minor("value", currency) : null;
        Money fromString = a.has("stringValue") ? a.major("stringValue", currency) : null;
        if (fromValue == null && fromString == null) {
            throw a.reject("value", "missing, and no stringValue either");
        }
        if (fromValue != null && fromString != null && fromValue.minor() != fromString.minor()) {
            throw a.reject("stringValue", RecordReader.quote(a.text("stringValue")) + " disagrees with value "
                    + fromValue.minor() + " (" + fromValue + ")");
        }
        return fromValue != null ? fromValue : fromString;
    }

    private static Counterparty counterparty(RecordReader c) {
        if (c == null) {
            return null;
        }
        String name = c.text("name");
        RecordReader account = c.object("accountIdentifier");
        AccountIdentifier identifier = account == null ? null : identifier(account);
        return Counterparty.of(name, identifier);
    }

    /** {@code {type, number, market}}; null when it has no number (nothing to identify an account by). */
    private static AccountIdentifier identifier(RecordReader i) {
        String number = i.text("number");
        return number == null ? null : new AccountIdentifier(i.text("type"), number, i.text("market"));
    }
}
