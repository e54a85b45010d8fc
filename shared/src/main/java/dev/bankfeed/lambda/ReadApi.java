package dev.bankfeed.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.config.ConnectionIds;
import dev.bankfeed.job.JobDependencies;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.normalize.CanonicalJson;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.ConnectionStatus;
import dev.bankfeed.store.Page;
import dev.bankfeed.store.StoredTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API (docs/openapi.yaml): {@code GET} routes over the stored accounts, statuses, balances and
 * transactions, answered from the table alone. Amounts are {@code {minor, currency, decimal}}; no raw provider
 * payload, no secret. Paged answers hand out an opaque {@code nextCursor} bound to its route, account and window;
 * invalid input is a 400 problem naming the parameter, an unknown connection or account a 404.
 */
public final class ReadApi {

    private static final Logger LOG = LoggerFactory.getLogger(ReadApi.class);

    static final String ACCOUNTS = "GET /connections/{connectionId}/accounts";
    static final String BALANCES = "GET /accounts/{accountId}/balances";
    static final String HISTORY = "GET /accounts/{accountId}/balances/history";
    static final String TRANSACTIONS = "GET /accounts/{accountId}/transactions";
    static final String CHANGES = "GET /accounts/{accountId}/transactions/changes";
    /** Every route, for the template and the local runner to agree with. */
    public static final List<String> ROUTES = List.of(ACCOUNTS, BALANCES, HISTORY, TRANSACTIONS, CHANGES);

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9:._-]{1,256}");
    private static final Pattern ROUTE_VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");

    private final JobDependencies deps;
    private final ObjectMapper mapper = BankJson.mapper();

    public ReadApi(JobDependencies deps) {
        this.deps = deps;
    }

    /** Answers one HTTP API payload 2.0 request event with a payload 2.0 response. */
    public ObjectNode handle(JsonNode event) {
        String route = event.path("routeKey").asText("");
        try {
            Request r = new Request(event);
            return switch (route) {
                case ACCOUNTS -> accounts(r);
                case BALANCES -> balances(r);
                case HISTORY -> history(r);
                case TRANSACTIONS -> transactions(r);
                case CHANGES -> changes(r);
                default -> HttpAnswers.problem(404, "Not found", null, "no read route " + route);
            };
        } catch (BadRequestException e) {
            return HttpAnswers.problem(e.status(), "Invalid request", e.field(), e.getMessage());
        } catch (NotFound e) {
            return HttpAnswers.problem(404, "Not found", e.field, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("read {} failed: {}", route, e.toString());
            return HttpAnswers.problem(500, "The read failed", null, "see the function's logs");
        }
    }

    private ObjectNode accounts(Request r) {
        String connectionId = r.path("connectionId");
        if (!ConnectionIds.isValid(connectionId)) {
            throw new BadRequestException("connectionId", "must be " + ConnectionIds.RULE);
        }
        r.allow();
        List<Account> accounts = deps.accounts().accounts(connectionId);
        List<AccountStatus> statuses = deps.statuses().statuses(connectionId);
        Optional<ConnectionStatus> connection = deps.statuses().connectionStatus(connectionId);
        // The function reads the table alone (no access to the connections' secrets): a connection is known once
        // a job tried to list its accounts, so a consent that failed before the first account still answers.
        if (accounts.isEmpty() && statuses.isEmpty() && connection.isEmpty()) {
            throw new NotFound("connectionId", "names no known connection: no job has listed the accounts of '"
                    + connectionId + "' yet");
        }
        Map<String, List<AccountStatus>> byAccount = statuses.stream()
                .collect(Collectors.groupingBy(AccountStatus::accountCanonicalId, LinkedHashMap::new,
                        Collectors.toList()));
        ObjectNode body = mapper.createObjectNode();
        body.put("connectionId", connectionId);
        body.set("connection", connection.<JsonNode>map(this::connectionStatusJson).orElse(NullNode.getInstance()));
        ArrayNode list = body.putArray("accounts");
        for (Account a : accounts) {
            ObjectNode o = CanonicalJson.account(a, false);
            o.remove("recordType");
            ObjectNode s = o.putObject("statuses");
            for (AccountStatus st : byAccount.getOrDefault(a.canonicalId(), List.of())) {
                s.set(st.job(), statusJson(st));
            }
            list.add(o);
        }
        return ok(body);
    }

    private ObjectNode balances(Request r) {
        String account = knownAccount(r);
        r.allow();
        ObjectNode body = mapper.createObjectNode();
        body.put("accountId", account);
        ArrayNode list = body.putArray("balances");
        deps.balances().latest(account).forEach(b -> list.add(balanceJson(b)));
        return ok(body);
    }

    private ObjectNode history(Request r) {
        String account = knownAccount(r);
        r.allow("type", "limit", "cursor");
        String typeText = r.query("type");
        if (typeText == null) {
            throw new BadRequestException("type", "is required: one of " + Arrays.toString(BalanceType.values()));
        }
        BalanceType type;
        try {
            type = BalanceType.valueOf(typeText);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("type", "must be one of " + Arrays.toString(BalanceType.values()));
        }
        int limit = r.limit();
        String scope = "history|" + account + "|" + type;
        String after = r.cursor(scope);
        Page<BalanceSnapshot> page;
        try {
            page = deps.balances().history(account, type, after, limit);
        } catch (IllegalArgumentException e) {
            throw Request.badCursor();
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("accountId", account);
        body.put("type", type.name());
        ArrayNode list = body.putArray("balances");
        page.items().forEach(b -> list.add(balanceJson(b)));
        body.put("nextCursor", page.next() == null ? null : Request.cursor(scope, page.next()));
        return ok(body);
    }

    private ObjectNode transactions(Request r) {
        String account = knownAccount(r);
        r.allow("from", "to", "limit", "cursor");
        LocalDate from = r.date("from");
        LocalDate to = r.date("to");
        if (from != null && to != null && to.isBefore(from)) {
            throw new BadRequestException("to", "must not be before 'from'");
        }
        int limit = r.limit();
        // The window is part of the cursor's scope: a cursor of one window does not page another.
        String scope = "transactions|" + account + "|" + from + "|" + to;
        Page<StoredTransaction> page = deps.transactions().window(account, from, to, r.cursor(scope), limit);
        ObjectNode body = mapper.createObjectNode();
        body.put("accountId", account);
        body.put("from", from == null ? null : from.toString());
        body.put("to", to == null ? null : to.toString());
        ArrayNode list = body.putArray("transactions");
        page.items().forEach(t -> list.add(transactionJson(t)));
        body.put("nextCursor", page.next() == null ? null : Request.cursor(scope, page.next()));
        return ok(body);
    }

    private ObjectNode changes(Request r) {
        String account = knownAccount(r);
        r.allow("cursor", "limit");
        int limit = r.limit();
        String scope = "changes|" + account;
        Page<StoredTransaction> page;
        try {
            page = deps.transactions().changes(account, r.cursor(scope), limit);
        } catch (IllegalArgumentException e) {
            throw Request.badCursor();
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("accountId", account);
        ArrayNode list = body.putArray("changes");
        page.items().forEach(t -> list.add(transactionJson(t)));
        body.put("nextCursor", Request.cursor(scope, page.next()));
        body.put("hasMore", page.more());
        return ok(body);
    }

    private String knownAccount(Request r) {
        String account = r.path("accountId");
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new BadRequestException("accountId", "must be 1-256 letters, digits, ':', '.', '_' or '-' "
                    + "(an account's canonicalId, provider:providerAccountId)");
        }
        if (deps.accounts().find(account).isEmpty()) {
            throw new NotFound("accountId", "names no known account: '" + account + "' was never listed");
        }
        return account;
    }

    private ObjectNode ok(JsonNode body) {
        return HttpAnswers.response(200, "application/json", body);
    }

    /**
     * A stored transaction as the read API and {@code export --format jsonl} show it: the canonical JSON (no raw
     * payload, no provider paging key), its account, and its pairing (supersededBy, supersedes, vanishedAt).
     */
    public static ObjectNode transactionJson(StoredTransaction s) {
        Transaction t = s.transaction();
        ObjectNode o = CanonicalJson.transaction(t, false);
        o.remove("recordType");
        o.remove("keyset");
        o.put("accountId", Account.canonicalId(t.provider(), t.providerAccountId()));
        putIfNotNull(o, "supersededBy", s.supersededBy());
        putIfNotNull(o, "supersedes", s.supersedes());
        putIfNotNull(o, "vanishedAt", s.vanishedAt() == null ? null : s.vanishedAt().toString());
        return o;
    }

    private static ObjectNode balanceJson(BalanceSnapshot b) {
        ObjectNode o = CanonicalJson.balance(b, false);
        o.remove("recordType");
        return o;
    }

    private ObjectNode connectionStatusJson(ConnectionStatus s) {
        ObjectNode o = mapper.createObjectNode();
        putIfNotNull(o, "lastJob", s.lastJob());
        putHealth(o, s.lastSuccessAt(), s.lastAttemptAt(), s.lastErrorClass(), s.lastErrorMessage(), s.needsReauth());
        if (s.accounts() != null) {
            o.put("accountsListed", s.accounts());
        }
        putIfNotNull(o, "lastRunId", s.lastRunId());
        putIfNotNull(o, "firstAttemptAt", s.firstAttemptAt() == null ? null : s.firstAttemptAt().toString());
        return o;
    }

    private ObjectNode statusJson(AccountStatus s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("job", s.job());
        putHealth(o, s.lastSuccessAt(), s.lastAttemptAt(), s.lastErrorClass(), s.lastErrorMessage(), s.needsReauth());
        putIfNotNull(o, "lastRunId", s.lastRunId());
        putIfNotNull(o, "continuityCheckedAt",
                s.continuityCheckedAt() == null ? null : s.continuityCheckedAt().toString());
        BalanceContinuity.Break b = s.continuityBreak();
        if (b != null) {
            ObjectNode br = o.putObject("continuityBreak");
            br.put("kind", b.kind().name());
            putIfNotNull(br, "fromDate", b.fromDate() == null ? null : b.fromDate().toString());
            putIfNotNull(br, "toDate", b.toDate() == null ? null : b.toDate().toString());
            br.set("expected", CanonicalJson.money(new Money(b.expectedMinor(), b.currency())));
            br.set("actual", CanonicalJson.money(new Money(b.actualMinor(), b.currency())));
            putIfNotNull(br, "detail", b.detail());
        }
        return o;
    }

    /** The fields an account's and a connection's status share. */
    private static void putHealth(ObjectNode o, Instant lastSuccessAt, Instant lastAttemptAt, ErrorClass errorClass,
            String message, boolean needsReauth) {
        putIfNotNull(o, "lastSuccessAt", lastSuccessAt == null ? null : lastSuccessAt.toString());
        putIfNotNull(o, "lastAttemptAt", lastAttemptAt == null ? null : lastAttemptAt.toString());
        putIfNotNull(o, "lastErrorClass", errorClass == null ? null : errorClass.name());
        putIfNotNull(o, "lastErrorMessage", message);
        o.put("needsReauth", needsReauth);
    }

    private static void putIfNotNull(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    /** A known route naming an unknown connection or account. */
    private static final class NotFound extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String field;

        NotFound(String field, String detail) {
            super(detail);
            this.field = field;
        }
    }

    /** The path and query parameters of one request, validated as they are read. */
    private static final class Request {

        private final Map<String, String> path = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();

        Request(JsonNode event) {
            event.path("pathParameters").fields().forEachRemaining(f -> path.put(f.getKey(), f.getValue().asText()));
            Iterator<Map.Entry<String, JsonNode>> q = event.path("queryStringParameters").fields();
            while (q.hasNext()) {
                Map.Entry<String, JsonNode> f = q.next();
                // API Gateway joins a repeated parameter's values with commas.
                query.put(f.getKey(), f.getValue().asText());
            }
            // Path parameters from the raw path when the event has none (a $default route, a hand-made event).
            if (path.isEmpty()) {
                String template = event.path("routeKey").asText("");
                String[] routeParts = template.substring(template.indexOf(' ') + 1).split("/");
                String[] pathParts = event.path("rawPath").asText("").split("/");
                for (int i = 0; i < Math.min(routeParts.length, pathParts.length); i++) {
                    var m = ROUTE_VARIABLE.matcher(routeParts[i]);
                    if (m.matches()) {
                        path.put(m.group(1), java.net.URLDecoder.decode(pathParts[i], StandardCharsets.UTF_8));
                    }
                }
            }
        }

        String path(String name) {
            return path.get(name);
        }

        String query(String name) {
            return query.get(name);
        }

        /** Refuses any query parameter but {@code allowed}. */
        void allow(String... allowed) {
            Set<String> ok = Set.of(allowed);
            for (String name : query.keySet()) {
                if (!ok.contains(name)) {
                    throw new BadRequestException(name, "unknown query parameter (allowed: "
                            + (allowed.length == 0 ? "none" : String.join(", ", allowed)) + ")");
                }
            }
        }

        int limit() {
            String text = query.get("limit");
            if (text == null) {
                return DEFAULT_LIMIT;
            }
            try {
                int n = Integer.parseInt(text);
                if (n >= 1 && n <= MAX_LIMIT) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new BadRequestException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }

        LocalDate date(String name) {
            return TriggerParser.date(query, name);
        }

        /** The store position inside the request's cursor, which must be of {@code scope}; null without one. */
        String cursor(String scope) {
            String text = query.get("cursor");
            if (text == null) {
                return null;
            }
            try {
                JsonNode c = BankJson.mapper().readTree(Base64.getUrlDecoder().decode(text));
                if (c != null && Objects.equals(scope, c.path("s").asText(null)) && c.path("p").isTextual()) {
                    return c.path("p").asText();
                }
            } catch (IOException | IllegalArgumentException e) {
                // answered below
            }
            throw badCursor();
        }

        static BadRequestException badCursor() {
            return new BadRequestException("cursor", "is not a cursor of this route, account and window: pass the "
                    + "nextCursor of the previous answer unchanged, or leave it out to start from the beginning");
        }

        static String cursor(String scope, String position) {
            ObjectNode c = BankJson.mapper().createObjectNode();
            c.put("v", 1);
            c.put("s", scope);
            c.put("p", position);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(c.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
