package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.store.dynamo.BankfeedTable;
import dev.bankfeed.store.dynamo.DynamoStores;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.MotoServer;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code export} against a table on the test JVM's moto_server, reached as a user would: through an env-vars
 * file naming the endpoint and TABLE_NAME. Exported values are checked against what the store holds, for
 * amounts of 0, 2 and 3 decimals, negative ones, texts with commas, quotes and line breaks, and the pending/booked
 * pairing.
 */
class ExportMotoIT {

    private static final String ACCOUNT = "atoa:acc_001";
    private static final Instant NOW = Instant.parse("2026-03-12T08:00:00Z");

    @TempDir
    static Path dir;
    private static DynamoDbClient dynamo;
    private static DynamoStores stores;
    private static String table;
    private static Path envFile;

    @BeforeAll
    static void storeAnAccount() throws IOException {
        MotoServer.assumeAvailable();
        dynamo = MotoServer.shared().dynamoClient();
        table = "export-" + UUID.randomUUID();
        BankfeedTable.createIfMissing(dynamo, table);
        stores = DynamoStores.create(dynamo, table, new MutableClock(NOW), ProviderModules.twinning());
        stores.accounts().upsertAccounts("atoa-1", List.of(account("acc_001"), account("acc_002")));

        Transaction pending = txn("p1", -500, "GBP", TransactionStatus.PENDING, LocalDate.of(2026, 3, 4), "Hotel hold");
        stores.transactions().upsertTransactions(List.of(
                txn("t0", 1, "GBP", TransactionStatus.BOOKED, LocalDate.of(2026, 2, 27), "Interest"),
                txn("t1", -8999, "EUR", TransactionStatus.BOOKED, LocalDate.of(2026, 3, 2),
                        "Dinner, \"Le Bistro\""),
                txn("t2", 150000, "JPY", TransactionStatus.BOOKED, LocalDate.of(2026, 3, 1), "Refund\nsecond line"),
                txn("t3", -1234567, "KWD", TransactionStatus.BOOKED, LocalDate.of(2026, 3, 3), "Transfer"),
                txn("u1", -100, "GBP", TransactionStatus.PENDING, null, "Undated hold"),
                pending));
        // Atoa books a pending item under a new id: the booked one closes it, and the export shows the link.
        stores.transactions().upsertTransactions(List.of(
                txn("b1", -500, "GBP", TransactionStatus.BOOKED, LocalDate.of(2026, 3, 5), "Hotel hold")));
        Transaction other = txn("x1", -1, "GBP", TransactionStatus.BOOKED, LocalDate.of(2026, 3, 2), "Elsewhere");
        stores.transactions().upsertTransactions(List.of(Transaction.builder().provider(other.provider())
                .providerAccountId("acc_002").providerTransactionId("x1").amount(other.amount())
                .direction(other.direction()).status(other.status()).bookingDate(other.bookingDate())
                .description(other.description()).build()));

        ObjectNode env = BankJson.mapper().createObjectNode();
        env.putObject("Parameters")
                .put("TABLE_NAME", table)
                .put("AWS_ENDPOINT_URL", MotoServer.shared().endpoint().toString())
                .put("AWS_ACCESS_KEY_ID", "test")
                .put("AWS_SECRET_ACCESS_KEY", "test")
                .put("AWS_REGION", MotoServer.REGION);
        envFile = Files.writeString(dir.resolve("env.json"), env.toPrettyString());
    }

    @AfterAll
    static void dropTable() {
        if (dynamo != null) {
            dynamo.deleteTable(b -> b.tableName(table));
            dynamo.close();
        }
    }

    @Test
    void csv_oneRowPerStoredTransaction_inBookingDateOrder_withExactDecimals_rfc4180Quoting_andProgress()
            throws IOException {
        Path out = dir.resolve("acc_001.csv");

        Run run = Run.of(new ExportCommand(3), "--account", ACCOUNT, "-n", envFile.toString(), "--out",
                out.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderrLines()).startsWith("export: 3 transactions read", "export: 6 transactions read");
        assertThat(run.stderrLines().get(2)).startsWith("export: 7 transactions of atoa:acc_001 written to " + out
                + " as csv in ");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(text).startsWith(ExportCommand.header() + "\r\n").endsWith("\r\n");
        assertThat(text).contains(",\"Dinner, \"\"Le Bistro\"\"\",").contains(",\"Refund\nsecond line\",");
        List<Map<String, String>> rows = Csv.parse(text);
        assertThat(rows).extracting(r -> r.get("providerTransactionId"))
                .containsExactly("t0", "t2", "t1", "t3", "p1", "b1", "u1");
        assertThat(rows).extracting(r -> r.get("amount") + " " + r.get("currency"))
                .containsExactly("0.01 GBP", "150000 JPY", "-89.99 EUR", "-1234.567 KWD", "-5.00 GBP", "-5.00 GBP",
                        "-1.00 GBP");
        for (Map<String, String> row : rows) {
            Transaction stored = stores.transactions().find(row.get("canonicalId")).orElseThrow();
            assertThat(Money.parse(row.get("amount"), row.get("currency"))).isEqualTo(stored.amount());
            assertThat(row.get("amountMinor")).isEqualTo(Long.toString(stored.amount().minor()));
            assertThat(row.get("description")).isEqualTo(stored.description());
            assertThat(row.get("status")).isEqualTo(stored.status().name());
            assertThat(row.get("bookingDate")).isEqualTo(stored.bookingDate() == null ? ""
                    : stored.bookingDate().toString());
            assertThat(row.get("valueDate")).isEqualTo(stored.valueDate().toString());
            assertThat(row.get("counterpartyName")).isEqualTo(stored.counterparty().name());
            assertThat(row.get("counterpartyAccountNumber")).isEqualTo(stored.counterparty().account().number());
            assertThat(row.get("accountId")).isEqualTo(ACCOUNT);
        }
        Map<String, Map<String, String>> byId = rows.stream()
                .collect(Collectors.toMap(r -> r.get("providerTransactionId"), r -> r));
        assertThat(byId.get("p1").get("supersededBy")).isEqualTo("atoa:acc_001:b1");
        assertThat(byId.get("b1").get("supersedes")).isEqualTo("atoa:acc_001:p1");
        assertThat(byId.get("t1").get("supersededBy")).isEmpty();
        assertThat(byId.get("t1").get("counterpartyName")).isEqualTo("Counterparty of t1, \"quoted\"");
        assertThat(byId.get("t1").get("direction")).isEqualTo("DEBIT");
        assertThat(byId.get("t2").get("direction")).isEqualTo("CREDIT");
    }

    @Test
    void jsonl_inADateWindow_isTheCanonicalJsonOfEachStoredTransaction_toStandardOutput() {
        Run run = Run.of(new ExportCommand(), "--account", ACCOUNT, "--from", "2026-03-01", "--to", "2026-03-04",
                "--format", "jsonl", "-n", envFile.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("transactions read");
        List<JsonNode> records = run.records();
        assertThat(records).extracting(r -> r.path("providerTransactionId").asText())
                .containsExactly("t2", "t1", "t3", "p1");
        for (JsonNode r : records) {
            Transaction stored = stores.transactions().find(r.path("canonicalId").asText()).orElseThrow();
            assertThat(r.path("amount").path("minor").asLong()).isEqualTo(stored.amount().minor());
            assertThat(r.path("amount").path("currency").asText()).isEqualTo(stored.amount().currency());
            assertThat(r.path("amount").path("decimal").asText()).isEqualTo(stored.amount().toDecimalString());
            assertThat(r.path("description").asText()).isEqualTo(stored.description());
            assertThat(r.path("counterparty").path("account").path("number").asText())
                    .isEqualTo(stored.counterparty().account().number());
            assertThat(r.path("accountId").asText()).isEqualTo(ACCOUNT);
            assertThat(r.has("raw")).isFalse();
        }
        assertThat(records.get(0).path("amount").path("decimal").asText()).isEqualTo("150000");
        assertThat(records.get(1).path("amount").path("decimal").asText()).isEqualTo("-89.99");
        assertThat(records.get(1).path("description").asText()).isEqualTo("Dinner, \"Le Bistro\"");
        assertThat(records.get(2).path("amount").path("decimal").asText()).isEqualTo("-1234.567");
        assertThat(records.get(3).path("supersededBy").asText()).isEqualTo("atoa:acc_001:b1");
        assertThat(records.get(0).has("supersededBy")).isFalse();
    }

    @Test
    void unknownAccount_isAUsageError_namingTheAccountAndTable() {
        Run run = Run.of(new ExportCommand(), "--account", "atoa:nobody", "-n", envFile.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("no account 'atoa:nobody' in table '" + table + "'");
    }

    @Test
    void badArguments_areUsageErrors_withExitCode2_andNoOutput() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--from", "2026-03-01"), "missing --account");
        cases.put(List.of("--account", ACCOUNT, "--from", "2026-13-01"), "--from must be a date YYYY-MM-DD");
        cases.put(List.of("--account", ACCOUNT, "--to", "yesterday"), "--to must be a date YYYY-MM-DD");
        cases.put(List.of("--account", ACCOUNT, "--from", "2026-03-05", "--to", "2026-03-01"),
                "--from 2026-03-05 is after --to 2026-03-01");
        cases.put(List.of("--account", "acc_001"), "--account must be a canonical account id");
        cases.put(List.of("--account", "bank:acc_001"), "--account must be a canonical account id");
        cases.put(List.of("--account", ACCOUNT, "--format", "xlsx"), "--format must be csv or jsonl");
        cases.put(List.of("--account", ACCOUNT, "-n", dir.resolve("missing.json").toString()), "-n: no such file");
        cases.forEach((args, message) -> {
            Run run = Run.of(new ExportCommand(), args, new byte[0]);
            assertThat(run.exit()).as(args.toString()).isEqualTo(2);
            assertThat(run.stdout()).as(args.toString()).isEmpty();
            assertThat(run.stderr()).as(args.toString()).contains("export: " + message);
        });
    }

    @Test
    void missingTable_failsWithExit1_namingIt_andLeavesNoFile() throws IOException {
        Path env = Files.writeString(dir.resolve("env-no-table.json"), Files.readString(envFile)
                .replace(table, "no-such-table"));
        Path out = dir.resolve("never.csv");

        Run run = Run.of(new ExportCommand(), "--account", ACCOUNT, "-n", env.toString(), "--out", out.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("export: no table 'no-such-table' on the AWS endpoint "
                + MotoServer.shared().endpoint());
        assertThat(out).doesNotExist();
    }

    @Test
    void theSyncedSandbox_everyStoredTransactionOfEachAccountExportedOnce_withTheBanksExactAmounts()
            throws IOException {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().transactionsPerAccount(60)
                .build())) {
            h.syncAll();
            assertThat(h.differencesFromSandbox()).isEmpty();
            Path env = Files.writeString(dir.resolve("env-harness.json"), Files.readString(envFile)
                    .replace(table, h.table));
            for (ExpectedAccount a : h.sandbox.expected().accounts()) {
                String account = Account.canonicalId(Provider.of(a.provider()), a.accountId());

                Run run = Run.of(new ExportCommand(), "--account", account, "--format", "jsonl", "-n",
                        env.toString());

                assertThat(run.exit()).as(run.stderr()).isZero();
                Map<String, JsonNode> exported = new HashMap<>();
                for (JsonNode r : run.records()) {
                    assertThat(exported.put(r.path("providerTransactionId").asText(), r)).as("twice").isNull();
                }
                assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(h.deps().transactions()
                        .listByAccount(account).stream().map(Transaction::providerTransactionId).toList());
                for (ExpectedTransaction t : a.transactions()) {
                    JsonNode r = exported.get(t.id());
                    assertThat(r).as(account + " " + t.id()).isNotNull();
                    assertThat(r.path("amount").path("minor").asLong()).isEqualTo(t.amountMinor());
                    assertThat(r.path("amount").path("currency").asText()).isEqualTo(t.currency());
                    assertThat(Money.parse(r.path("amount").path("decimal").asText(), t.currency()).minor())
                            .isEqualTo(t.amountMinor());
                    assertThat(r.path("status").asText()).isEqualTo(t.status());
                }
                List<String> dates = new ArrayList<>();
                run.records().forEach(r -> dates.add(r.path("bookingDate").asText("9999-99-99")));
                assertThat(dates).isSorted();
            }
        }
    }

    private static Account account(String id) {
        return Account.builder().provider(Providers.ATOA).providerAccountId(id).name("Main").currency("GBP")
                .bankName("Testbank").identifiers(List.of(new AccountIdentifier("IBAN", "GB33BUKB20201555555555", "GB")))
                .status("OPEN").build();
    }

    private static Transaction txn(String id, long minor, String currency, TransactionStatus status,
            LocalDate bookingDate, String description) {
        Counterparty counterparty = new Counterparty(id.startsWith("t1") ? "Counterparty of t1, \"quoted\""
                : "Hotel Ltd", new AccountIdentifier("IBAN", "GB29NWBK60161331926819", "GB"));
        return Transaction.builder().provider(Providers.ATOA).providerAccountId("acc_001").providerTransactionId(id)
                .amount(Money.ofMinor(minor, currency)).direction(minor < 0 ? Direction.DEBIT : Direction.CREDIT)
                .status(status).bookingDate(bookingDate).valueDate(LocalDate.of(2026, 3, 6)).description(description)
                .reference("REF-" + (id.equals("b1") ? "p1" : id)).counterparty(counterparty)
                .rawJson("{\"id\":\"" + id + "\"}").build();
    }

    /** An RFC 4180 reader for the test: quoted fields with doubled quotes and line breaks, CRLF records. */
    static final class Csv {

        static List<Map<String, String>> parse(String text) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    record.add(field.toString());
                    field.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                    i++;
                } else {
                    field.append(ch);
                }
            }
            List<String> header = records.get(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> r : records.subList(1, records.size())) {
                assertThat(r).hasSameSizeAs(header);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), r.get(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
