package dev.bankfeed.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Currencies;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.testing.Providers;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The benchmark's pages are what each provider sends: its envelope, its amount form, exact decimals. */
class TransactionPagesTest {

    private static JsonNode page(Provider provider) throws Exception {
        return BankJson.mapper().readTree(TransactionPages.page(provider, NormalizeBenchmark.PAGE_SIZE, 7L));
    }

    @ParameterizedTest
    @MethodSource("dev.bankfeed.benchmarks.BenchmarksMainTest#shapes")
    void page_sameSeed_givesTheSameBytesAndAnotherSeedOthers(Provider provider) {
        assertThat(TransactionPages.page(provider, 20, 1L)).isEqualTo(TransactionPages.page(provider, 20, 1L))
                .isNotEqualTo(TransactionPages.page(provider, 20, 2L));
    }

    @Test
    void page_atlar_isAnItemsEnvelopeWithMinorValuesMatchingTheirStringValues() throws Exception {
        JsonNode body = page(Providers.ATLAR);

        assertThat(body.get("nextToken").asText()).isNotEmpty();
        assertThat(body.get("items")).hasSize(NormalizeBenchmark.PAGE_SIZE).allSatisfy(item -> {
            JsonNode amount = item.get("amount");
            assertThat(amount.get("value").isIntegralNumber()).isTrue();
            Money parsed = Money.parse(amount.get("stringValue").asText(), amount.get("currency").asText());
            assertThat(parsed.minor()).isEqualTo(amount.get("value").asLong());
            assertThat(item.get("accountId").asText()).isEqualTo(TransactionPages.ACCOUNT_ID);
            assertThat(item.get("counterparty").get("name").asText()).isNotBlank();
        });
        assertThat(currencies(body.get("items"), "amount", "currency")).contains("JPY", "KWD", "EUR", "GBP");
    }

    @Test
    void page_atoa_isADataEnvelopeWithPositiveDecimalsAndTheSignInType() throws Exception {
        JsonNode body = page(Providers.ATOA);

        assertThat(body.get("page").asInt()).isZero();
        assertThat(body.get("itemsPerPage").asInt()).isEqualTo(NormalizeBenchmark.PAGE_SIZE);
        assertThat(body.get("data")).hasSize(NormalizeBenchmark.PAGE_SIZE).allSatisfy(item -> {
            assertThat(item.get("amount").isNumber()).isTrue();
            BigDecimal amount = item.get("amount").decimalValue();
            assertThat(amount.signum()).isPositive();
            assertThat(amount.scale()).isLessThanOrEqualTo(Currencies.requireExponent(item.get("currency").asText()));
            assertThat(item.get("type").asText()).isIn("DEBIT", "CREDIT");
            assertThat(item.has(item.get("type").asText().equals("DEBIT") ? "payee" : "payer")).isTrue();
        });
        assertThat(currencies(body.get("data"), "currency")).contains("JPY", "KWD");
    }

    @Test
    void page_finqware_isATransactionsEnvelopeWithStringAmountsAndMoreToCome() throws Exception {
        JsonNode body = page(Providers.FINQWARE);

        assertThat(body.get("pagination").get("more?").asBoolean()).isTrue();
        assertThat(body.get("transactions")).hasSize(NormalizeBenchmark.PAGE_SIZE).allSatisfy(item -> {
            assertThat(item.get("amount").isTextual()).isTrue();
            Money amount = Money.parse(item.get("amount").asText(), item.get("currency").asText());
            assertThat(amount.minor()).isPositive();
            assertThat(item.get("credit_debit_indicator").asText()).isIn("debit", "credit");
            assertThat(item.get("utx_id").asText()).isNotBlank();
            assertThat(item.get("keyset").asText()).isNotBlank();
        });
        assertThat(currencies(body.get("transactions"), "currency")).contains("JPY", "KWD");
    }

    private static Set<String> currencies(JsonNode items, String... path) {
        Set<String> out = new HashSet<>();
        StreamSupport.stream(items.spliterator(), false).forEach(item -> {
            JsonNode n = item;
            for (String field : path) {
                n = n.get(field);
            }
            out.add(n.asText());
        });
        return out;
    }
}
