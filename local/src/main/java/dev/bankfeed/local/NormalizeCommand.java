package dev.bankfeed.local;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.normalize.CanonicalJson;
import dev.bankfeed.normalize.MalformedBodyException;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.ProviderNormalizer;
import dev.bankfeed.model.RecordKind;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.provider.ProviderModules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code bankfeed normalize}: one provider response body in, one canonical JSON object per line out.
 * Rejected records go to standard error, one line each, and make the exit code 2.
 */
public final class NormalizeCommand implements Command {

    static final String SYNOPSIS = "normalize --provider "
            + String.join("|", ProviderModules.ids()) + " --kind accounts|balances|transactions"
            + " [--account ID] [--fetched-at ISO_INSTANT] [--raw] [FILE]";

    static final String SUMMARY = "Normalize one provider response body (FILE or stdin) to canonical JSON lines";

    static final String USAGE = "Usage: bankfeed " + SYNOPSIS + "\n"
            + "\n"
            + SUMMARY + ".\n"
            + "\n"
            + "  --provider P        the provider that sent the body: " + ProviderModules.describeIds() + "\n"
            + "  --kind K            what the body holds: accounts, balances or transactions\n"
            + "  --account ID        the provider account id, for bodies that do not name it (some\n"
            + "                      providers' balance and transaction bodies)\n"
            + "  --fetched-at T      when the body was fetched, e.g. 2024-01-14T12:00:00Z (default: now);\n"
            + "                      give it for reproducible output\n"
            + "  --raw               include each provider record as received, under \"raw\" (it may\n"
            + "                      hold full account numbers)\n"
            + "  FILE                the response body; standard input when absent or '-'\n"
            + "\n"
            + "Prints one canonical JSON object per line on stdout (UTF-8, '\\n' line ends); money is\n"
            + "{\"minor\": <long>, \"currency\": \"<ISO 4217>\", \"decimal\": \"<exact decimal>\"}.\n"
            + "Each rejected record is one line on stderr naming provider, record, field and reason.\n"
            + "\n"
            + "Exit codes: 0 every record normalized, 2 some records rejected, 1 wrong arguments or\n"
            + "an input that cannot be read or parsed at all.\n";

    private static final String PREFIX = "normalize: ";

    private static final Set<String> VALUE_OPTIONS = Set.of("provider", "kind", "account", "fetched-at");
    private static final Set<String> FLAG_OPTIONS = Set.of("raw", "help");

    private final Function<Provider, ProviderNormalizer> normalizers;
    private final Clock clock;

    /** The command over the registered normalizers ({@link ProviderModules}). */
    public NormalizeCommand() {
        this(p -> ProviderModules.of(p).normalizer(), Clock.systemUTC());
    }

    /** The command over other normalizers (tests), with a clock for the default fetch time. */
    NormalizeCommand(Function<Provider, ProviderNormalizer> normalizers, Clock clock) {
        this.normalizers = normalizers;
        this.clock = clock;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        try {
            CliArgs cli = CliArgs.parse(args, VALUE_OPTIONS, FLAG_OPTIONS);
            if (cli.flag("help")) {
                out.print(USAGE);
                out.flush();
                return OK;
            }
            Options options = Options.of(cli, clock);
            JsonNode body = parse(read(options.file(), in));
            ProviderNormalizer normalizer = normalizers.apply(options.provider());
            Rendered rendered = normalize(normalizer, options, body);
            // Written only once the whole body is rendered: a failure never leaves half a result on stdout.
            out.write(rendered.stdout());
            out.flush();
            for (Rejection r : rendered.rejections()) {
                err.print("rejected: " + oneLine(r.describe()) + "\n");
            }
            err.flush();
            return rendered.rejections().isEmpty() ? OK : REJECTED;
        } catch (UsageException e) {
            return fail(err, e.getMessage() + " (see 'bankfeed normalize --help')");
        } catch (InputException e) {
            return fail(err, e.getMessage());
        } catch (MalformedBodyException e) {
            return fail(err, "not a valid body: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return fail(err, "unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static int fail(PrintStream err, String message) {
        err.print(PREFIX + oneLine(message) + "\n");
        err.flush();
        return ERROR;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static byte[] read(String file, InputStream in) throws InputException {
        if (file == null) {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new InputException("cannot read standard input: " + e.getClass().getSimpleName());
            }
        }
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read '" + file + "': no such file");
        } catch (AccessDeniedException e) {
            throw new InputException("cannot read '" + file + "': permission denied");
        } catch (IOException | RuntimeException e) {
            throw new InputException("cannot read '" + file + "': " + e.getClass().getSimpleName());
        }
    }

    private static JsonNode parse(byte[] bytes) throws InputException {
        ObjectReader reader = BankJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        JsonNode tree;
        try {
            tree = reader.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote a token of the payload (an account number, say): give only where.
            JsonLocation at = e.getLocation();
            throw new InputException("input is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new InputException("input cannot be parsed: " + e.getClass().getSimpleName());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InputException("input is empty");
        }
        return tree;
    }

    private Rendered normalize(ProviderNormalizer normalizer, Options o, JsonNode body) throws IOException {
        NormalizationContext context = new NormalizationContext(o.account(), o.fetchedAt());
        boolean raw = o.raw();
        return switch (o.kind()) {
            case ACCOUNTS -> render(normalizer.accounts(body, context), a -> CanonicalJson.account(a, raw));
            case BALANCES -> render(normalizer.balances(body, context), b -> CanonicalJson.balance(b, raw));
            case TRANSACTIONS -> render(normalizer.transactions(body, context),
                    t -> CanonicalJson.transaction(t, raw));
        };
    }

    private static <T> Rendered render(NormalizationResult<T> result, Function<T, ObjectNode> toJson)
            throws IOException {
        ObjectWriter writer = BankJson.mapper().writer();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (T record : result.records()) {
            // Bytes, not text: the output is UTF-8 whatever the charset of the PrintStream we are given.
            writer.writeValue(lines, toJson.apply(record));
            lines.write('\n');
        }
        return new Rendered(lines.toByteArray(), new ArrayList<>(result.rejections()));
    }

    private record Rendered(byte[] stdout, List<Rejection> rejections) {
    }

    private record Options(Provider provider, RecordKind kind, String account, Instant fetchedAt, boolean raw,
            String file) {

        static Options of(CliArgs cli, Clock clock) throws UsageException {
            Provider provider;
            RecordKind kind;
            try {
                provider = ProviderModules.byId(cli.required("provider")).provider();
                kind = RecordKind.fromId(cli.required("kind"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            String account = cli.value("account");
            if (account != null && account.isBlank()) {
                throw new UsageException("--account must not be empty");
            }
            Instant fetchedAt;
            String at = cli.value("fetched-at");
            try {
                fetchedAt = at == null ? clock.instant() : Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new UsageException("--fetched-at '" + at + "' is not an ISO-8601 instant such as 2024-01-14T12:00:00Z");
            }
            List<String> files = cli.positionals();
            if (files.size() > 1) {
                throw new UsageException("expected at most one FILE, got " + files.size());
            }
            String file = files.isEmpty() || files.get(0).equals("-") ? null : files.get(0);
            return new Options(provider, kind, account, fetchedAt, cli.flag("raw"), file);
        }
    }

    /** Input that cannot be read or parsed at all; the message is one line naming the problem. */
    private static final class InputException extends Exception {

        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }
}
