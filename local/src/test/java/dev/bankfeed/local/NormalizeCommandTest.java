package dev.bankfeed.local;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.CreditLimitMeaning;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.normalize.MalformedBodyException;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.model.RecordKind;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.testing.Providers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The normalize command's own contract, over a scripted normalizer: arguments, input, output, exit codes. */
class NormalizeCommandTest {

    private static final Instant NOW = Instant.parse("2025-02-01T08:00:00Z");
    private static final String SEED = "atoa-transactions-seed-002.json";
    private static final String TXN_001_RAW = "{\"id\":\"txn_001\",\"type\":\"DEBIT\",\"amount\":89.99,"
            + "\"currency\":\"GBP\",\"payee\":{\"accountDetails\":{\"accountNumber\":\"87654321\"}}}";
    private static final String TXN_001_LINE = "{\"recordType\":\"transaction\",\"canonicalId\":\"atoa:acc_001:txn_001\","
            + "\"provider\":\"atoa\",\"providerAccountId\":\"acc_001\",\"providerTransactionId\":\"txn_001\","
            + "\"amount\":{\"minor\":-8999,\"currency\":\"GBP\",\"decimal\":\"-89.99\"},\"direction\":\"DEBIT\","
            + "\"status\":\"BOOKED\",\"bookingDate\":\"2024-01-14\",\"description\":\"Amazon Marketplace\","
            + "\"reference\":\"INV-4321-A\",\"counterparty\":{\"name\":\"Amazon UK Ltd\"}}";
    private static final String TXN_002_LINE = "{\"recordType\":\"transaction\",\"canonicalId\":\"atoa:acc_001:txn_002\","
            + "\"provider\":\"atoa\",\"providerAccountId\":\"acc_001\",\"providerTransactionId\":\"txn_002\","
            + "\"amount\":{\"minor\":150000,\"currency\":\"GBP\",\"decimal\":\"1500.00\"},\"direction\":\"CREDIT\","
            + "\"status\":\"BOOKED\",\"bookingDate\":\"2024-01-12\",\"description\":\"Salary Payment\","
            + "\"reference\":\"SALARY-JAN\",\"counterparty\":{\"name\":\"ABC Company Ltd\"}}";

    @TempDir
    Path dir;

    private final ScriptedNormalizer atoa = new ScriptedNormalizer(Providers.ATOA)
            .transactions(result(List.of(txn001(), txn002()), List.of()));

    private NormalizeCommand command() {
        return new NormalizeCommand(p -> {
            if (p.equals(Providers.ATOA)) {
                return atoa;
            }
            throw new IllegalArgumentException("no normalizer for " + p);
        }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Run normalizeSeed(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--provider", "atoa", "--kind", "transactions"));
        args.addAll(List.of(extraArgs));
        return Run.of(command(), args, Run.resource(SEED));
    }

    @Test
    void normalize_everyRecordNormalized_printsOneCanonicalLinePerRecordAndExitsZero() {
        Run run = normalizeSeed("--account", "acc_001");

        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo(TXN_001_LINE + "\n" + TXN_002_LINE + "\n");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void normalize_someRecordsRejected_printsTheOthersAndOneStderrLinePerRejectionAndExitsTwo() {
        atoa.transactions(result(List.of(txn001()), List.of(
                new Rejection(Providers.ATOA, RecordKind.TRANSACTIONS, "txn_inexact", "amount",
                        "89.999 has more decimals than GBP allows (2)", "{\"accountNumber\":\"87654321\"}"),
                new Rejection(Providers.ATOA, RecordKind.TRANSACTIONS, "#3", "currency",
                        "unknown ISO 4217 currency 'XYZ'\nsecond line", null))));

        Run run = normalizeSeed();

        assertThat(run.exit()).isEqualTo(Command.REJECTED);
        assertThat(run.lines()).containsExactly(TXN_001_LINE);
        assertThat(run.stderrLines()).containsExactly(
                "rejected: atoa transactions record txn_inexact: field 'amount': "
                        + "89.999 has more decimals than GBP allows (2)",
                "rejected: atoa transactions record #3: field 'currency': unknown ISO 4217 currency 'XYZ' second line");
        assertThat(run.stderr()).doesNotContain("87654321");
    }

    @Test
    void normalize_emptyPage_printsNothingAndExitsZero() {
        atoa.transactions(result(List.of(), List.of()));

        Run run = normalizeSeed();

        assertThat(run.exit()).isZero();
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void normalize_withRaw_includesTheProviderRecordUnderRawLast() {
        Run withRaw = normalizeSeed("--raw");
        Run without = normalizeSeed();

        JsonNode first = withRaw.records().get(0);
        assertThat(first.get("raw").get("amount").decimalValue()).isEqualByComparingTo("89.99");
        assertThat(first.get("raw").get("amount").toString()).isEqualTo("89.99");
        assertThat(withRaw.lines().get(0)).isEqualTo(TXN_001_LINE.substring(0, TXN_001_LINE.length() - 1)
                + ",\"raw\":" + TXN_001_RAW + "}");
        assertThat(without.records()).allSatisfy(r -> assertThat(r.has("raw")).isFalse());
    }

    @Test
    void normalize_fileStdinAndDash_giveTheSameBodyAndTheSameBytes() throws Exception {
        Path file = Run.resourceFile(dir, SEED);
        JsonNode expectedBody = BankJson.mapper().readTree(Run.resource(SEED));

        Run fromFile = Run.of(command(), List.of("--provider", "atoa", "--kind", "transactions", file.toString()),
                new byte[0]);
        JsonNode fileBody = atoa.lastBody;
        Run fromStdin = normalizeSeed();
        JsonNode stdinBody = atoa.lastBody;
        Run fromDash = normalizeSeed("-");

        assertThat(fileBody).isEqualTo(expectedBody);
        assertThat(stdinBody).isEqualTo(expectedBody);
        assertThat(fromFile.exit()).isZero();
        assertThat(fromStdin.stdoutBytes()).isEqualTo(fromFile.stdoutBytes());
        assertThat(fromDash.stdoutBytes()).isEqualTo(fromFile.stdoutBytes());
    }

    @Test
    void normalize_accountAndFetchedAt_reachTheNormalizer() {
        normalizeSeed("--account", "acc_001", "--fetched-at", "2024-01-14T12:00:00.123456789Z");

        assertThat(atoa.lastKind).isEqualTo("transactions");
        assertThat(atoa.lastContext.accountId()).isEqualTo("acc_001");
        assertThat(atoa.lastContext.fetchedAt()).isEqualTo(Instant.parse("2024-01-14T12:00:00.123456789Z"));
    }

    @Test
    void normalize_noAccountNorFetchedAt_passesNullAccountAndNow() {
        normalizeSeed();

        assertThat(atoa.lastContext.accountId()).isNull();
        assertThat(atoa.lastContext.fetchedAt()).isEqualTo(NOW);
    }

    @Test
    void normalize_balancesAndAccounts_renderTheirOwnRecordTypes() {
        atoa.balances(result(List.of(BalanceSnapshot.builder().provider(Providers.ATOA).providerAccountId("acc_001")
                        .type(BalanceType.CURRENT).providerType("current").amount(Money.ofMinor(-1045, "GBP"))
                        .creditLimitMeaning(CreditLimitMeaning.NOT_APPLICABLE).asOf(NOW).rawJson("{}").build()),
                        List.of()))
                .accounts(result(List.of(Account.builder().provider(Providers.ATOA).providerAccountId("acc_001")
                        .currency("GBP").bankName("mock-sandbox-v1").identifiers(List.of(new AccountIdentifier(
                                AccountIdentifier.SORT_CODE_ACCOUNT_NUMBER, "123456/87654321", "GB")))
                        .rawJson("{}").build()), List.of()));

        Run balances = Run.of(command(), List.of("--provider", "atoa", "--kind", "balances", "--account", "acc_001"),
                "{\"balance\":-10.45,\"currency\":\"GBP\"}".getBytes(UTF_8));
        Run accounts = Run.of(command(), List.of("--provider", "ATOA", "--kind", "Accounts"), "[]".getBytes(UTF_8));

        assertThat(balances.exit()).isZero();
        assertThat(balances.lines()).containsExactly("{\"recordType\":\"balance\","
                + "\"canonicalId\":\"atoa:acc_001:balance:current:2025-02-01T08:00:00Z\",\"provider\":\"atoa\","
                + "\"providerAccountId\":\"acc_001\",\"type\":\"CURRENT\",\"providerType\":\"current\","
                + "\"amount\":{\"minor\":-1045,\"currency\":\"GBP\",\"decimal\":\"-10.45\"},"
                + "\"creditLimitMeaning\":\"NOT_APPLICABLE\",\"asOf\":\"2025-02-01T08:00:00Z\"}");
        assertThat(accounts.exit()).isZero();
        assertThat(accounts.records()).singleElement().satisfies(a -> {
            assertThat(a.get("recordType").asText()).isEqualTo("account");
            assertThat(a.get("identifiers").get(0).get("number").asText()).isEqualTo("123456/87654321");
        });
        assertThat(atoa.lastKind).isEqualTo("accounts");
    }

    @Test
    void normalize_nonAsciiText_isWrittenAsUtf8WhateverThePrintStreamCharset() {
        atoa.transactions(result(List.of(transaction("txn_é", -500, Direction.DEBIT, "Café – Zürich ✓")),
                List.of()));

        Run run = Run.of(command(), List.of("--provider", "atoa", "--kind", "transactions"),
                Run.resource(SEED), ISO_8859_1);

        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).contains("\"description\":\"Café – Zürich ✓\"", "atoa:acc_001:txn_é");
    }

    @Test
    void normalize_missingFile_exitsOneWithOneLineAndNothingOnStdout() {
        Run run = Run.of(command(), "--provider", "atoa", "--kind", "transactions",
                dir.resolve("absent.json").toString());

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).singleElement().asString()
                .startsWith("normalize: cannot read '").endsWith("absent.json': no such file");
        assertThat(atoa.lastBody).isNull();
    }

    @Test
    void normalize_directoryAsFile_exitsOneWithOneLine() {
        Run run = Run.of(command(), "--provider", "atoa", "--kind", "transactions", dir.toString());

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stderrLines()).singleElement().asString().startsWith("normalize: cannot read '");
    }

    @Test
    void normalize_invalidJson_exitsOneNamingWhereWithoutQuotingThePayload() {
        Run run = Run.of(command(), List.of("--provider", "atoa", "--kind", "transactions"),
                "{\n \"accountNumber\": 87654321x\n}".getBytes(UTF_8));

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).containsExactly("normalize: input is not valid JSON (line 2, column 27)");
        assertThat(atoa.lastBody).isNull();
    }

    @Test
    void normalize_trailingContentAfterTheBody_exitsOne() {
        Run run = Run.of(command(), List.of("--provider", "atoa", "--kind", "transactions"),
                "{\"data\":[]} {\"data\":[]}".getBytes(UTF_8));

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stderrLines()).singleElement().asString().startsWith("normalize: input is not valid JSON");
    }

    @Test
    void normalize_emptyInput_exitsOne() {
        Run run = Run.of(command(), List.of("--provider", "atoa", "--kind", "transactions"), " \n".getBytes(UTF_8));

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stderrLines()).containsExactly("normalize: input is empty");
    }

    @Test
    void normalize_bodyNotTheProvidersEnvelope_exitsOneWithOneLine() {
        atoa.failing(new MalformedBodyException("atoa transactions body has no 'data' array"));

        Run run = Run.of(command(), List.of("--provider", "atoa", "--kind", "transactions"),
                "{\"items\":[]}".getBytes(UTF_8));

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines())
                .containsExactly("normalize: not a valid body: atoa transactions body has no 'data' array");
    }

    @Test
    void normalize_unexpectedFailure_exitsOneWithOneLineAndNoStackTrace() {
        atoa.failing(new UnsupportedOperationException("in progress\n\tat somewhere"));

        Run run = normalizeSeed();

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines())
                .containsExactly("normalize: unexpected UnsupportedOperationException: in progress at somewhere");
    }

    @Test
    void normalize_providerWithoutNormalizer_exitsOneWithOneLine() {
        Run run = Run.of(command(), List.of("--provider", "finqware", "--kind", "balances"), "{}".getBytes(UTF_8));

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stderrLines()).containsExactly(
                "normalize: unexpected IllegalArgumentException: no normalizer for finqware");
    }

    static Stream<Arguments> wrongArguments() {
        return Stream.of(
                Arguments.of(List.of("--kind", "transactions"), "missing --provider"),
                Arguments.of(List.of("--provider", "atoa"), "missing --kind"),
                Arguments.of(List.of("--provider", "", "--kind", "transactions"), "--provider must not be empty"),
                Arguments.of(List.of("--provider", "plaid", "--kind", "transactions"),
                        "unknown provider 'plaid' (expected atlar, atoa or finqware)"),
                Arguments.of(List.of("--provider", "atoa", "--kind", "payments"),
                        "unknown kind 'payments' (expected accounts, balances or transactions)"),
                Arguments.of(List.of("--provider", "atoa", "--kind", "transactions", "--fetched-at", "2024-01-14"),
                        "--fetched-at '2024-01-14' is not an ISO-8601 instant such as 2024-01-14T12:00:00Z"),
                Arguments.of(List.of("--provider", "atoa", "--kind", "transactions", "--account", " "),
                        "--account must not be empty"),
                Arguments.of(List.of("--provider", "atoa", "--kind", "transactions", "a.json", "b.json"),
                        "expected at most one FILE, got 2"),
                Arguments.of(List.of("--provider", "atoa", "--kind", "transactions", "--verbose"),
                        "unknown option '--verbose'"),
                Arguments.of(List.of("--provider", "atoa", "--kind", "transactions", "-v"), "unknown option '-v'"),
                Arguments.of(List.of("--provider", "atoa", "--kind"), "option --kind needs a value"),
                Arguments.of(List.of("--provider", "atoa", "--provider=atlar", "--kind", "transactions"),
                        "option --provider given twice"),
                Arguments.of(List.of("--provider", "atoa", "--kind", "transactions", "--raw=yes"),
                        "option --raw takes no value"));
    }

    @ParameterizedTest
    @MethodSource("wrongArguments")
    void normalize_wrongArguments_exitsOneWithOneLineAndReadsNothing(List<String> args, String message) {
        Run run = Run.of(command(), args, Run.resource(SEED));

        assertThat(run.exit()).isEqualTo(Command.ERROR);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).containsExactly(
                "normalize: " + message + " (see 'bankfeed normalize --help')");
        assertThat(atoa.lastBody).isNull();
    }

    @Test
    void normalize_equalsSignOptionsAndDoubleDash_areAccepted() throws Exception {
        Path file = Run.resourceFile(dir, SEED);

        Run run = Run.of(command(), "--provider=atoa", "--kind=transactions", "--account=acc_001", "--",
                file.toString());

        assertThat(run.exit()).isZero();
        assertThat(atoa.lastContext.accountId()).isEqualTo("acc_001");
    }

    @Test
    void normalize_help_printsItsUsageOnStdoutAndExitsZero() {
        Run run = Run.of(command(), "--help");
        Run shortForm = Run.of(command(), "-h");

        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).startsWith("Usage: bankfeed normalize --provider atlar|atoa|finqware")
                .contains("--fetched-at", "--raw", "Exit codes: 0");
        assertThat(run.stderr()).isEmpty();
        assertThat(shortForm.stdout()).isEqualTo(run.stdout());
        assertThat(atoa.lastBody).isNull();
    }

    private static <T> NormalizationResult<T> result(List<T> records, List<Rejection> rejections) {
        return new NormalizationResult<>(records, rejections);
    }

    private static Transaction txn001() {
        return transaction("txn_001", -8999, Direction.DEBIT, "Amazon Marketplace", "INV-4321-A",
                "Amazon UK Ltd", "2024-01-14", TXN_001_RAW);
    }

    private static Transaction txn002() {
        return transaction("txn_002", 150000, Direction.CREDIT, "Salary Payment", "SALARY-JAN",
                "ABC Company Ltd", "2024-01-12", "{\"id\":\"txn_002\"}");
    }

    private static Transaction transaction(String id, long minor, Direction direction, String description) {
        return transaction(id, minor, direction, description, null, null, "2024-01-14", null);
    }

    private static Transaction transaction(String id, long minor, Direction direction, String description,
            String reference, String counterparty, String bookingDate, String raw) {
        return Transaction.builder().provider(Providers.ATOA).providerAccountId("acc_001").providerTransactionId(id)
                .amount(Money.ofMinor(minor, "GBP")).direction(direction).status(TransactionStatus.BOOKED)
                .bookingDate(LocalDate.parse(bookingDate)).description(description).reference(reference)
                .counterparty(counterparty == null ? null : new Counterparty(counterparty, null)).rawJson(raw).build();
    }
}
