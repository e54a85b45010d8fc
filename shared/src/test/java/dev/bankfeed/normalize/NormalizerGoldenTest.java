package dev.bankfeed.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.testing.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.model.RecordKind;

/**
 * Every provider example (the providers' public examples and the shapes of docs/providers.md) through the
 * real normalizers, compared as full canonical JSON with the files under {@code golden/}: any change of canonical
 * output shows up here as a diff. After a deliberate change, regenerate with {@code -Dgolden.update=true} and
 * review the diff of the golden files before committing.
 */
class NormalizerGoldenTest {

    private static final ObjectWriter PRETTY = BankJson.mapper().writerWithDefaultPrettyPrinter();

    record Case(Provider provider, RecordKind kind, String fixture, String accountId, String golden) {
        @Override
        public String toString() {
            return golden;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(Providers.ATLAR, RecordKind.ACCOUNTS, "atlar/accounts.json", null, "atlar/accounts.json"),
                new Case(Providers.ATLAR, RecordKind.BALANCES, "atlar/balances.json", null, "atlar/balances.json"),
                new Case(Providers.ATLAR, RecordKind.TRANSACTIONS, "atlar/transactions.json", null,
                        "atlar/transactions.json"),
                new Case(Providers.ATLAR, RecordKind.TRANSACTIONS, "atlar/pending-transactions.json", null,
                        "atlar/pending-transactions.json"),
                new Case(Providers.ATOA, RecordKind.ACCOUNTS, "atoa/accounts.json", null, "atoa/accounts.json"),
                new Case(Providers.ATOA, RecordKind.ACCOUNTS, "atoa/account-details.json", null,
                        "atoa/account-details.json"),
                new Case(Providers.ATOA, RecordKind.BALANCES, "atoa/balance.json", "acc_001", "atoa/balance.json"),
                new Case(Providers.ATOA, RecordKind.TRANSACTIONS, "atoa/transactions.json", "acc_001",
                        "atoa/transactions-seed-002.json"),
                new Case(Providers.FINQWARE, RecordKind.ACCOUNTS, "finqware/accounts.json", null,
                        "finqware/accounts.json"),
                new Case(Providers.FINQWARE, RecordKind.BALANCES, "finqware/accounts.json", null,
                        "finqware/balances-from-accounts-list.json"),
                new Case(Providers.FINQWARE, RecordKind.BALANCES, "finqware/balances.json", null,
                        "finqware/balances-seed-003-table.json"),
                new Case(Providers.FINQWARE, RecordKind.TRANSACTIONS, "finqware/transactions.json", null,
                        "finqware/transactions.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalize_providerExample_matchesGoldenCanonicalJson(Case c) throws IOException {
        String actual = PRETTY.writeValueAsString(canonical(c)) + "\n";

        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/golden", c.golden());
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }

        assertThat(actual).isEqualTo(golden(c.golden()));
    }

    private static ObjectNode canonical(Case c) {
        ProviderNormalizer n = ProviderModules.of(c.provider()).normalizer();
        JsonNode body = Fixtures.resource("fixtures/" + c.fixture());
        NormalizationContext context = Fixtures.context(c.accountId());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode records = out.putArray("records");
        NormalizationResult<?> result = switch (c.kind()) {
            case ACCOUNTS -> n.accounts(body, context);
            case BALANCES -> n.balances(body, context);
            case TRANSACTIONS -> n.transactions(body, context);
        };
        for (Object r : result.records()) {
            records.add(switch (c.kind()) {
                case ACCOUNTS -> CanonicalJson.account((Account) r, false);
                case BALANCES -> CanonicalJson.balance((BalanceSnapshot) r, false);
                case TRANSACTIONS -> CanonicalJson.transaction((Transaction) r, false);
            });
        }
        ArrayNode rejections = out.putArray("rejections");
        for (Rejection r : result.rejections()) {
            rejections.addObject().put("recordId", r.recordId()).put("field", r.field()).put("reason", r.reason());
        }
        return out;
    }

    /** The golden file, re-printed so that only content, not whitespace or line endings, is compared. */
    private static String golden(String name) throws IOException {
        try (InputStream in = NormalizerGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file golden/%s (generate it with -Dgolden.update=true)", name).isNotNull();
            return PRETTY.writeValueAsString(BankJson.mapper().readTree(in)) + "\n";
        }
    }
}
