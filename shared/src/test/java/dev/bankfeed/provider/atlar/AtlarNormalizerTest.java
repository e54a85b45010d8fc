package dev.bankfeed.provider.atlar;

import static dev.bankfeed.normalize.Fixtures.context;
import static dev.bankfeed.normalize.Fixtures.json;
import static dev.bankfeed.normalize.Fixtures.onlyRejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.bankfeed.model.RecordKind;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AtlarNormalizerTest {

    private final AtlarNormalizer normalizer = new AtlarNormalizer();

    /** One transactions page holding the given items. */
    private NormalizationResult<Transaction> transactions(String... items) {
        return normalizer.transactions(json("{\"items\":[" + String.join(",", items) + "],\"nextToken\":\"\"}"),
                context(null));
    }

    /** A transaction item with the given amount object. */
    private static String txn(String id, String amount) {
        return "{\"id\":\"" + id + "\",\"accountId\":\"a1\",\"amount\":" + amount + ",\"date\":\"2024-11-21\"}";
    }

    @Test
    void balances_realNokPayload_exactAmountTypeAndNanosecondTimestamp() {
        NormalizationResult<BalanceSnapshot> result =
                normalizer.balances(Fixtures.resource("fixtures/atlar/balances.json"), context(null));

        assertThat(result.rejections()).isEmpty();
        BalanceSnapshot b = result.records().get(0);
        assertThat(b.amount()).isEqualTo(Money.ofMinor(232890787, "NOK"));
        assertThat(b.amount().toDecimalString()).isEqualTo("2328907.87");
        assertThat(b.type()).isEqualTo(BalanceType.BOOKED_ADJUSTED);
        assertThat(b.providerType()).isEqualTo("BOOKED_ADJUSTED");
        assertThat(b.reportedType()).isEqualTo("CLOSE");
        assertThat(b.localDate()).isEqualTo(LocalDate.of(2024, 11, 21));
        assertThat(b.asOf()).isEqualTo(Instant.parse("2024-11-21T22:59:59.999999999Z"));
        assertThat(b.asOf().getNano()).isEqualTo(999_999_999);
        assertThat(b.providerBalanceId()).startsWith("93442f0c");
        assertThat(b.creditLimitMeaning()).isEqualTo(CreditLimitMeaning.NOT_APPLICABLE);
        assertThat(b.canonicalId()).isEqualTo(BalanceSnapshot.canonicalId(Providers.ATLAR,
                "0aa6f179-5f2c-4b8e-9d3a-2c1e7b9f4a10", "BOOKED_ADJUSTED", b.asOf()));
        assertThat(result.records()).extracting(BalanceSnapshot::type)
                .containsExactly(BalanceType.BOOKED_ADJUSTED, BalanceType.BOOKED, BalanceType.AVAILABLE);
    }

    @Test
    void balances_unknownType_isOtherWithProviderTypeKept() {
        NormalizationResult<BalanceSnapshot> result = normalizer.balances(json("""
                {"items":[{"id":"b1","accountId":"a1","amount":{"currency":"EUR","value":-500},
                  "localDate":"2024-11-21","type":"INTERIM_ADJUSTED"}],"nextToken":""}"""), context(null));

        BalanceSnapshot b = result.records().get(0);
        assertThat(b.type()).isEqualTo(BalanceType.OTHER);
        assertThat(b.providerType()).isEqualTo("INTERIM_ADJUSTED");
        assertThat(b.amount()).isEqualTo(Money.ofMinor(-500, "EUR"));
    }

    @Test
    void balances_noTimestamp_asOfIsTheLocalDateAtStartOfDayUtc() {
        NormalizationResult<BalanceSnapshot> result = normalizer.balances(json("""
                {"items":[{"id":"b1","accountId":"a1","amount":{"currency":"EUR","stringValue":"-12.30"},
                  "localDate":"2024-11-21","type":"BOOKED"}],"nextToken":""}"""), context(null));

        BalanceSnapshot b = result.records().get(0);
        assertThat(b.asOf()).isEqualTo(Instant.parse("2024-11-21T00:00:00Z"));
        assertThat(b.canonicalId()).isEqualTo("atlar:a1:balance:BOOKED:2024-11-21T00:00:00Z");
        assertThat(b.amount()).isEqualTo(Money.ofMinor(-1230, "EUR"));
    }

    @Test
    void balances_neitherTimestampNorLocalDate_rejectedOnTimestamp() {
        Rejection r = onlyRejection(normalizer.balances(json("""
                {"items":[{"id":"b1","accountId":"a1","amount":{"currency":"EUR","value":1},"type":"BOOKED"}],
                 "nextToken":""}"""), context(null)));

        assertThat(r.recordId()).isEqualTo("b1");
        assertThat(r.field()).isEqualTo("timestamp");
    }

    @Test
    void balances_timestampWithOffset_isConvertedToUtcInstant() {
        NormalizationResult<BalanceSnapshot> result = normalizer.balances(json("""
                {"items":[{"id":"b1","accountId":"a1","amount":{"currency":"EUR","value":1},"type":"BOOKED",
                  "timestamp":"2024-11-21T23:59:59.5+01:00"}],"nextToken":""}"""), context(null));

        assertThat(result.records().get(0).asOf()).isEqualTo(Instant.parse("2024-11-21T22:59:59.500Z"));
    }

    @Test
    void balances_noAccountIdInRecord_takesTheContextsAndRejectsWithoutIt() {
        String body = """
                {"items":[{"id":"b1","amount":{"currency":"EUR","value":1},"type":"BOOKED","localDate":"2024-11-21"}],
                 "nextToken":""}""";

        assertThat(normalizer.balances(json(body), context("ctx-acc")).records().get(0).providerAccountId())
                .isEqualTo("ctx-acc");
        assertThat(onlyRejection(normalizer.balances(json(body), context(null))).field()).isEqualTo("accountId");
    }

    @ParameterizedTest(name = "{0} value {1} stringValue {2}")
    @CsvSource({
        "JPY, 1000, 1000, 1000, 1000",
        "JPY, -1500, -1500, -1500, -1500",
        "KWD, 1234, 1.234, 1234, 1.234",
        "BHD, -500, -0.500, -500, -0.500",
        "JOD, 1, 0.001, 1, 0.001",
        "CLF, 12345, 1.2345, 12345, 1.2345",
        "UYW, -1, -0.0001, -1, -0.0001",
        "EUR, 125000, 1250.00, 125000, 1250.00",
        "EUR, 125000, 1250, 125000, 1250.00",
        "EUR, 125000, 1250.0000, 125000, 1250.00"
    })
    void transactions_valueAndStringValueInEachExponent_areExact(String currency, String value, String stringValue,
            long expectedMinor, String expectedDecimal) {
        NormalizationResult<Transaction> result = transactions(txn("t1",
                "{\"currency\":\"" + currency + "\",\"value\":" + value + ",\"stringValue\":\"" + stringValue + "\"}"));

        assertThat(result.rejections()).isEmpty();
        Transaction t = result.records().get(0);
        assertThat(t.amount().minor()).isEqualTo(expectedMinor);
        assertThat(t.amount().currency()).isEqualTo(currency);
        assertThat(t.amount().toDecimalString()).isEqualTo(expectedDecimal);
        assertThat(t.direction()).isEqualTo(expectedMinor < 0 ? Direction.DEBIT : Direction.CREDIT);
    }

    @Test
    void transactions_signedAmount_decidesDirectionAndStatusIsBooked() {
        NormalizationResult<Transaction> result = normalizer.transactions(
                Fixtures.resource("fixtures/atlar/transactions.json"), context(null));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).extracting(t -> t.amount().minor()).containsExactly(-1250050L, 4999900L, 0L,
                -3500L);
        assertThat(result.records()).extracting(Transaction::direction)
                .containsExactly(Direction.DEBIT, Direction.CREDIT, Direction.CREDIT, Direction.DEBIT);
        assertThat(result.records()).extracting(Transaction::status).containsOnly(TransactionStatus.BOOKED);
        Transaction first = result.records().get(0);
        assertThat(first.canonicalId())
                .isEqualTo("atlar:0aa6f179-5f2c-4b8e-9d3a-2c1e7b9f4a10:b1f0c3a2-6d4e-4f8a-9b7c-1e2d3f4a5b6c");
        assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2024, 11, 21));
        assertThat(first.valueDate()).isEqualTo(LocalDate.of(2024, 11, 22));
        assertThat(first.counterparty().name()).isEqualTo("Nordic Parts AS");
        assertThat(first.counterparty().account()).isEqualTo(new AccountIdentifier("IBAN", "NO8330001234567", null));
    }

    @Test
    void transactions_rawJson_isTheCompactItemAsReceived() {
        String item = "{\"id\":\"t1\",\"accountId\":\"a1\",\"amount\":{\"currency\":\"NOK\",\"value\":-1,"
                + "\"stringValue\":\"-0.01\"},\"date\":\"2024-11-21\",\"unknownField\":{\"x\":[1,2.50]}}";

        Transaction t = transactions(item).records().get(0);

        assertThat(t.rawJson()).isEqualTo(item);
    }

    @Test
    void transactions_stringValueDisagreesWithValue_rejectedOnStringValue() {
        Rejection r = onlyRejection(transactions(
                txn("t1", "{\"currency\":\"NOK\",\"value\":232890787,\"stringValue\":\"2328907.88\"}")));

        assertThat(r.provider()).isEqualTo(Providers.ATLAR);
        assertThat(r.kind()).isEqualTo(RecordKind.TRANSACTIONS);
        assertThat(r.recordId()).isEqualTo("t1");
        assertThat(r.field()).isEqualTo("amount.stringValue");
        assertThat(r.reason()).contains("'2328907.88'").contains("disagrees with value 232890787");
    }

    @Test
    void transactions_stringValueInOtherExponent_rejectedAsDisagreeing() {
        // 12.345 KWD is 12345 minor units; a value of 1234 reads the string as if KWD had two decimals.
        Rejection r = onlyRejection(transactions(
                txn("t1", "{\"currency\":\"KWD\",\"value\":1234,\"stringValue\":\"12.345\"}")));

        assertThat(r.field()).isEqualTo("amount.stringValue");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "value beyond long | {\"currency\":\"EUR\",\"value\":9223372036854775808} | amount.value | beyond",
        "value below long | {\"currency\":\"EUR\",\"value\":-9223372036854775809} | amount.value | beyond",
        "value fraction | {\"currency\":\"EUR\",\"value\":12.5} | amount.value | whole number",
        "value as string | {\"currency\":\"EUR\",\"value\":\"100\"} | amount.value | JSON number",
        "stringValue beyond long | {\"currency\":\"EUR\",\"stringValue\":\"92233720368547758.08\"} "
                + "| amount.stringValue | beyond",
        "stringValue three decimals in GBP | {\"currency\":\"GBP\",\"stringValue\":\"0.001\"} "
                + "| amount.stringValue | more decimals than GBP allows (2)",
        "stringValue decimals in JPY | {\"currency\":\"JPY\",\"value\":2,\"stringValue\":\"1.5\"} "
                + "| amount.stringValue | more decimals than JPY allows (0)",
        "stringValue not a number | {\"currency\":\"EUR\",\"stringValue\":\"12,50\"} | amount.stringValue "
                + "| not a decimal number",
        "neither value nor stringValue | {\"currency\":\"EUR\"} | amount.value | missing",
        "unknown currency | {\"currency\":\"ABC\",\"value\":1} | amount.currency | unknown ISO 4217 currency 'ABC'",
        "currency without minor unit | {\"currency\":\"XAU\",\"value\":1} | amount.currency | no minor unit",
        "missing currency | {\"value\":1} | amount.currency | missing",
        "amount not an object | 100 | amount | must be an object"
    })
    void transactions_badAmount_rejectedNamingTheField(String scenario, String amount, String field, String reason) {
        Rejection r = onlyRejection(transactions(txn("t1", amount)));

        assertThat(r.recordId()).isEqualTo("t1");
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.reason()).contains(reason);
    }

    @Test
    void transactions_valueAsFloatText_isAcceptedWhenIntegral() {
        Transaction t = transactions(txn("t1", "{\"currency\":\"EUR\",\"value\":1e2,\"stringValue\":\"1.00\"}"))
                .records().get(0);

        assertThat(t.amount()).isEqualTo(Money.ofMinor(100, "EUR"));
    }

    @Test
    void transactions_missingOrBadDate_rejectedOnDate() {
        NormalizationResult<Transaction> result = transactions(
                "{\"id\":\"t1\",\"accountId\":\"a1\",\"amount\":{\"currency\":\"EUR\",\"value\":1}}",
                "{\"id\":\"t2\",\"accountId\":\"a1\",\"amount\":{\"currency\":\"EUR\",\"value\":1},"
                        + "\"date\":\"2024-02-30\"}");

        assertThat(result.records()).isEmpty();
        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t1", "date"),
                        org.assertj.core.groups.Tuple.tuple("t2", "date"));
        assertThat(result.rejections().get(1).reason()).contains("'2024-02-30' is not an ISO date");
    }

    @Test
    void transactions_oneBadRecordAmongGood_goodOnesNormalizeAndTheBadOneIsNamed() {
        String bad = txn("t-bad", "{\"currency\":\"GBP\",\"value\":1,\"stringValue\":\"0.001\"}");
        NormalizationResult<Transaction> result = transactions(
                txn("t1", "{\"currency\":\"GBP\",\"value\":-899}"),
                bad,
                "42",
                "{\"accountId\":\"a1\",\"amount\":{\"currency\":\"GBP\",\"value\":1},\"date\":\"2024-11-21\"}",
                txn("t5", "{\"currency\":\"GBP\",\"stringValue\":\"8.99\"}"));

        assertThat(result.records()).extracting(Transaction::providerTransactionId).containsExactly("t1", "t5");
        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple("t-bad", "amount.stringValue"),
                org.assertj.core.groups.Tuple.tuple("#2", "record"),
                org.assertj.core.groups.Tuple.tuple("#3", "id"));
        Rejection first = result.rejections().get(0);
        assertThat(first.reason()).isEqualTo("0.001 has more decimals than GBP allows (2)");
        assertThat(first.rawJson()).isEqualTo(bad);
        assertThat(first.describe())
                .isEqualTo("atlar transactions record t-bad: field 'amount.stringValue': "
                        + "0.001 has more decimals than GBP allows (2)");
        assertThat(result.rejections().get(1).rawJson()).isEqualTo("42");
    }

    @Test
    void accounts_contractShape_mapsIdentifiersRoutingAndCanonicalId() {
        NormalizationResult<Account> result =
                normalizer.accounts(Fixtures.resource("fixtures/atlar/accounts.json"), context(null));

        assertThat(result.rejections()).isEmpty();
        Account a = result.records().get(0);
        assertThat(a.canonicalId()).isEqualTo("atlar:0aa6f179-5f2c-4b8e-9d3a-2c1e7b9f4a10");
        assertThat(a.bic()).isEqualTo("ATLRNOKKXXX");
        assertThat(a.identifiers()).containsExactly(new AccountIdentifier("IBAN", "NO9386011117947", "NO"),
                new AccountIdentifier("BBAN", "86011117947", "NO"));
        assertThat(a.currency()).isEqualTo("NOK");
        assertThat(a.alias()).isEqualTo("NOK ops");
    }

    @Test
    void accounts_identifierWithoutNumber_isSkippedAndUnknownCurrencyRejected() {
        NormalizationResult<Account> result = normalizer.accounts(json("""
                {"items":[
                  {"id":"a1","currency":"EUR","identifiers":[{"type":"IBAN","market":"DE"},
                     {"type":"BBAN","number":"123"}],"routing":[{"type":"CLEARING","number":"9"},
                     {"type":"BIC","number":"ATLRSESSXXX"}]},
                  {"id":"a2","currency":"EURO"}
                ],"nextToken":""}"""), context(null));

        assertThat(result.records()).singleElement().satisfies(a -> {
            assertThat(a.identifiers()).containsExactly(new AccountIdentifier("BBAN", "123", null));
            assertThat(a.bic()).isEqualTo("ATLRSESSXXX");
        });
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.recordId()).isEqualTo("a2");
            assertThat(r.field()).isEqualTo("currency");
        });
    }

    @Test
    void accounts_identifiersNotAnArrayOfObjects_rejectedWithIndexedPath() {
        Rejection r = onlyRejection(normalizer.accounts(json("""
                {"items":[{"id":"a1","identifiers":[{"type":"IBAN","number":"X"},"DE77"]}],"nextToken":""}"""),
                context(null)));

        assertThat(r.field()).isEqualTo("identifiers[1]");
    }

    @Test
    void everyKind_bodyWithoutItemsArray_throwsMalformedBodyWithOneLine() {
        assertThatThrownBy(() -> normalizer.transactions(json("{\"data\":[],\"totalCount\":0}"), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atlar transactions body has no 'items' array");
        assertThatThrownBy(() -> normalizer.balances(json("{\"items\":{}}"), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atlar balances body has no 'items' array (it is object)");
        assertThatThrownBy(() -> normalizer.accounts(json("[]"), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atlar accounts body is not a JSON object (it is array)");
        assertThatThrownBy(() -> normalizer.accounts(null, context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("atlar accounts body is empty");
    }

    /** A body of the pending list as the client hands it on: marked by the client, items as Atlar sent them. */
    private NormalizationResult<Transaction> pendingTransactions(String... items) {
        return normalizer.transactions(json("{\"items\":[" + String.join(",", items)
                + "],\"nextToken\":\"\",\"bankfeedListedAs\":\"PENDING\"}"), context(null));
    }

    @Test
    void pendingTransactions_markedBody_arePendingWithTheSameSignRuleAndExactAmounts() {
        NormalizationResult<Transaction> result = pendingTransactions(
                txn("p1", "{\"currency\":\"KWD\",\"value\":-12345,\"stringValue\":\"-12.345\"}"),
                txn("p2", "{\"currency\":\"JPY\",\"value\":1500}"));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).extracting(Transaction::status).containsOnly(TransactionStatus.PENDING);
        assertThat(result.records()).extracting(Transaction::amount)
                .containsExactly(Money.ofMinor(-12345, "KWD"), Money.ofMinor(1500, "JPY"));
        assertThat(result.records()).extracting(Transaction::direction)
                .containsExactly(Direction.DEBIT, Direction.CREDIT);
        assertThat(result.records().get(0).canonicalId()).isEqualTo("atlar:a1:p1");
    }

    @Test
    void pendingTransactions_withoutDate_areKeptUndated_whileABookedOneIsRejected() {
        String undated = "{\"id\":\"t1\",\"accountId\":\"a1\",\"amount\":{\"currency\":\"EUR\",\"value\":-1}}";

        Transaction pending = pendingTransactions(undated).records().get(0);
        Rejection booked = onlyRejection(transactions(undated));

        assertThat(pending.bookingDate()).isNull();
        assertThat(pending.status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(booked.field()).isEqualTo("date");
        assertThat(booked.reason()).contains("missing on a booked transaction");
    }

    @Test
    void transactions_explicitBookedMark_isBooked_andAnUnknownMark_makesTheBodyMalformed() {
        String item = txn("t1", "{\"currency\":\"EUR\",\"value\":1}");

        assertThat(normalizer.transactions(json("{\"items\":[" + item + "],\"nextToken\":\"\","
                + "\"bankfeedListedAs\":\"BOOKED\"}"), context(null)).records())
                .extracting(Transaction::status).containsExactly(TransactionStatus.BOOKED);
        assertThatThrownBy(() -> normalizer.transactions(json("{\"items\":[" + item + "],\"nextToken\":\"\","
                + "\"bankfeedListedAs\":\"pending\"}"), context(null)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("'bankfeedListedAs' \"pending\"");
        assertThatThrownBy(() -> normalizer.transactions(json("{\"items\":[" + item + "],\"nextToken\":\"\","
                + "\"bankfeedListedAs\":true}"), context(null)))
                .isInstanceOf(MalformedBodyException.class);
    }
}
