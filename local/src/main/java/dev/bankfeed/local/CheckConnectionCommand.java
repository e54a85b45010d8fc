package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.config.Connection;
import dev.bankfeed.config.ConnectionConfigException;
import dev.bankfeed.config.ConnectionJson;
import dev.bankfeed.model.Account;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.Redactor;
import dev.bankfeed.provider.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code check-connection FILE}: validates a connection JSON before it is stored as a secret (the schema and
 * credential rules the functions apply) and makes one authenticated read, the account list, against the
 * provider. Prints per connection what it found: provider, account count and ids, and the consent state (OK,
 * needs re-auth, rate limited, or the error class); never a credential. Exit 0 when every connection answered,
 * 1 when a provider read failed, 2 when the file is invalid.
 */
final class CheckConnectionCommand implements Command {

    static final String SYNOPSIS = "check-connection FILE [--timeout SECONDS]";
    static final String SUMMARY = "Validate a connection JSON and list its accounts once at the provider; print "
            + "the consent state, never a secret";

    static final int DEFAULT_TIMEOUT_SECONDS = 30;

    /**
     * One retry at most, and a Retry-After longer than a few seconds is reported rather than waited for: a person
     * is waiting for the answer, and a rate limit is itself what they need to know.
     */
    static final RetryPolicy CHECK_RETRY = new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        List<Connection> connections;
        Duration timeout;
        try {
            CliArgs a = CliArgs.parse(args, Set.of("timeout"), Set.of("help"));
            if (a.flag("help")) {
                out.println("Usage: bankfeed " + SYNOPSIS + "\n" + SUMMARY + ".");
                return OK;
            }
            if (a.positionals().size() != 1) {
                throw new UsageException("name exactly one FILE (a connection object, or {\"connections\":[...]};"
                        + " - for standard input)");
            }
            timeout = Duration.ofSeconds(a.number("timeout", DEFAULT_TIMEOUT_SECONDS, 1, 600));
            connections = read(a.positionals().get(0), in);
        } catch (UsageException | ConnectionConfigException e) {
            // ConnectionJson's messages name the connection and the field, never a value.
            err.println("check-connection: " + e.getMessage());
            return USAGE;
        }
        ClientSettings settings = ClientSettings.defaults().withRetry(CHECK_RETRY)
                .withTimeouts(Duration.ofSeconds(5), timeout);
        HttpClient http = ProviderClients.httpClient(settings);
        int failed = 0;
        for (Connection c : connections) {
            if (!check(c, http, settings, Deadline.after(timeout), out)) {
                failed++;
            }
        }
        out.flush();
        if (connections.size() > 1) {
            err.println("check-connection: " + (connections.size() - failed) + " of " + connections.size()
                    + " connections answered");
        }
        return failed == 0 ? OK : ERROR;
    }

    /** The connections of FILE: a connections file, or one connection object whose id defaults to the file's name. */
    private static List<Connection> read(String file, InputStream in) throws UsageException {
        String json;
        String defaultId;
        try {
            if (file.equals("-")) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                defaultId = "stdin";
            } else {
                Path path = Path.of(file);
                if (!Files.isRegularFile(path)) {
                    throw new UsageException("no such file: " + file);
                }
                json = Files.readString(path, StandardCharsets.UTF_8);
                defaultId = path.getFileName().toString().replaceFirst("\\.json$", "");
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        return isConnectionsFile(json) ? ConnectionJson.parseFile(json)
                : List.of(ConnectionJson.parseConnection(json, defaultId));
    }

    private static boolean isConnectionsFile(String json) {
        try {
            JsonNode root = BankJson.mapper().readTree(json);
            return root != null && root.isObject() && root.has("connections");
        } catch (IOException e) {
            // Reported by ConnectionJson, which names the position and never quotes the text.
            return false;
        }
    }

    /** Lists the connection's accounts once and prints what was found; false when the provider read failed. */
    private static boolean check(Connection given, HttpClient http, ClientSettings settings, Deadline deadline,
            PrintStream out) {
        // A check must not ask Finqware for a data-refresh job: it would count against the consent's unattended
        // reads, and listing the accounts already proves the credentials and the consent.
        Connection c = given.withCredentials(given.credentials().withoutSideEffects());
        out.println("connection " + c.id() + ": " + c.provider().id() + " at " + c.baseUrl());
        ProviderClient client = ProviderClients.create(c, http, settings);
        long started = System.nanoTime();
        try {
            List<Account> accounts = new ArrayList<>();
            int rejected = 0;
            for (JsonNode page : client.accountPages(deadline)) {
                NormalizationResult<Account> r = ProviderModules.of(c.provider()).normalizer().accounts(page,
                        NormalizationContext.now());
                accounts.addAll(r.records());
                rejected += r.rejections().size();
            }
            out.println("  consent:  OK (accounts listed in " + (System.nanoTime() - started) / 1_000_000 + " ms)");
            out.println("  accounts: " + accounts.size()
                    + (accounts.isEmpty() ? "" : " (" + String.join(", ", accounts.stream().map(a -> a.canonicalId()
                            + (a.currency() == null ? "" : " " + a.currency())).toList()) + ")"));
            if (rejected > 0) {
                out.println("  warning:  " + rejected + " account records do not normalize; ListAccounts would "
                        + "report them as MALFORMED_RESPONSE");
            }
            return true;
        } catch (ProviderException e) {
            out.println("  consent:  " + state(e));
            out.println("  error:    " + e.getMessage().replaceAll("[\\r\\n]+", " "));
            out.println("  action:   " + action(e.errorClass()));
            return false;
        } catch (RuntimeException e) {
            // Not a classified provider failure: its message is masked like any provider text before it prints.
            out.println("  consent:  error (" + e.getClass().getSimpleName() + ")");
            out.println("  error:    " + Redactor.forConnection(c).redact(String.valueOf(e.getMessage()))
                    .replaceAll("[\\r\\n]+", " "));
            return false;
        }
    }

    private static String state(ProviderException e) {
        return switch (e.errorClass()) {
            case NEEDS_REAUTH -> "needs re-auth (NEEDS_REAUTH)";
            case RATE_LIMITED -> "rate limited (RATE_LIMITED" + e.retryAfter().map(d -> ", retry after "
                    + d.toSeconds() + " s").orElse("") + ")";
            default -> "error (" + e.errorClass() + ")";
        };
    }

    private static String action(ErrorClass errorClass) {
        return switch (errorClass) {
            case NEEDS_REAUTH -> "the bank refused the credentials or the consent (expired, revoked or unknown): "
                    + "renew the consent with the provider, or fix the credentials, and check again";
            case RATE_LIMITED -> "the provider asks to slow down: check again later, and keep maxConcurrency low";
            case TRANSIENT -> "the provider did not answer in time or failed on its side: check again; if it "
                    + "persists, check baseUrl and the network";
            case PERMANENT -> "the provider refuses the request as sent: check baseUrl, the ids (accountAuthId, "
                    + "accountIds, consentId) and the credentials' environment (sandbox or live)";
            case MALFORMED_RESPONSE -> "the answer is not the provider's documented shape: check that baseUrl "
                    + "points at the provider's API";
            default -> "see the error above";
        };
    }
}
