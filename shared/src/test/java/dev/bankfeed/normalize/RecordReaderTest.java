package dev.bankfeed.normalize;

import static dev.bankfeed.normalize.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.model.RecordKind;

class RecordReaderTest {

    private static RecordReader reader(String json) {
        return new RecordReader(Providers.ATLAR, RecordKind.TRANSACTIONS, "t1", json(json));
    }

    private static Rejection rejection(Runnable read) {
        try {
            read.run();
        } catch (RecordRejectedException e) {
            return e.rejection();
        }
        throw new AssertionError("expected a rejection");
    }

    @Test
    void nestedObject_rejection_namesTheDottedPath() {
        RecordReader amount = reader("{\"amount\":{\"counterparty\":{\"name\":{}}}}").requireObject("amount");

        Rejection r = rejection(() -> amount.requireObject("counterparty").text("name"));

        assertThat(r.field()).isEqualTo("amount.counterparty.name");
        assertThat(r.recordId()).isEqualTo("t1");
        assertThat(r.reason()).isEqualTo("must be a text value, not object");
    }

    @Test
    void objects_arrayItems_carryTheirIndexInThePath() {
        RecordReader second = reader("{\"ids\":[{\"n\":\"a\"},{}]}").objects("ids").get(1);

        assertThat(rejection(() -> second.requireText("n")).field()).isEqualTo("ids[1].n");
    }

    @Test
    void absentAndNull_areTheSame() {
        RecordReader r = reader("{\"a\":null}");

        assertThat(r.text("a")).isNull();
        assertThat(r.has("a")).isFalse();
        assertThat(r.object("a")).isNull();
        assertThat(r.objects("a")).isEmpty();
        assertThat(r.bool("a")).isNull();
        assertThat(r.moment("a")).isNull();
        assertThat(rejection(() -> r.requireText("a")).reason()).isEqualTo("missing");
        assertThat(rejection(() -> r.requireText("b")).reason()).isEqualTo("missing");
        assertThat(rejection(() -> reader("{\"a\":\" \"}").requireText("a")).reason()).isEqualTo("empty");
    }

    @Test
    void requireEnum_ignoresCaseAndRejectsUnknownValuesListingTheExpectedOnes() {
        assertThat(reader("{\"t\":\"debit\"}").requireEnum("t", Direction.class)).isEqualTo(Direction.DEBIT);

        Rejection r = rejection(() -> reader("{\"t\":\"REFUND\"}").requireEnum("t", Direction.class));

        assertThat(r.reason()).isEqualTo("unknown value 'REFUND' (expected CREDIT, DEBIT)");
    }

    @Test
    void quote_longValue_isCutShort() {
        assertThat(RecordReader.quote("x".repeat(1000))).hasSize(40 + 5).endsWith("...'");
    }

    @Test
    void bool_stringTrue_isNotABoolean() {
        assertThat(reader("{\"b\":true}").bool("b")).isTrue();
        assertThat(rejection(() -> reader("{\"b\":\"true\"}").bool("b")).reason())
                .isEqualTo("must be true or false, not string");
    }

    @Test
    void opaque_keepsScalarsAsTextAndContainersAsCompactJson() {
        RecordReader r = reader("{\"s\":\"k1\",\"n\":12,\"a\":[ \"2025-01-30\", 7 ]}");

        assertThat(r.opaque("s")).isEqualTo("k1");
        assertThat(r.opaque("n")).isEqualTo("12");
        assertThat(r.opaque("a")).isEqualTo("[\"2025-01-30\",7]");
    }

    @Test
    void moment_dateOrDateTime_givesTheLocalDateOfItsOffsetAndTheInstant() {
        RecordReader r = reader(
                "{\"d\":\"2024-06-14\",\"t\":\"2024-06-14T00:30:00+01:00\",\"z\":\"2024-06-14T00:30:00\"}");

        assertThat(r.moment("d")).isEqualTo(new RecordReader.Moment(LocalDate.of(2024, 6, 14), null));
        assertThat(r.moment("t")).isEqualTo(
                new RecordReader.Moment(LocalDate.of(2024, 6, 14), Instant.parse("2024-06-13T23:30:00Z")));
        assertThat(rejection(() -> r.instant("d")).reason())
                .isEqualTo("'2024-06-14' is not an ISO date-time with offset");
        assertThat(rejection(() -> r.moment("z")).field()).isEqualTo("z");
    }

    @Test
    void major_numberOrString_exactAndRejectsOtherTypes() {
        RecordReader r = reader("{\"n\":89.99,\"s\":\" 89.99 \",\"e\":1e2,\"b\":true,\"i\":7}");

        assertThat(r.major("n", "GBP")).isEqualTo(Money.ofMinor(8999, "GBP"));
        assertThat(r.major("s", "GBP")).isEqualTo(Money.ofMinor(8999, "GBP"));
        assertThat(r.major("e", "GBP")).isEqualTo(Money.ofMinor(10000, "GBP"));
        assertThat(r.major("i", "JPY")).isEqualTo(Money.ofMinor(7, "JPY"));
        assertThat(rejection(() -> r.major("b", "GBP")).reason())
                .isEqualTo("must be a decimal number or string, not boolean");
    }

    @Test
    void major_doubleNodeFromAnotherMapper_isReadFromItsTextNotItsBinaryValue() {
        RecordReader r = new RecordReader(Providers.ATOA, RecordKind.TRANSACTIONS, "t1",
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("a", 0.1 + 0.2 - 0.2));

        // 0.1 + 0.2 - 0.2 is 0.10000000000000003 as a double: its exact text has too many decimals.
        assertThat(rejection(() -> r.major("a", "GBP")).reason()).contains("more decimals");
    }

    @Test
    void currency_unknownOrWithoutMinorUnit_rejected() {
        assertThat(reader("{\"c\":\"KWD\"}").currency("c")).isEqualTo("KWD");
        assertThat(rejection(() -> reader("{\"c\":\"XAU\"}").currency("c")).reason())
                .isEqualTo("ISO 4217 currency 'XAU' has no minor unit");
        assertThat(rejection(() -> reader("{\"c\":\"gbp\"}").currency("c")).reason())
                .isEqualTo("unknown ISO 4217 currency 'gbp'");
        assertThat(reader("{\"c\":\"XAU\"}").knownCurrency("c")).isEqualTo("XAU");
    }

    @Test
    void requireTextOr_prefersTheRecordsOwnValue() {
        assertThat(reader("{\"a\":\"own\"}").requireTextOr("a", "ctx", "context")).isEqualTo("own");
        assertThat(reader("{}").requireTextOr("a", "ctx", "context")).isEqualTo("ctx");
        assertThat(rejection(() -> reader("{}").requireTextOr("a", null, "account id in the context")).reason())
                .isEqualTo("missing, and no account id in the context");
    }

    @Test
    void rejection_exceptionMessage_isOneLineWithoutTheRawRecord() {
        assertThatThrownBy(() -> reader("{\"accountNumber\":\"12345678\"}").requireText("id"))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessage("atlar transactions record t1: field 'id': missing");
    }
}
