package dev.bankfeed.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bankfeed normalize} over the real normalizers ({@code Normalizers.forProvider}) and the providers'
 * own documented examples: the seed examples must come out exact to the minor unit.
 */
class NormalizeSeedExamplesTest {

    private static final String FETCHED_AT = "2025-02-01T08:00:00Z";

    private static Run normalize(String resource, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--fetched-at", FETCHED_AT));
        return Run.of(new NormalizeCommand(), all, Run.resource(resource));
    }

    @Test
    void normalize_atoaSeed002_givesTwoExactSignedTransactionsAndExitsZero() {
        Run run = normalize("atoa-transactions-seed-002.json",
                "--provider", "atoa", "--kind", "transactions", "--account", "acc_001");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0))
                .startsWith("{\"recordType\":\"transaction\",")
                .contains("\"amount\":{\"minor\":-8999,\"currency\":\"GBP\",\"decimal\":\"-89.99\"}");
        assertThat(run.lines().get(1))
                .contains("\"amount\":{\"minor\":150000,\"currency\":\"GBP\",\"decimal\":\"1500.00\"}");
        JsonNode debit = run.records().get(0);
        JsonNode credit = run.records().get(1);
        assertThat(debit.get("provider").asText()).isEqualTo("atoa");
        assertThat(debit.get("providerAccountId").asText()).isEqualTo("acc_001");
        assertThat(debit.get("providerTransactionId").asText()).isEqualTo("txn_001");
        assertThat(debit.get("direction").asText()).isEqualTo("DEBIT");
        assertThat(debit.get("status").asText()).isEqualTo("BOOKED");
        assertThat(debit.get("reference").asText()).isEqualTo("INV-4321-A");
        assertThat(debit.get("counterparty").get("name").asText()).isEqualTo("Amazon UK Ltd");
        assertThat(credit.get("providerTransactionId").asText()).isEqualTo("txn_002");
        assertThat(credit.get("direction").asText()).isEqualTo("CREDIT");
        assertThat(credit.get("counterparty").get("name").asText()).isEqualTo("ABC Company Ltd");
        assertThat(run.records()).allSatisfy(r -> assertThat(r.has("raw")).isFalse());
    }

    @Test
    void normalize_atoaSeed002WithRaw_keepsTheProviderRecordAsReceived() {
        Run run = normalize("atoa-transactions-seed-002.json",
                "--provider", "atoa", "--kind", "transactions", "--account", "acc_001", "--raw");

        assertThat(run.exit()).isZero();
        JsonNode raw = run.records().get(0).get("raw");
        assertThat(raw.get("id").asText()).isEqualTo("txn_001");
        assertThat(raw.get("amount").toString()).isEqualTo("89.99");
        assertThat(run.records().get(1).get("raw").get("amount").toString()).isEqualTo("1500.0");
    }

    @Test
    void normalize_sameInputTwice_isByteForByteIdentical() {
        Run first = normalize("atoa-transactions-seed-002.json",
                "--provider", "atoa", "--kind", "transactions", "--account", "acc_001", "--raw");
        Run second = normalize("atoa-transactions-seed-002.json",
                "--provider", "atoa", "--kind", "transactions", "--account", "acc_001", "--raw");

        assertThat(first.exit()).isZero();
        assertThat(second.stdoutBytes()).isEqualTo(first.stdoutBytes());
    }

    @Test
    void normalize_atoaPageWithOneInexactAmount_printsTheGoodOneRejectsTheOtherAndExitsTwo() {
        Run run = normalize("atoa-transactions-one-inexact.json",
                "--provider", "atoa", "--kind", "transactions", "--account", "acc_001");

        assertThat(run.exit()).isEqualTo(Command.REJECTED);
        assertThat(run.records()).singleElement().satisfies(t -> {
            assertThat(t.get("providerTransactionId").asText()).isEqualTo("txn_ok");
            assertThat(t.get("amount").toString())
                    .isEqualTo("{\"minor\":-1250,\"currency\":\"GBP\",\"decimal\":\"-12.50\"}");
        });
        assertThat(run.stderrLines()).singleElement().asString()
                .startsWith("rejected: atoa transactions record txn_inexact: field '")
                .contains("amount");
    }

    @Test
    void normalize_atlarBalanceNok_isExactWithTypeAndNanosecondTimestamp() {
        Run run = normalize("atlar-balances-nok.json", "--provider", "atlar", "--kind", "balances");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).singleElement().asString().startsWith("{\"recordType\":\"balance\",")
                .contains("\"amount\":{\"minor\":232890787,\"currency\":\"NOK\",\"decimal\":\"2328907.87\"}");
        JsonNode b = run.records().get(0);
        assertThat(b.get("provider").asText()).isEqualTo("atlar");
        assertThat(b.get("providerAccountId").asText()).isEqualTo("a1");
        assertThat(b.get("type").asText()).isEqualTo("BOOKED_ADJUSTED");
        assertThat(b.get("providerType").asText()).isEqualTo("BOOKED_ADJUSTED");
        assertThat(b.get("reportedType").asText()).isEqualTo("CLOSE");
        assertThat(b.get("localDate").asText()).isEqualTo("2024-11-21");
        assertThat(b.get("asOf").asText()).isEqualTo("2024-11-21T22:59:59.999999999Z");
    }

    @Test
    void normalize_atlarTransactionsInJpyAndKwd_useEachCurrencysOwnExponent() {
        Run run = normalize("atlar-transactions-jpy-kwd.json", "--provider", "atlar", "--kind", "transactions");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.records()).extracting(t -> t.get("amount").toString()).containsExactly(
                "{\"minor\":-1500,\"currency\":\"JPY\",\"decimal\":\"-1500\"}",
                "{\"minor\":12345,\"currency\":\"KWD\",\"decimal\":\"12.345\"}");
        assertThat(run.records()).extracting(t -> t.get("direction").asText()).containsExactly("DEBIT", "CREDIT");
    }

    @Test
    void normalize_finqwareDebitBalance_isNegativeAndFlaggedAsOverdraftUsed() {
        Run run = normalize("finqware-balances-debit.json",
                "--provider", "finqware", "--kind", "balances", "--account", "fq-acc-1");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.records()).singleElement().satisfies(b -> {
            assertThat(b.get("provider").asText()).isEqualTo("finqware");
            assertThat(b.get("providerAccountId").asText()).isEqualTo("fq-acc-1");
            assertThat(b.get("amount").toString())
                    .isEqualTo("{\"minor\":-25000,\"currency\":\"RON\",\"decimal\":\"-250.00\"}");
            assertThat(b.get("type").asText()).isEqualTo("AVAILABLE");
            assertThat(b.get("creditLimitIncluded").asBoolean()).isFalse();
            assertThat(b.get("creditLimitMeaning").asText()).isEqualTo("OVERDRAFT_USED");
        });
    }

    @Test
    void normalize_atlarTransactionsBodyWithoutItems_exitsOneWithOneLine() {
        Run run = Run.of(new NormalizeCommand(), List.of("--provider", "atlar", "--kind", "transactions"),
                "{\"data\":[],\"totalCount\":0}".getBytes(UTF_8));

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).singleElement().asString().startsWith("normalize: not a valid body: ");
    }
}
