package dev.bankfeed.provider.atoa;

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

class AtoaNormalizerTest {

    private final AtoaNormalizer normalizer = new AtoaNormalizer();

    private NormalizationResult<Transaction> transactions(String... items) {
        return normalizer.transactions(json("{\"data\":[" + String.join(",", items) + "],\"totalCount\":"
                + items.length + ",\"page\":0,\"itemsPerPage\":30}"), context("acc_001"));
    }

    /** A booked transaction item with the given type, amount and currency (JSON values). */
    private static String txn(String id, String type, String amount, String currency) {
        return "{\"id\":\"" + id + "\",\"date\":\"2024-01-14T11:45:00Z\",\"type\":" + type + ",\"amount\":" + amount
                + ",\"currency\":" + currency + ",\"status\":\"BOOKED\"}";
    }

    @Test
    void transactions_seed002_exactSignedAmountsBalancesAndCounterparties() {
        NormalizationResult<Transaction> result =
                normalizer.transactions(Fixtures.resource("fixtures/atoa/transactions.json"), context("acc_001"));

        assertThat(result.rejections()).isEmpty();
        Transaction debit = result.records().get(0);
        assertThat(debit.canonicalId()).isEqualTo("atoa:acc_001:txn_001");
        assertThat(debit.amount()).isEqualTo(Money.ofMinor(-8999, "GBP"));
        assertThat(debit.direction()).isEqualTo(Direction.DEBIT);
        assertThat(debit.status()).isEqualTo(TransactionStatus.BOOKED);
        assertThat(debit.balanceAfter()).isEqualTo(Money.ofMinor(237, "GBP"));
        assertThat(debit.bookedAt()).isEqualTo(Instant.parse("2024-01-14T11:45:00Z"));
        assertThat(debit.bookingDate()).isEqualTo(LocalDate.of(2024, 1, 14));
        assertThat(debit.counterparty().name()).isEqualTo("Amazon UK Ltd");
        assertThat(debit.counterparty().account()).isEqualTo(
                new AccountIdentifier(AccountIdentifier.SORT_CODE_ACCOUNT_NUMBER, "123456/87654321", "GB"));
        assertThat(debit.category()).isEqualTo("E-commerce");
        assertThat(debit.reference()).isEqualTo("INV-4321-A");
        Transaction credit = result.records().get(1);
        assertThat(credit.amount()).isEqualTo(Money.ofMinor(150000, "GBP"));
        assertThat(credit.direction()).isEqualTo(Direction.CREDIT);
        assertThat(credit.balanceAfter()).isEqualTo(Money.ofMinor(159236, "GBP"));
        assertThat(credit.counterparty().name()).isEqualTo("ABC Company Ltd");
        assertThat(credit.rawJson()).contains("\"amount\":1500.0,");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "DEBIT, -89.99, -8999",
        "DEBIT, 89.99, -8999",
        "CREDIT, -89.99, 8999",
        "CREDIT, 89.99, 8999",
        "debit, '\"89.99\"', -8999",
        "CREDIT, 1e2, 10000",
        "CREDIT, '\"1E+2\"', 10000",
        "DEBIT, 0, 0",
        "CREDIT, 1500, 150000"
    })
    void transactions_typeDecidesTheSignWhateverTheSignOfAmount(String type, String amount, long minor) {
        Transaction t = transactions(txn("t1", "\"" + type + "\"", amount, "\"GBP\"")).records().get(0);

        assertThat(t.amount()).isEqualTo(Money.ofMinor(minor, "GBP"));
        assertThat(t.direction().name()).isEqualToIgnoringCase(type);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"1000, JPY, -1000", "1.234, KWD, -1234", "0.125, BHD, -125", "1.2345, CLF, -12345",
        "12.5, UYW, -125000"})
    void transactions_currencyExponents_exactMinorUnits(String amount, String currency, long minor) {
        Transaction t = transactions(txn("t1", "\"DEBIT\"", amount, "\"" + currency + "\"")).records().get(0);

        assertThat(t.amount()).isEqualTo(Money.ofMinor(minor, currency));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown type | \"REFUND\" | 89.99 | \"GBP\" | type | unknown value 'REFUND' (expected CREDIT, DEBIT)",
        "missing type | null | 89.99 | \"GBP\" | type | missing",
        "three decimals in GBP | \"DEBIT\" | 0.001 | \"GBP\" | amount | 0.001 has more decimals than GBP allows (2)",
        "decimals in JPY | \"DEBIT\" | 1.5 | \"JPY\" | amount | more decimals than JPY allows (0)",
        "beyond long | \"CREDIT\" | 1e30 | \"GBP\" | amount | beyond the range",
        "long min | \"CREDIT\" | -92233720368547758.08 | \"GBP\" | amount | cannot negate the smallest long amount",
        "amount not a number | \"CREDIT\" | \"12,50\" | \"GBP\" | amount | not a decimal number",
        "missing amount | \"CREDIT\" | null | \"GBP\" | amount | missing",
        "unknown currency | \"CREDIT\" | 1 | \"XYZ\" | currency | unknown ISO 4217 currency 'XYZ'",
        "no minor unit | \"CREDIT\" | 1 | \"XAU\" | currency | no minor unit",
        "missing currency | \"CREDIT\" | 1 | null | currency | missing"
    })
    void transactions_badRecord_rejectedNamingTheField(String scenario, String type, String amount, String currency,
            String field, String reason) {
        Rejection r = onlyRejection(transactions(txn("t1", type, amount, currency)));

        assertThat(r.recordId()).isEqualTo("t1");
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.reason()).contains(reason);
    }

    @Test
    void transactions_unknownOrMissingStatus_rejected() {
        NormalizationResult<Transaction> result = transactions(
                "{\"id\":\"t1\",\"date\":\"2024-01-14T11:45:00Z\",\"type\":\"DEBIT\",\"amount\":1,\"currency\":\"GBP\","
                        + "\"status\":\"SETTLED\"}",
                "{\"id\":\"t2\",\"date\":\"2024-01-14T11:45:00Z\",\"type\":\"DEBIT\",\"amount\":1,"
                        + "\"currency\":\"GBP\"}",
                "{\"id\":\"t3\",\"date\":\"2024-01-14T11:45:00Z\",\"type\":\"DEBIT\",\"amount\":1,\"currency\":\"GBP\","
                        + "\"status\":\"PENDING\"}");

        assertThat(result.records()).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(TransactionStatus.PENDING));
        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field)
                .containsExactly(tuple("t1", "status"), tuple("t2", "status"));
        assertThat(result.rejections().get(0).reason()).isEqualTo("unknown value 'SETTLED' (expected BOOKED, PENDING)");
    }

    @Test
    void transactions_pageWithOneInexactAmount_goodOneNormalizesAndTheBadOneIsNamed() {
        NormalizationResult<Transaction> result = transactions(
                txn("txn_ok", "\"DEBIT\"", "12.5", "\"GBP\""),
                txn("txn_inexact", "\"CREDIT\"", "89.999", "\"GBP\""));

        assertThat(result.records()).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualTo(Money.ofMinor(-1250, "GBP")));
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.describe()).isEqualTo("atoa transactions record txn_inexact: field 'amount': "
                    + "89.999 has more decimals than GBP allows (2)");
            assertThat(r.rawJson()).contains("\"id\":\"txn_inexact\"").contains("89.999");
        });
    }

    @Test
    void transactions_dateWithOffset_bookedAtIsTheInstantAndBookingDateTheLocalDate() {
        Transaction t = transactions("{\"id\":\"t1\",\"date\":\"2024-06-14T00:30:00+01:00\",\"type\":\"DEBIT\","
                + "\"amount\":1,\"currency\":\"GBP\",\"status\":\"BOOKED\"}").records().get(0);

        assertThat(t.bookedAt()).isEqualTo(Instant.parse("2024-06-13T23:30:00Z"));
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2024, 6, 14));
    }

    @Test
    void transactions_missingOrZonelessDate_rejectedOnDate() {
        NormalizationResult<Transaction> result = transactions(
                "{\"id\":\"t1\",\"type\":\"DEBIT\",\"amount\":1,\"currency\":\"GBP\",\"status\":\"BOOKED\"}",
                "{\"id\":\"t2\",\"date\":\"2024-01-14T11:45:00\",\"type\":\"DEBIT\",\"amount\":1,\"currency\":\"GBP\","
                        + "\"status\":\"BOOKED\"}");

        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field)
                .containsExactly(tuple("t1", "date"), tuple("t2", "date"));
    }

    @Test
    void transactions_negativeBalanceAfter_isAnOverdraftKeptNegative() {
        Transaction t = transactions("{\"id\":\"t1\",\"date\":\"2024-01-14T11:45:00Z\",\"type\":\"DEBIT\","
                + "\"amount\":50,\"currency\":\"GBP\",\"status\":\"BOOKED\",\"balance\":{\"amount\":-47.63,"
                + "\"currency\":\"GBP\"}}").records().get(0);

        assertThat(t.balanceAfter()).isEqualTo(Money.ofMinor(-4763, "GBP"));
    }

    @Test
    void transactions_balanceWithoutAmount_rejectedOnBalanceAmount() {
        Rejection r = onlyRejection(transactions("{\"id\":\"t1\",\"date\":\"2024-01-14T11:45:00Z\",\"type\":\"DEBIT\","
                + "\"amount\":50,\"currency\":\"GBP\",\"status\":\"BOOKED\",\"balance\":{\"currency\":\"GBP\"}}"));

        assertThat(r.field()).isEqualTo("balance.amount");
    }

    @Test
    void transactions_counterpartyIsThePayeeOfADebitOnly() {
        Transaction t = transactions("{\"id\":\"t1\",\"date\":\"2024-01-14T11:45:00Z\",\"type\":\"DEBIT\","
                + "\"amount\":5,\"currency\":\"GBP\",\"status\":\"BOOKED\",\"merchantName\":\"Tesco\","
                + "\"payer\":{\"name\":\"Account holder\"}}").records().get(0);

        assertThat(t.counterparty()).isNull();
        assertThat(t.merchantName()).isEqualTo("Tesco");
    }

    @Test
    void transactions_noAccountInContext_everyRecordRejectedOnAccountId() {
        NormalizationResult<Transaction> result = normalizer.transactions(
                Fixtures.resource("fixtures/atoa/transactions.json"), context(null));

        assertThat(result.records()).isEmpty();
        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field)
                .containsExactly(tuple("txn_001", "accountId"), tuple("txn_002", "accountId"));
    }

    @Test
    void balance_currentBalance_snapshotAtFetchTimeForTheContextAccount() {
        NormalizationResult<BalanceSnapshot> result =
                normalizer.balances(Fixtures.resource("fixtures/atoa/balance.json"), context("acc_001"));

        BalanceSnapshot b = result.records().get(0);
        assertThat(b.amount()).isEqualTo(Money.ofMinor(10045, "GBP"));
        assertThat(b.type()).isEqualTo(BalanceType.CURRENT);
        assertThat(b.providerType()).isEqualTo("current");
        assertThat(b.asOf()).isEqualTo(Fixtures.FETCHED_AT);
        assertThat(b.providerBalanceId()).isNull();
        assertThat(b.creditLimitMeaning()).isEqualTo(CreditLimitMeaning.NOT_APPLICABLE);
        assertThat(b.canonicalId()).isEqualTo("atoa:acc_001:balance:current:2025-02-01T08:00:00Z");
        assertThat(b.rawJson()).isEqualTo("{\"balance\":100.45,\"currency\":\"GBP\"}");
    }

    @Test
    void balance_overdraft_isNegative() {
        BalanceSnapshot b = normalizer.balances(json("{\"balance\":-250.75,\"currency\":\"GBP\"}"), context("a"))
                .records().get(0);

        assertThat(b.amount()).isEqualTo(Money.ofMinor(-25075, "GBP"));
    }

    @Test
    void balance_currencyOnly_rejectedOnBalance() {
        Rejection r = onlyRejection(normalizer.balances(json("{\"currency\":\"GBP\"}"), context("acc_001")));

        assertThat(r.recordId()).isEqualTo("#0");
        assertThat(r.field()).isEqualTo("balance");
        assertThat(r.reason()).isEqualTo("missing");
        assertThat(r.rawJson()).isEqualTo("{\"currency\":\"GBP\"}");
    }

    @Test
    void balance_noAccountInContext_rejectedOnAccountId() {
        Rejection r = onlyRejection(normalizer.balances(json("{\"balance\":1,\"currency\":\"GBP\"}"), context(null)));

        assertThat(r.field()).isEqualTo("accountId");
    }

    @Test
    void accounts_bareArray_sortCodeAndNumberAreOneIdentifierAndCurrencyDefaultsToGbp() {
        NormalizationResult<Account> result = normalizer.accounts(json("""
                [{"accountId":"acc_001","bankName":"mock-sandbox-v1","accountNumber":"87654321","sortCode":"04-00-04",
                  "currency":"EUR"},
                 {"accountId":"acc_002","bankName":"mock-sandbox-v1","accountNumber":"11223344"},
                 {"bankName":"no id","accountNumber":"1","sortCode":"2"}]"""), context(null));

        assertThat(result.records()).extracting(Account::canonicalId, Account::currency)
                .containsExactly(tuple("atoa:acc_001", "EUR"), tuple("atoa:acc_002", "GBP"));
        assertThat(result.records().get(0).identifiers()).containsExactly(
                new AccountIdentifier(AccountIdentifier.SORT_CODE_ACCOUNT_NUMBER, "040004/87654321", "GB"));
        assertThat(result.records().get(1).identifiers()).isEmpty();
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.recordId()).isEqualTo("#2");
            assertThat(r.field()).isEqualTo("accountId");
        });
    }

    @Test
    void accounts_singleDetailsObject_isOneAccount() {
        NormalizationResult<Account> result =
                normalizer.accounts(Fixtures.resource("fixtures/atoa/account-details.json"), context(null));

        assertThat(result.records()).singleElement().satisfies(a -> {
            assertThat(a.providerAccountId()).isEqualTo("acc_001");
            assertThat(a.bankName()).isEqualTo("mock-sandbox-v1");
            assertThat(a.rawJson()).contains("87654321");
            assertThat(a.toString()).doesNotContain("87654321").contains("atoa:acc_001");
        });
    }

    @Test
    void toString_ofRecordsAndRejections_neverShowsAFullAccountNumber() {
        NormalizationResult<Transaction> result = normalizer.transactions(json("""
                {"data":[
                  {"id":"t1","date":"2024-01-14T11:45:00Z","type":"DEBIT","amount":1,"currency":"GBP","status":"BOOKED",
                   "payee":{"name":"P","accountDetails":{"sortCode":"123456","accountNumber":"87654321"}}},
                  {"id":"t2","date":"2024-01-14T11:45:00Z","type":"REFUND","amount":1,"currency":"GBP",
                   "status":"BOOKED",
                   "payee":{"name":"P","accountDetails":{"sortCode":"123456","accountNumber":"87654321"}}}
                ]}"""), context("acc_001"));

        assertThat(result.records().get(0).rawJson()).contains("87654321");
        assertThat(result.rejections().get(0).rawJson()).contains("87654321");
        assertThat(result.toString()).doesNotContain("87654321").contains("atoa:acc_001:t1").contains("record t2");
    }

    @Test
    void malformedBodies_throwOneLineMalformedBodyException() {
        assertThatThrownBy(() -> normalizer.transactions(json("[]"), context("a")))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atoa transactions body is not a JSON object (it is array)");
        assertThatThrownBy(() -> normalizer.transactions(json("{\"items\":[]}"), context("a")))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atoa transactions body has no 'data' array");
        assertThatThrownBy(() -> normalizer.balances(json("[{\"balance\":1}]"), context("a")))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atoa balances body is not a JSON object (it is array)");
        assertThatThrownBy(() -> normalizer.accounts(json("\"acc_001\""), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atoa accounts body is neither an array of accounts nor an account object");
    }
}
