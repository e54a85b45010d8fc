package dev.bankfeed.provider.finqware;

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
import java.time.ZoneOffset;
import java.util.List;

/**
 * Maps Finqware FinqLink v2 payloads (docs/providers.md#finqware) to canonical records.
 * <ul>
 * <li>Amounts are decimal strings (numbers are accepted too) that are never negative: a negative amount is
 * rejected, and {@code credit_debit_indicator} ({@code credit} or {@code debit}) alone gives the sign.</li>
 * <li>Balances come from an {@code accounts/list} body (nested per account, the account id from the parent)
 * or a {@code balances/list} body ({@code account_id} per balance, else the context's account). The
 * credit-limit meaning follows Finqware's tables (docs/providers.md#finqware-balances), see {@link #meaning}.
 * A balance without
 * {@code reference_date_time} is as of the context's fetch time. Its canonical id carries the type plus
 * {@code +credit_limit} when {@code credit_limit_included} is true ({@code ...:balance:available+credit_limit:...}),
 * since a bank reports both forms of a type at the same moment.</li>
 * <li>Transactions are keyed by {@code utx_id}, which stays the same across consents; {@code id} is kept as
 * the record id, {@code keyset} for the walk, {@code updated_at} for change tracking. A booked transaction
 * needs a {@code booking_date_time}; a pending one may lack it.</li>
 * </ul>
 */
public final class FinqwareNormalizer implements ProviderNormalizer {

    private static final Provider FINQWARE = FinqwareModule.PROVIDER;
    private static final String ACCOUNTS = "accounts";
    private static final String BALANCES = "balances";
    private static final String ID = "id";
    private static final String ACCOUNT_ID = "account_id";
    private static final String AMOUNT = "amount";
    private static final String CURRENCY = "currency";
    private static final String INDICATOR = "credit_debit_indicator";

    @Override
    public Provider provider() {
        return FINQWARE;
    }

    @Override
    public NormalizationResult<Account> accounts(JsonNode body, NormalizationContext context) {
        return RecordBatch.normalize(FINQWARE, RecordKind.ACCOUNTS,
                Envelope.array(FINQWARE, RecordKind.ACCOUNTS, body, ACCOUNTS), ID, FinqwareNormalizer::account);
    }

    @Override
    public NormalizationResult<BalanceSnapshot> balances(JsonNode body, NormalizationContext context) {
        JsonNode envelope = Envelope.object(FINQWARE, RecordKind.BALANCES, body);
        if (envelope.has(BALANCES)) {
            return RecordBatch.normalize(FINQWARE, RecordKind.BALANCES,
                    Envelope.array(FINQWARE, RecordKind.BALANCES, body, BALANCES), ID,
                    (r, raw) -> balance(r, raw, false, null, context));
        }
        if (!envelope.has(ACCOUNTS)) {
            throw Envelope.malformed(FINQWARE, RecordKind.BALANCES, "has neither a 'balances' nor an 'accounts' array");
        }
        JsonNode accounts = Envelope.array(FINQWARE, RecordKind.BALANCES, body, ACCOUNTS);
        RecordBatch<BalanceSnapshot> batch = RecordBatch.of(FINQWARE, RecordKind.BALANCES);
        for (int i = 0; i < accounts.size(); i++) {
            JsonNode account = accounts.get(i);
            String label = ACCOUNTS + "#" + i;
            if (!account.isObject()) {
                batch.reject(label, RecordBatch.RECORD, RecordBatch.notAnObject(account), account);
                continue;
            }
            String parentId = RecordBatch.idOf(account.get(ID));
            JsonNode balances = account.get(BALANCES);
            if (balances == null || balances.isNull()) {
                continue;
            }
            String owner = parentId != null ? parentId : label;
            if (!balances.isArray()) {
                batch.reject(owner, BALANCES, "must be an array, not " + Envelope.type(balances), account);
                continue;
            }
            batch.each(balances, ID, owner + "/" + BALANCES, (r, raw) -> balance(r, raw, true, parentId, context));
        }
        return batch.result();
    }

    @Override
    public NormalizationResult<Transaction> transactions(JsonNode body, NormalizationContext context) {
        return RecordBatch.normalize(FINQWARE, RecordKind.TRANSACTIONS,
                Envelope.array(FINQWARE, RecordKind.TRANSACTIONS, body, "transactions"), ID,
                (r, raw) -> transaction(r, raw, context));
    }

    private static Account account(RecordReader r, String raw) {
        String id = r.requireText(ID);
        String iban = r.text("iban");
        List<AccountIdentifier> identifiers = iban == null || iban.isBlank() ? List.of()
                : List.of(new AccountIdentifier("IBAN", iban, ibanCountry(iban)));
        return Account.builder().provider(FINQWARE).providerAccountId(id).name(r.text("name"))
                .currency(r.knownCurrency(CURRENCY)).identifiers(identifiers).type(r.text("account_type"))
                .subType(r.text("account_sub_type")).rawJson(raw).build();
    }

    /**
     * One balance. {@code nested} when an {@code accounts/list} body lists it under the account
     * {@code parentId}: then a balance naming another account is rejected, and the context's account is
     * never assumed. A {@code balances/list} balance without {@code account_id} belongs to the context's account.
     */
    private static BalanceSnapshot balance(RecordReader r, String raw, boolean nested, String parentId,
            NormalizationContext context) {
        String accountId;
        if (nested) {
            String own = r.text(ACCOUNT_ID);
            if (own != null && parentId != null && !own.equals(parentId)) {
                throw r.reject(ACCOUNT_ID, "names another account than the account that lists it");
            }
            accountId = r.requireTextOr(ACCOUNT_ID, parentId, "id on the account that lists it");
        } else {
            accountId = r.requireTextOr(ACCOUNT_ID, context.accountId(), "account id in the context");
        }
        String type = r.requireText("type");
        BalanceType balanceType = BalanceType.fromProvider(type);
        Money magnitude = nonNegative(r);
        Direction direction = r.requireEnum(INDICATOR, Direction.class);
        Boolean creditLimitIncluded = r.bool("credit_limit_included");
        RecordReader.Moment reference = r.moment("reference_date_time");
        Instant asOf = reference == null ? context.fetchedAt()
                : reference.instant() != null ? reference.instant()
                : reference.date().atStartOfDay(ZoneOffset.UTC).toInstant();
        // The builder makes the credit-limit flag part of the identity: banks report e.g. "available" both with
        // and without the limit at the same moment.
        return BalanceSnapshot.builder().provider(FINQWARE).providerAccountId(accountId).providerBalanceId(r.text(ID))
                .type(balanceType).providerType(type).amount(direction.sign(magnitude))
                .creditLimitIncluded(creditLimitIncluded)
                .creditLimitMeaning(meaning(balanceType, creditLimitIncluded, direction))
                .localDate(reference == null ? null : reference.date()).asOf(asOf).rawJson(raw).build();
    }

    /**
     * Finqware's interpretation tables (docs/providers.md#finqware-balances). Without
     * {@code credit_limit_included} the meaning is not claimed
     * ({@link CreditLimitMeaning#NOT_APPLICABLE}): guessing "false" could present borrowed money as own funds.
     */
    static CreditLimitMeaning meaning(BalanceType type, Boolean creditLimitIncluded, Direction direction) {
        if (creditLimitIncluded == null) {
            return CreditLimitMeaning.NOT_APPLICABLE;
        }
        if (!creditLimitIncluded) {
            return direction == Direction.CREDIT ? CreditLimitMeaning.OWN_FUNDS : CreditLimitMeaning.OVERDRAFT_USED;
        }
        if (direction == Direction.DEBIT) {
            return CreditLimitMeaning.UNDOCUMENTED_DEBIT_WITH_CREDIT_LIMIT;
        }
        return type.isClosing() ? CreditLimitMeaning.UNUSED_CREDIT_LIMIT
                : CreditLimitMeaning.FUNDS_INCLUDING_CREDIT_LIMIT;
    }

    private static Transaction transaction(RecordReader r, String raw, NormalizationContext context) {
        String stableId = r.requireText("utx_id");
        String accountId = r.requireTextOr(ACCOUNT_ID, context.accountId(), "account id in the context");
        Money magnitude = nonNegative(r);
        Direction direction = r.requireEnum(INDICATOR, Direction.class);
        TransactionStatus status = r.requireEnum("status", TransactionStatus.class);
        RecordReader.Moment booking = r.moment("booking_date_time");
        if (booking == null && status == TransactionStatus.BOOKED) {
            throw r.reject("booking_date_time", "missing on a booked transaction");
        }
        RecordReader.Moment value = r.moment("value_date_time");
        return Transaction.builder().provider(FINQWARE).providerAccountId(accountId).providerTransactionId(stableId)
                .providerRecordId(r.text(ID)).amount(direction.sign(magnitude)).direction(direction).status(status)
                .bookingDate(booking == null ? null : booking.date())
                .bookedAt(booking == null ? null : booking.instant())
                .valueDate(value == null ? null : value.date()).description(r.text("info"))
                .counterparty(Counterparty.of(r.text("counterparty_name"), null)).keyset(r.opaque("keyset"))
                .providerUpdatedAt(r.instant("updated_at")).rawJson(raw).build();
    }

    /** The always-positive Finqware amount; a negative one is rejected, not trusted for a sign. */
    private static Money nonNegative(RecordReader r) {
        Money amount = r.major(AMOUNT, r.currency(CURRENCY));
        if (amount.isNegative()) {
            throw r.reject(AMOUNT, "negative amount " + amount.toDecimalString()
                    + ": Finqware amounts are never negative, credit_debit_indicator gives the sign");
        }
        return amount;
    }

    /** The country of an IBAN (its first two letters), or null when it does not start with two letters. */
    private static String ibanCountry(String iban) {
        String s = iban.trim();
        return s.length() >= 2 && Character.isLetter(s.charAt(0)) && Character.isLetter(s.charAt(1))
                ? s.substring(0, 2).toUpperCase(java.util.Locale.ROOT) : null;
    }
}
