package dev.bankfeed.provider.finqware;

import static dev.bankfeed.normalize.Fixtures.context;
import static dev.bankfeed.normalize.Fixtures.json;
import static dev.bankfeed.normalize.Fixtures.onlyRejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.CreditLimitMeaning;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.normalize.Fixtures;
import dev.bankfeed.normalize.MalformedBodyException;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.model.Rejection;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinqwareNormalizerTest {

    private final FinqwareNormalizer normalizer = new FinqwareNormalizer();

    private NormalizationResult<BalanceSnapshot> balances(String... items) {
        return normalizer.balances(
                json("{\"balances\":[" + String.join(",", items) + "],\"pagination\":{\"more?\":false}}"),
                context(null));
    }

    private NormalizationResult<Transaction> transactions(String... items) {
        return normalizer.transactions(
                json("{\"transactions\":[" + String.join(",", items) + "],\"pagination\":{\"more?\":false}}"),
                context(null));
    }

    /** A balances/list item; {@code included} is a JSON value or null to leave the field out. */
    private static String balance(String type, String amount, String currency, String indicator, String included) {
        return "{\"account_id\":\"fq-1\",\"type\":\"" + type + "\",\"amount\":" + amount + ",\"currency\":\""
                + currency + "\",\"credit_debit_indicator\":\"" + indicator + "\""
                + (included == null ? "" : ",\"credit_limit_included\":" + included)
                + ",\"reference_date_time\":\"2025-01-31T10:00:00Z\"}";
    }

    /** A transactions/list item with the given amount (JSON), currency, indicator and status. */
    private static String txn(String utx, String amount, String currency, String indicator, String status) {
        return "{\"id\":\"rec-" + utx + "\",\"utx_id\":\"" + utx + "\",\"account_id\":\"fq-1\",\"amount\":" + amount
                + ",\"currency\":\"" + currency + "\",\"credit_debit_indicator\":\"" + indicator + "\",\"status\":\""
                + status + "\",\"booking_date_time\":\"2025-01-30T14:12:05Z\",\"keyset\":\"k-" + utx + "\"}";
    }

    @ParameterizedTest(name = "{0} included={1} {2} -> {3}")
    @CsvSource(nullValues = "absent", value = {
        // Seed 003, "Available Balance" table.
        "available, false, credit, OWN_FUNDS, 12345",
        "available, false, debit, OVERDRAFT_USED, -12345",
        "available, true, credit, FUNDS_INCLUDING_CREDIT_LIMIT, 12345",
        // Seed 003, "Closing Balance" table.
        "closing, false, credit, OWN_FUNDS, 12345",
        "closing, false, debit, OVERDRAFT_USED, -12345",
        "closing, true, credit, UNUSED_CREDIT_LIMIT, 12345",
        // Bank-specific types follow the table of their style.
        "closing_booked, true, credit, UNUSED_CREDIT_LIMIT, 12345",
        "closing_available, true, credit, UNUSED_CREDIT_LIMIT, 12345",
        "interim_available, true, credit, FUNDS_INCLUDING_CREDIT_LIMIT, 12345",
        "opening_booked, false, debit, OVERDRAFT_USED, -12345",
        // Not in the tables: true + debit stays negative and is flagged; no flag claims no meaning.
        "available, true, debit, UNDOCUMENTED_DEBIT_WITH_CREDIT_LIMIT, -12345",
        "closing, true, debit, UNDOCUMENTED_DEBIT_WITH_CREDIT_LIMIT, -12345",
        "available, absent, credit, NOT_APPLICABLE, 12345",
        "closing, absent, debit, NOT_APPLICABLE, -12345"
    })
    void balances_seed003InterpretationTable_signAndMeaning(String type, String included, String indicator,
            CreditLimitMeaning meaning, long minor) {
        BalanceSnapshot b = balances(balance(type, "\"123.45\"", "RON", indicator, included)).records().get(0);

        assertThat(b.amount()).isEqualTo(Money.ofMinor(minor, "RON"));
        assertThat(b.creditLimitMeaning()).isEqualTo(meaning);
        assertThat(b.creditLimitIncluded()).isEqualTo(included == null ? null : Boolean.valueOf(included));
        assertThat(b.type()).isEqualTo(BalanceType.fromProvider(type));
        assertThat(b.providerType()).isEqualTo(type);
    }

    @Test
    void balances_sameTypeWithAndWithoutCreditLimit_haveDifferentCanonicalIds() {
        NormalizationResult<BalanceSnapshot> result = balances(
                balance("available", "\"100.00\"", "RON", "credit", "false"),
                balance("available", "\"600.00\"", "RON", "credit", "true"));

        assertThat(result.records()).extracting(BalanceSnapshot::canonicalId).containsExactly(
                "finqware:fq-1:balance:available:2025-01-31T10:00:00Z",
                "finqware:fq-1:balance:available+credit_limit:2025-01-31T10:00:00Z");
    }

    @Test
    void balances_unknownType_isOtherWithProviderTypeKept() {
        BalanceSnapshot b = balances(balance("provisional_booked", "\"1.00\"", "RON", "credit", "false"))
                .records().get(0);

        assertThat(b.type()).isEqualTo(BalanceType.OTHER);
        assertThat(b.providerType()).isEqualTo("provisional_booked");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "negative amount | available | \"-5.00\" | RON | credit | false | amount | negative amount -5.00",
        "indicator both | available | \"5.00\" | RON | both | false | credit_debit_indicator "
                + "| unknown value 'both' (expected CREDIT, DEBIT)",
        "three decimals in RON | available | \"4.275\" | RON | credit | false | amount "
                + "| 4.275 has more decimals than RON allows (2)",
        "decimals in JPY | available | \"1.5\" | JPY | credit | false | amount | more decimals than JPY allows (0)",
        "beyond long | available | \"99999999999999999999\" | RON | credit | false | amount | beyond the range",
        "unknown currency | available | \"1.00\" | RRR | credit | false | currency | unknown ISO 4217 currency",
        "flag as string | available | \"1.00\" | RON | credit | \"false\" | credit_limit_included "
                + "| must be true or false, not string",
        "empty amount | available | \"\" | RON | credit | false | amount | amount is empty"
    })
    void balances_badRecord_rejectedNamingTheField(String scenario, String type, String amount, String currency,
            String indicator, String included, String field, String reason) {
        Rejection r = onlyRejection(balances(balance(type, amount, currency, indicator, included)));

        assertThat(r.recordId()).isEqualTo("#0");
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.reason()).contains(reason);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"'\"1.2345\"', CLF, 12345", "'\"0.0001\"', UYW, 1", "'\"1000\"', JPY, 1000",
        "'\"1.234\"', KWD, 1234", "1.234, BHD, 1234", "0, RON, 0"})
    void balances_currencyExponents_exactMinorUnits(String amount, String currency, long minor) {
        BalanceSnapshot b = balances(balance("available", amount, currency, "credit", "false")).records().get(0);

        assertThat(b.amount()).isEqualTo(Money.ofMinor(minor, currency));
    }

    @Test
    void balances_balancesListWithoutAccountId_belongsToTheContextAccountOrIsRejected() {
        String body = "{\"balances\":[{\"type\":\"available\",\"amount\":\"1.00\",\"currency\":\"RON\","
                + "\"credit_debit_indicator\":\"credit\"}]}";

        BalanceSnapshot b = normalizer.balances(json(body), context("ctx-acc")).records().get(0);
        assertThat(b.providerAccountId()).isEqualTo("ctx-acc");
        assertThat(b.asOf()).isEqualTo(Fixtures.FETCHED_AT);
        assertThat(b.localDate()).isNull();
        assertThat(onlyRejection(normalizer.balances(json(body), context(null))).field()).isEqualTo("account_id");
    }

    @Test
    void balances_accountsListBody_takeTheParentAccountIdAndRejectAMismatch() {
        NormalizationResult<BalanceSnapshot> result = normalizer.balances(json("""
                {"accounts":[
                  {"id":"acc-1","balances":[
                     {"type":"available","amount":"1.00","currency":"RON","credit_debit_indicator":"credit"},
                     {"account_id":"acc-2","type":"closing","amount":"1.00","currency":"RON",
                      "credit_debit_indicator":"credit"}]},
                  {"name":"no id","balances":[
                     {"type":"available","amount":"2.00","currency":"RON","credit_debit_indicator":"credit"},
                     {"account_id":"acc-3","type":"available","amount":"3.00","currency":"RON",
                      "credit_debit_indicator":"credit"}]},
                  {"id":"acc-4"},
                  {"id":"acc-5","balances":{"type":"available"}},
                  "acc-6"
                ]}"""), context("ctx-acc"));

        assertThat(result.records()).extracting(BalanceSnapshot::providerAccountId, b -> b.amount().minor())
                .containsExactly(tuple("acc-1", 100L), tuple("acc-3", 300L));
        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field).containsExactly(
                tuple("acc-1/balances#1", "account_id"),
                tuple("accounts#1/balances#0", "account_id"),
                tuple("acc-5", "balances"),
                tuple("accounts#4", "record"));
    }

    @Test
    void balances_fixtureAccountsList_nestedBalancesOfEveryAccount() {
        NormalizationResult<BalanceSnapshot> result =
                normalizer.balances(Fixtures.resource("fixtures/finqware/accounts.json"), context(null));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).extracting(BalanceSnapshot::providerAccountId, b -> b.amount().minor(),
                BalanceSnapshot::creditLimitMeaning).containsExactly(
                        tuple("fq-acc-1", 123456L, CreditLimitMeaning.OWN_FUNDS),
                        tuple("fq-acc-1", 623456L, CreditLimitMeaning.FUNDS_INCLUDING_CREDIT_LIMIT),
                        tuple("fq-acc-1", 120000L, CreditLimitMeaning.OWN_FUNDS),
                        tuple("fq-acc-2", -25000L, CreditLimitMeaning.OVERDRAFT_USED),
                        tuple("fq-acc-2", -30000L, CreditLimitMeaning.OVERDRAFT_USED),
                        tuple("fq-acc-2", 470000L, CreditLimitMeaning.UNUSED_CREDIT_LIMIT));
    }

    @Test
    void balances_referenceDateOnly_asOfIsStartOfThatDayUtc() {
        BalanceSnapshot b = balances("{\"account_id\":\"fq-1\",\"type\":\"closing_booked\",\"amount\":\"1.00\","
                + "\"currency\":\"EUR\",\"credit_debit_indicator\":\"credit\",\"reference_date_time\":\"2025-01-30\"}")
                .records().get(0);

        assertThat(b.asOf()).isEqualTo(Instant.parse("2025-01-30T00:00:00Z"));
        assertThat(b.localDate()).isEqualTo(LocalDate.of(2025, 1, 30));
    }

    @Test
    void transactions_fixture_utxIdIsTheStableIdAndIndicatorGivesTheSign() {
        NormalizationResult<Transaction> result =
                normalizer.transactions(Fixtures.resource("fixtures/finqware/transactions.json"), context(null));

        assertThat(result.rejections()).isEmpty();
        Transaction t = result.records().get(0);
        assertThat(t.providerTransactionId()).isEqualTo("utx-7f3e9a1c2b");
        assertThat(t.providerRecordId()).isEqualTo("4f1d2c3b-0a9e-4d8c-9b7a-6e5d4c3b2a10");
        assertThat(t.canonicalId()).isEqualTo("finqware:fq-acc-1:utx-7f3e9a1c2b");
        assertThat(t.amount()).isEqualTo(Money.ofMinor(-427, "RON"));
        assertThat(t.direction()).isEqualTo(Direction.DEBIT);
        assertThat(t.keyset()).isEqualTo("g2wAAAACbQAAABQyMDI1LTAxLTMwVDE0OjEyOjA1WmEB");
        assertThat(t.providerUpdatedAt()).isEqualTo(Instant.parse("2025-01-30T15:00:00Z"));
        assertThat(t.bookedAt()).isEqualTo(Instant.parse("2025-01-30T14:12:05Z"));
        assertThat(t.valueDate()).isEqualTo(LocalDate.of(2025, 1, 30));
        assertThat(t.counterparty().name()).isEqualTo("Cafeneaua SRL");
        assertThat(result.records()).extracting(x -> x.amount().minor(), Transaction::status).containsExactly(
                tuple(-427L, TransactionStatus.BOOKED), tuple(150000L, TransactionStatus.BOOKED),
                tuple(-12050L, TransactionStatus.PENDING));
        Transaction pending = result.records().get(2);
        assertThat(pending.bookingDate()).isNull();
        assertThat(pending.providerUpdatedAt()).isEqualTo(Instant.parse("2025-01-31T09:05:00.123456Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "negative amount | \"-4.27\" | RON | debit | booked | amount | negative amount -4.27",
        "indicator both | \"4.27\" | RON | both | booked | credit_debit_indicator "
                + "| unknown value 'both'",
        "unknown status | \"4.27\" | RON | debit | settled | status "
                + "| unknown value 'settled' (expected BOOKED, PENDING)",
        "too many decimals | \"0.001\" | EUR | debit | booked | amount | 0.001 has more decimals than EUR allows (2)",
        "no minor unit | \"1\" | XAU | debit | booked | currency | has no minor unit"
    })
    void transactions_badRecord_rejectedNamingTheField(String scenario, String amount, String currency,
            String indicator, String status, String field, String reason) {
        Rejection r = onlyRejection(transactions(txn("u1", amount, currency, indicator, status)));

        assertThat(r.recordId()).isEqualTo("rec-u1");
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.reason()).contains(reason);
    }

    @Test
    void transactions_missingUtxIdOrBookingTime_rejectedAndTheRestOfThePageNormalizes() {
        NormalizationResult<Transaction> result = transactions(
                txn("u1", "\"1.00\"", "RON", "credit", "booked"),
                "{\"id\":\"rec-2\",\"account_id\":\"fq-1\",\"amount\":\"1.00\",\"currency\":\"RON\","
                        + "\"credit_debit_indicator\":\"credit\",\"status\":\"booked\","
                        + "\"booking_date_time\":\"2025-01-30T14:12:05Z\"}",
                "{\"id\":\"rec-3\",\"utx_id\":\"u3\",\"account_id\":\"fq-1\",\"amount\":\"1.00\",\"currency\":\"RON\","
                        + "\"credit_debit_indicator\":\"credit\",\"status\":\"booked\"}",
                txn("u4", "\"2.50\"", "RON", "DEBIT", "PENDING"));

        assertThat(result.records()).extracting(Transaction::providerTransactionId).containsExactly("u1", "u4");
        assertThat(result.records().get(1).amount()).isEqualTo(Money.ofMinor(-250, "RON"));
        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field, Rejection::reason)
                .containsExactly(tuple("rec-2", "utx_id", "missing"),
                        tuple("rec-3", "booking_date_time", "missing on a booked transaction"));
    }

    @Test
    void transactions_keysetOfAnyJsonShape_isKeptAsOpaqueText() {
        NormalizationResult<Transaction> result = transactions(
                txn("u1", "\"1.00\"", "RON", "credit", "booked").replace("\"k-u1\"", "[\"2025-01-30T14:12:05Z\",17]"),
                txn("u2", "\"1.00\"", "RON", "credit", "booked").replace("\"k-u2\"", "170"));

        assertThat(result.records()).extracting(Transaction::keyset)
                .containsExactly("[\"2025-01-30T14:12:05Z\",17]", "170");
    }

    @Test
    void accounts_accountsList_ibanIsTheIdentifierWithItsCountry() {
        NormalizationResult<Account> result =
                normalizer.accounts(Fixtures.resource("fixtures/finqware/accounts.json"), context(null));

        assertThat(result.rejections()).isEmpty();
        Account a = result.records().get(0);
        assertThat(a.canonicalId()).isEqualTo("finqware:fq-acc-1");
        assertThat(a.identifiers())
                .containsExactly(new AccountIdentifier("IBAN", "RO49AAAA1B31007593840000", "RO"));
        assertThat(a.type()).isEqualTo("Personal current account");
        assertThat(a.subType()).isEqualTo("CurrentAccount");
        assertThat(a.currency()).isEqualTo("RON");
    }

    @Test
    void malformedBodies_throwOneLineMalformedBodyException() {
        assertThatThrownBy(() -> normalizer.transactions(json("{\"data\":[]}"), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("finqware transactions body has no 'transactions' array");
        assertThatThrownBy(() -> normalizer.balances(json("{\"error_id\":\"e\",\"code\":\"consent_not_active\"}"),
                context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("finqware balances body has neither a 'balances' nor an 'accounts' array");
        assertThatThrownBy(() -> normalizer.balances(json("{\"balances\":null}"), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("finqware balances body has no 'balances' array (it is null)");
        assertThatThrownBy(() -> normalizer.accounts(json("{\"accounts\":\"none\"}"), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("finqware accounts body has no 'accounts' array (it is string)");
    }
}
