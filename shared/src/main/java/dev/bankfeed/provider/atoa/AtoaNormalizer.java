package dev.bankfeed.provider.atoa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.CreditLimitMeaning;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.MoneyException;
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
import java.util.List;

/**
 * Maps Atoa payloads (docs/providers.md#atoa) to canonical records.
 * <ul>
 * <li>Accounts: a bare array of {@code {accountId, bankName, accountNumber, sortCode, currency}}, or one
 * such object (the details call). {@code accountId} is required (the client fills it in from the
 * consent's account ids); a missing currency is GBP. Sort code and account number become ONE identifier
 * of scheme {@link AccountIdentifier#SORT_CODE_ACCOUNT_NUMBER}, number {@code sortCode/accountNumber}
 * (sort code without dashes or spaces), market GB: only the pair identifies a UK account.</li>
 * <li>Balance: {@code {balance, currency}}, the current balance; the body names no account and no time, so
 * the account comes from the context and {@code asOf} is the context's fetch time.</li>
 * <li>Transactions: {@code {data:[...]}}. {@code type} decides the sign whatever the sign of {@code amount}
 * (its absolute value is taken); the counterparty is the payer of a CREDIT and the payee of a DEBIT;
 * {@code date} is the booking instant and {@code bookingDate} its date in the offset it was given in
 * (the UTC date for {@code Z}); {@code balance} is the balance after the transaction, with its own sign.</li>
 * </ul>
 */
public final class AtoaNormalizer implements ProviderNormalizer {

    private static final Provider ATOA = AtoaModule.PROVIDER;
    private static final String ACCOUNT_ID = "accountId";
    private static final String DEFAULT_CURRENCY = "GBP";
    private static final String CURRENT = "current";
    private static final String MARKET = "GB";

    @Override
    public Provider provider() {
        return ATOA;
    }

    @Override
    public NormalizationResult<Account> accounts(JsonNode body, NormalizationContext context) {
        if (body != null && body.isArray()) {
            return RecordBatch.normalize(ATOA, RecordKind.ACCOUNTS, body, ACCOUNT_ID, AtoaNormalizer::account);
        }
        if (body != null && body.isObject()) {
            return RecordBatch.<Account>of(ATOA, RecordKind.ACCOUNTS).one(body, ACCOUNT_ID, AtoaNormalizer::account)
                    .result();
        }
        throw Envelope.malformed(ATOA, RecordKind.ACCOUNTS, "is neither an array of accounts nor an account object");
    }

    @Override
    public NormalizationResult<BalanceSnapshot> balances(JsonNode body, NormalizationContext context) {
        return RecordBatch.<BalanceSnapshot>of(ATOA, RecordKind.BALANCES)
                .one(Envelope.object(ATOA, RecordKind.BALANCES, body), null, (r, raw) -> balance(r, raw, context))
                .result();
    }

    @Override
    public NormalizationResult<Transaction> transactions(JsonNode body, NormalizationContext context) {
        return RecordBatch.normalize(ATOA, RecordKind.TRANSACTIONS,
                Envelope.array(ATOA, RecordKind.TRANSACTIONS, body, "data"), "id",
                (r, raw) -> transaction(r, raw, context));
    }

    private static Account account(RecordReader r, String raw) {
        String id = r.requireText(ACCOUNT_ID);
        String currency = r.knownCurrency("currency");
        AccountIdentifier identifier = sortCodeAndAccountNumber(r);
        return Account.builder().provider(ATOA).providerAccountId(id)
                .currency(currency == null ? DEFAULT_CURRENCY : currency).bankName(r.text("bankName"))
                .identifiers(identifier == null ? List.of() : List.of(identifier)).rawJson(raw).build();
    }

    private static BalanceSnapshot balance(RecordReader r, String raw, NormalizationContext context) {
        String accountId = contextAccount(r, context);
        Money amount = r.major("balance", r.currency("currency"));
        return BalanceSnapshot.builder().provider(ATOA).providerAccountId(accountId).type(BalanceType.CURRENT)
                .providerType(CURRENT).amount(amount).creditLimitMeaning(CreditLimitMeaning.NOT_APPLICABLE)
                .asOf(context.fetchedAt()).rawJson(raw).build();
    }

    private static Transaction transaction(RecordReader r, String raw, NormalizationContext context) {
        String accountId = contextAccount(r, context);
        String id = r.requireText("id");
        Direction direction = r.requireEnum("type", Direction.class);
        TransactionStatus status = r.requireEnum("status", TransactionStatus.class);
        Money given = r.major("amount", r.currency("currency"));
        Money amount;
        try {
            amount = direction.sign(given.isNegative() ? given.negate() : given);
        } catch (MoneyException e) {
            throw r.reject("amount", e.getMessage());
        }
        RecordReader.Moment date = r.moment("date");
        if (date == null) {
            throw r.reject("date", "missing");
        }
        RecordReader balance = r.object("balance");
        Money balanceAfter = balance == null ? null : balance.major("amount", balance.currency("currency"));
        return Transaction.builder().provider(ATOA).providerAccountId(accountId).providerTransactionId(id)
                .amount(amount).direction(direction).status(status).bookingDate(date.date()).bookedAt(date.instant())
                .description(r.text("description")).reference(r.text("reference"))
                .merchantName(r.text("merchantName")).category(r.text("transactionCategory"))
                .counterparty(counterparty(r.object(direction == Direction.CREDIT ? "payer" : "payee")))
                .balanceAfter(balanceAfter).rawJson(raw).build();
    }

    /** Atoa's balance and transaction bodies name no account: the caller's context must. */
    private static String contextAccount(RecordReader r, NormalizationContext context) {
        if (context.accountId() == null || context.accountId().isBlank()) {
            throw r.reject(ACCOUNT_ID, "missing: the body names no account and the context gives none");
        }
        return context.accountId();
    }

    private static Counterparty counterparty(RecordReader party) {
        if (party == null) {
            return null;
        }
        String name = party.text("name");
        RecordReader details = party.object("accountDetails");
        AccountIdentifier identifier = details == null ? null : sortCodeAndAccountNumber(details);
        return Counterparty.of(name, identifier);
    }

    /** The UK identifier of {@code {sortCode, accountNumber}}; null unless both are given. */
    private static AccountIdentifier sortCodeAndAccountNumber(RecordReader r) {
        String sortCode = r.text("sortCode");
        String accountNumber = r.text("accountNumber");
        if (sortCode == null || accountNumber == null || sortCode.isBlank() || accountNumber.isBlank()) {
            return null;
        }
        return new AccountIdentifier(AccountIdentifier.SORT_CODE_ACCOUNT_NUMBER,
                compactSortCode(sortCode) + "/" + accountNumber.trim(), MARKET);
    }

    /** "12-34-56" and "12 34 56" are the sort code 123456. */
    private static String compactSortCode(String sortCode) {
        StringBuilder b = new StringBuilder(6);
        for (int i = 0; i < sortCode.length(); i++) {
            char c = sortCode.charAt(i);
            if (c != '-' && c != ' ') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
