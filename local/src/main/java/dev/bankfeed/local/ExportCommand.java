package dev.bankfeed.local;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.lambda.ReadApi;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.StoredTransaction;
import dev.bankfeed.store.dynamo.DynamoStores;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code export --account ID [--from D] [--to D] [--format csv|jsonl] [-n ENV_VARS_JSON] [--out FILE]}: writes
 * an account's stored transactions from the table of TABLE_NAME, on whatever endpoint the environment gives, one
 * line per transaction in booking date then id order (undated last): CSV (RFC 4180, a header row) or JSON lines
 * (the canonical JSON form). Amounts are exact decimals with the currency's ISO 4217 exponent.
 */
final class ExportCommand implements Command {

    static final String SYNOPSIS = "export --account ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|jsonl] "
            + "[-n ENV_VARS_JSON] [--out FILE]";
    static final String SUMMARY = "Write an account's stored transactions as CSV or JSON lines, exact decimals, "
            + "in booking date order";

    static final int DEFAULT_PROGRESS_EVERY = 10_000;

    /** The CSV columns, in order; JSON lines carry the same facts in the canonical JSON shape. */
    static final List<Column> COLUMNS = List.of(
            new Column("canonicalId", tx(Transaction::canonicalId)),
            new Column("accountId", tx(t -> Account.canonicalId(t.provider(), t.providerAccountId()))),
            new Column("provider", tx(t -> t.provider().id())),
            new Column("providerAccountId", tx(Transaction::providerAccountId)),
            new Column("providerTransactionId", tx(Transaction::providerTransactionId)),
            new Column("providerRecordId", tx(Transaction::providerRecordId)),
            new Column("status", tx(Transaction::status)),
            new Column("bookingDate", tx(Transaction::bookingDate)),
            new Column("valueDate", tx(Transaction::valueDate)),
            new Column("bookedAt", tx(Transaction::bookedAt)),
            new Column("amount", tx(t -> decimal(t.amount()))),
            new Column("currency", tx(t -> t.amount() == null ? null : t.amount().currency())),
            new Column("amountMinor", tx(t -> t.amount() == null ? null : t.amount().minor())),
            new Column("direction", tx(Transaction::direction)),
            new Column("description", tx(Transaction::description)),
            new Column("reference", tx(Transaction::reference)),
            new Column("merchantName", tx(Transaction::merchantName)),
            new Column("category", tx(Transaction::category)),
            new Column("counterpartyName", tx(t -> t.counterparty() == null ? null : t.counterparty().name())),
            new Column("counterpartyAccountScheme", tx(t -> counterpartyAccount(t, AccountIdentifier::scheme))),
            new Column("counterpartyAccountNumber", tx(t -> counterpartyAccount(t, AccountIdentifier::number))),
            new Column("balanceAfter", tx(t -> decimal(t.balanceAfter()))),
            new Column("balanceAfterCurrency", tx(t -> t.balanceAfter() == null ? null : t.balanceAfter().currency())),
            new Column("supersededBy", StoredTransaction::supersededBy),
            new Column("supersedes", StoredTransaction::supersedes),
            new Column("vanishedAt", s -> text(s.vanishedAt())),
            new Column("providerUpdatedAt", tx(Transaction::providerUpdatedAt)));

    /** One CSV column: its header and its text for a stored transaction (null: empty). */
    record Column(String name, Function<StoredTransaction, String> value) {
    }

    /** A column of the transaction's own fields, as text. */
    private static Function<StoredTransaction, String> tx(Function<Transaction, Object> field) {
        return s -> text(field.apply(s.transaction()));
    }

    private enum Format { CSV, JSONL }

    /** One output line and where it sorts. */
    private record Line(LocalDate bookingDate, String canonicalId, String text) {
    }

    private static final Comparator<Line> ORDER = Comparator
            .comparing(Line::bookingDate, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Line::canonicalId);

    private final int progressEvery;

    ExportCommand() {
        this(DEFAULT_PROGRESS_EVERY);
    }

    /** @param progressEvery rows between two progress lines on stderr */
    ExportCommand(int progressEvery) {
        this.progressEvery = progressEvery;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = options(args);
        } catch (UsageException e) {
            err.println("export: " + e.getMessage());
            err.println("Usage: bankfeed " + SYNOPSIS);
            return USAGE;
        }
        if (o == null) {
            out.println("Usage: bankfeed " + SYNOPSIS + "\n" + SUMMARY + ".");
            return OK;
        }
        Map<String, String> env;
        try {
            env = FunctionEnvironment.forTool(o.envVars());
        } catch (UsageException e) {
            err.println("export: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("export: cannot read " + o.envVars() + ": " + e.getMessage());
            return USAGE;
        }
        String table = env.getOrDefault("TABLE_NAME", "bankfeed");
        AwsEngine aws = AwsEngine.ofEnvironment(env);
        String where = "table '" + table + "' on " + aws.description();
        long started = System.nanoTime();
        List<Line> lines = new ArrayList<>();
        try (DynamoDbClient dynamo = aws.dynamo()) {
            DynamoStores stores = DynamoStores.create(dynamo, table, Clock.systemUTC(), ProviderModules.twinning());
            if (stores.accounts().find(o.account()).isEmpty()) {
                err.println("export: no account '" + o.account() + "' in " + where + " (ids are "
                        + "provider:providerAccountId as ListAccounts stored them; check TABLE_NAME and the endpoint)");
                return USAGE;
            }
            stores.transactions().forEachStored(o.account(), o.from(), o.to(), s -> {
                Transaction t = s.transaction();
                lines.add(new Line(t.bookingDate(), t.canonicalId(), o.format() == Format.CSV
                        ? csvRow(s) : jsonLine(s)));
                if (lines.size() % progressEvery == 0) {
                    err.println("export: " + lines.size() + " transactions read");
                }
            });
        } catch (SdkException | dev.bankfeed.store.StoreUnavailableException e) {
            // The stores wrap DynamoDB's answer in their own exception; a missing table is still worth naming.
            if (e instanceof ResourceNotFoundException || e.getCause() instanceof ResourceNotFoundException) {
                err.println("export: no " + where + " (set TABLE_NAME, e.g. in the -n file's Parameters)");
            } else {
                err.println("export: cannot read " + where + ": " + oneLine(e.getMessage()));
            }
            return ERROR;
        }
        lines.sort(ORDER);
        try {
            write(lines, o, out);
        } catch (IOException e) {
            err.println("export: cannot write " + o.out() + ": " + oneLine(e.getMessage()));
            return ERROR;
        }
        err.printf("export: %d transactions of %s%s written to %s as %s in %d ms%n", lines.size(), o.account(),
                window(o), o.out() == null ? "standard output" : o.out(), o.format().name().toLowerCase(),
                (System.nanoTime() - started) / 1_000_000);
        return OK;
    }

    private record Options(String account, LocalDate from, LocalDate to, Format format, Path envVars, Path out) {
    }

    /** The options, or null when help was asked for. */
    private static Options options(List<String> args) throws UsageException {
        CliArgs a = CliArgs.parse(InvokeCommand.samStyle(args), Set.of("account", "from", "to", "format", "env-vars",
                "out"), Set.of("help"));
        if (a.flag("help")) {
            return null;
        }
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
        }
        String account = a.required("account");
        int colon = account.indexOf(':');
        if (colon <= 0 || colon == account.length() - 1 || !isProvider(account.substring(0, colon))) {
            throw new UsageException("--account must be a canonical account id provider:providerAccountId "
                    + "(" + ProviderModules.describeIds() + "; e.g. " + ProviderModules.ids().get(0) + ":acc_001)");
        }
        LocalDate from = date(a.value("from"), "from");
        LocalDate to = date(a.value("to"), "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new UsageException("--from " + from + " is after --to " + to);
        }
        String format = a.value("format") == null ? "csv" : a.value("format");
        Format f = switch (format) {
            case "csv" -> Format.CSV;
            case "jsonl" -> Format.JSONL;
            default -> throw new UsageException("--format must be csv or jsonl");
        };
        Path out = a.value("out") == null ? null : Path.of(a.value("out"));
        if (out != null && Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a directory");
        }
        return new Options(account, from, to, f, a.value("env-vars") == null ? null : Path.of(a.value("env-vars")),
                out);
    }

    private static boolean isProvider(String id) {
        try {
            ProviderModules.byId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static LocalDate date(String value, String name) throws UsageException {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + name + " must be a date YYYY-MM-DD, was '" + value + "'");
        }
    }

    /** To the file through a temporary sibling, so that a failed export never leaves half a file under its name. */
    private static void write(List<Line> lines, Options o, PrintStream out) throws IOException {
        if (o.out() == null) {
            writeLines(lines, o.format(), out);
            out.flush();
            return;
        }
        Path dir = o.out().toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, o.out().getFileName().toString(), ".partial");
        try {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial),
                    StandardCharsets.UTF_8), 1 << 16)) {
                writeLines(lines, o.format(), w);
            }
            Files.move(partial, o.out(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void writeLines(List<Line> lines, Format format, Appendable w) throws IOException {
        // RFC 4180 ends records with CRLF; JSON lines end with LF.
        String end = format == Format.CSV ? "\r\n" : "\n";
        if (format == Format.CSV) {
            w.append(header()).append(end);
        }
        for (Line l : lines) {
            w.append(l.text()).append(end);
        }
    }

    static String header() {
        return String.join(",", COLUMNS.stream().map(Column::name).toList());
    }

    static String csvRow(StoredTransaction s) {
        StringBuilder b = new StringBuilder();
        for (Column c : COLUMNS) {
            if (c != COLUMNS.get(0)) {
                b.append(',');
            }
            b.append(csvField(c.value().apply(s)));
        }
        return b.toString();
    }

    /** RFC 4180: a field holding a comma, a double quote or a line break is quoted, its quotes doubled. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The canonical JSON of the transaction, its account id and its pairing, as the read API shows it. */
    private static String jsonLine(StoredTransaction s) {
        return ReadApi.transactionJson(s).toString();
    }

    private static String counterpartyAccount(Transaction t, Function<AccountIdentifier, String> part) {
        Counterparty c = t.counterparty();
        return c == null || c.account() == null ? null : part.apply(c.account());
    }

    private static String decimal(Money m) {
        return m == null ? null : m.toDecimalString();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static String window(Options o) {
        if (o.from() == null && o.to() == null) {
            return "";
        }
        return " booked " + (o.from() == null ? "until " + o.to()
                : o.to() == null ? "from " + o.from() : "from " + o.from() + " to " + o.to());
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("[\\r\\n]+", " ");
    }
}
