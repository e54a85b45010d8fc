package dev.bankfeed.provider.atlar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.provider.http.ErrorDialect;
import dev.bankfeed.provider.http.HttpExecutor;
import dev.bankfeed.provider.http.ProviderRequest;
import dev.bankfeed.provider.http.ProviderResponse;
import dev.bankfeed.provider.http.UriBuilder;
import dev.bankfeed.provider.http.WalkState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atlar client: OAuth2 client-credentials token (cached, renewed when less than 60 s of its lifetime remain,
 * and once after a 401), token-paginated lists that end only on an empty {@code nextToken}.
 * A transaction walk reads two lists of the account, one after the other: booked {@code /transactions}, which
 * ends on the first page whose oldest {@code date} is before {@link WalkRequest#from()} (the list is newest
 * first and has no date filter), then {@code /pending-transactions} to its end (its order is not documented,
 * and it holds only what has not booked yet). Pending pages reach the normalizer marked
 * {@code "bankfeedListedAs": "PENDING"} (see {@link AtlarNormalizer}); the items themselves are untouched.
 * The resume state is {@code {"token": "<nextToken>"}} in the booked list and
 * {@code {"pendingToken": "<nextToken, or empty for its first page>"}} in the pending one.
 * {@link #latestBalances} walks every page of {@code mostRecent=true}
 * and returns one body {@code {"items": [all items], "nextToken": ""}}: mostRecent gives one balance per
 * type, which fits a page today, but nothing documents that it always will.
 */
public final class AtlarClient implements ProviderClient {

    private static final Logger LOG = LoggerFactory.getLogger(AtlarClient.class);

    static final String TOKEN_PATH = "/iam/v2beta/oauth2/token";
    static final String ACCOUNTS_PATH = "/financial-data/v2/accounts";
    static final String BALANCES_PATH = "/financial-data/v2/accounts/{id}/balances";
    static final String TRANSACTIONS_PATH = "/financial-data/v2/transactions";
    static final String PENDING_TRANSACTIONS_PATH = "/financial-data/v2/pending-transactions";
    private static final String BOOKED_STATE = "token";
    private static final String PENDING_STATE = "pendingToken";

    /** Atlar's documented maximum {@code limit}. */
    static final int MAX_LIMIT = 500;
    private static final int LIST_LIMIT = 100;
    /** Accounts and balances are read whole; a token cycle must not loop forever under {@link Deadline#none()}. */
    private static final int MAX_LIST_PAGES = 1000;
    private static final Duration RENEW_MARGIN = Duration.ofSeconds(60);

    private final Connection connection;
    private final HttpExecutor http;
    private final AtlarCredentials credentials;
    private final String basicCredential;

    private String token;
    private Instant renewAt = Instant.MIN;

    /** A client for {@code connection}; {@code http} must be built with {@link #dialect()}. */
    public AtlarClient(Connection connection, HttpExecutor http) {
        this.credentials = connection.credentials(AtlarCredentials.class);
        this.connection = connection;
        this.http = http;
        this.basicCredential = credentials.basic();
    }

    /** How Atlar writes errors: {@code {status, message}}, or an OAuth {@code {error, error_description}}. */
    public static ErrorDialect dialect() {
        return new ErrorDialect() {
            @Override
            public String code(JsonNode body) {
                return ErrorDialect.text(body, "error");
            }

            @Override
            public String message(JsonNode body) {
                String m = ErrorDialect.text(body, "message");
                return m != null ? m : ErrorDialect.text(body, "error_description");
            }

            @Override
            public ErrorClass classify(int status, String code, JsonNode body) {
                // OAuth says a refused client is 401, but some servers answer 400 invalid_client.
                return "invalid_client".equals(code) || "unauthorized_client".equals(code)
                        ? ErrorClass.NEEDS_REAUTH : null;
            }
        };
    }

    @Override
    public Provider provider() {
        return AtlarModule.PROVIDER;
    }

    @Override
    public List<JsonNode> accountPages(Deadline deadline) {
        List<JsonNode> pages = new ArrayList<>();
        String pageToken = null;
        do {
            URI uri = UriBuilder.on(connection.baseUrl()).path(ACCOUNTS_PATH)
                    .query("limit", LIST_LIMIT).query("token", pageToken).build();
            ProviderResponse r = authorizedGet(ACCOUNTS_PATH, uri, deadline);
            pages.add(r.body());
            pageToken = listNextToken(r, pageToken, pages.size());
        } while (!pageToken.isEmpty());
        return pages;
    }

    @Override
    public JsonNode latestBalances(String providerAccountId, Deadline deadline) {
        ArrayNode items = BankJson.mapper().createArrayNode();
        String pageToken = null;
        int pages = 0;
        do {
            URI uri = UriBuilder.on(connection.baseUrl()).path(ACCOUNTS_PATH + "/").segment(providerAccountId)
                    .path("/balances").query("mostRecent", "true").query("limit", LIST_LIMIT)
                    .query("token", pageToken).build();
            ProviderResponse r = authorizedGet(BALANCES_PATH, uri, deadline);
            items.addAll((ArrayNode) r.requireArray("items"));
            pageToken = listNextToken(r, pageToken, ++pages);
        } while (!pageToken.isEmpty());
        ObjectNode body = BankJson.mapper().createObjectNode();
        body.set("items", items);
        body.put("nextToken", "");
        return body;
    }

    @Override
    public TransactionWalk transactions(String providerAccountId, WalkRequest request, Deadline deadline) {
        if (request.resumeState() == null) {
            return new Walk(providerAccountId, request, false, null, deadline);
        }
        JsonNode state = WalkState.read(request.resumeState(), "atlar");
        if (state.hasNonNull(PENDING_STATE)) {
            String t = state.get(PENDING_STATE).asText();
            return new Walk(providerAccountId, request, true, t.isEmpty() ? null : t, deadline);
        }
        if (!state.hasNonNull(BOOKED_STATE) || state.get(BOOKED_STATE).asText().isEmpty()) {
            throw new IllegalArgumentException("resumeState is not a atlar walk state (no '" + BOOKED_STATE + "')");
        }
        return new Walk(providerAccountId, request, false, state.get(BOOKED_STATE).asText(), deadline);
    }

    private final class Walk implements TransactionWalk {

        private final String accountId;
        private final LocalDate from;
        private final int limit;
        private final Deadline deadline;
        private boolean pending;
        private String pageToken;
        private boolean done;
        private int returned;

        Walk(String accountId, WalkRequest request, boolean pending, String startToken, Deadline deadline) {
            this.accountId = accountId;
            this.from = request.from();
            this.limit = Math.min(request.pageSize(), MAX_LIMIT);
            this.pending = pending;
            this.pageToken = startToken;
            this.deadline = deadline;
        }

        @Override
        public Optional<TransactionPage> next() {
            if (done) {
                return Optional.empty();
            }
            String path = pending ? PENDING_TRANSACTIONS_PATH : TRANSACTIONS_PATH;
            URI uri = UriBuilder.on(connection.baseUrl()).path(path).query("accountId", accountId)
                    .query("limit", limit).query("token", pageToken).build();
            ProviderResponse r = authorizedGet(path, uri, deadline);
            JsonNode items = r.requireArray("items");
            String next = nextToken(r, pageToken);
            JsonNode body = r.body();
            String state;
            if (pending) {
                body = ((ObjectNode) body).deepCopy().put(AtlarNormalizer.LISTED_AS, AtlarNormalizer.PENDING);
                done = next.isEmpty();
                state = done ? null : WalkState.write(WalkState.create().put(PENDING_STATE, next));
            } else if (next.isEmpty() || reachesBefore(items, from)) {
                // Newest first: once a page reaches back before `from`, every later page is older still.
                pending = true;
                next = null;
                state = WalkState.write(WalkState.create().put(PENDING_STATE, ""));
            } else {
                state = WalkState.write(WalkState.create().put(BOOKED_STATE, next));
            }
            pageToken = next;
            return Optional.of(new TransactionPage(body, state, done, false, returned++));
        }
    }

    /** True when some item's booking {@code date} is before {@code from}; unreadable dates are left to the normalizer. */
    static boolean reachesBefore(JsonNode items, LocalDate from) {
        for (JsonNode item : items) {
            JsonNode date = item.get("date");
            if (date != null && date.isTextual() && date.asText().length() >= 10) {
                try {
                    if (LocalDate.parse(date.asText().substring(0, 10)).isBefore(from)) {
                        return true;
                    }
                } catch (DateTimeParseException unreadable) {
                    // not a reason to stop the walk
                }
            }
        }
        return false;
    }

    private static String listNextToken(ProviderResponse r, String usedToken, int pagesRead) {
        String next = nextToken(r, usedToken);
        if (!next.isEmpty() && pagesRead >= MAX_LIST_PAGES) {
            throw r.malformed("still a nextToken after " + MAX_LIST_PAGES + " pages");
        }
        return next;
    }

    private static String nextToken(ProviderResponse r, String usedToken) {
        r.requireArray("items");
        JsonNode next = r.body().get("nextToken");
        if (next == null || next.isNull()) {
            throw r.malformed("body has no 'nextToken'");
        }
        if (!next.isTextual()) {
            throw r.malformed("'nextToken' is not a string");
        }
        if (!next.asText().isEmpty() && next.asText().equals(usedToken)) {
            // Following it would fetch the same page forever.
            throw r.malformed("'nextToken' repeats the token of the page it came from");
        }
        return next.asText();
    }

    /** GET with the cached token; after a 401, one renewal and one retry (a second 401 is NEEDS_REAUTH). */
    private ProviderResponse authorizedGet(String pathTemplate, URI uri, Deadline deadline) {
        String used = bearer(deadline);
        try {
            return http.execute(ProviderRequest.get(pathTemplate, uri).header("Authorization", "Bearer " + used),
                    deadline);
        } catch (ProviderException e) {
            if (e.httpStatus() != 401) {
                throw e;
            }
            LOG.info("atlar GET {} answered 401 for connection {}; renewing the token and retrying once",
                    pathTemplate, connection.id());
            forget(used);
            return http.execute(ProviderRequest.get(pathTemplate, uri)
                    .header("Authorization", "Bearer " + bearer(deadline)), deadline);
        }
    }

    private synchronized String bearer(Deadline deadline) {
        Instant now = http.settings().clock().instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        URI uri = UriBuilder.on(connection.baseUrl()).path(TOKEN_PATH).build();
        ProviderResponse r = http.execute(ProviderRequest.postForm(TOKEN_PATH, uri, "grant_type=client_credentials")
                .header("Authorization", "Basic " + basicCredential), deadline);
        JsonNode body = r.requireObject();
        JsonNode accessToken = body.get("access_token");
        JsonNode expiresIn = body.get("expires_in");
        JsonNode type = body.get("token_type");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw r.malformed("token response has no 'access_token'");
        }
        if (expiresIn == null || !expiresIn.isNumber() || expiresIn.asLong() <= 0) {
            throw r.malformed("token response has no positive 'expires_in'");
        }
        if (type != null && !"bearer".equalsIgnoreCase(type.asText())) {
            throw r.malformed("token response is not a bearer token");
        }
        http.redactor().remember(accessToken.asText());
        Duration lifetime = Duration.ofSeconds(expiresIn.asLong());
        Duration margin = lifetime.dividedBy(2).compareTo(RENEW_MARGIN) < 0 ? lifetime.dividedBy(2) : RENEW_MARGIN;
        token = accessToken.asText();
        // Counted from before the call was sent: the token's clock started no later than that.
        renewAt = now.plus(lifetime).minus(margin);
        LOG.debug("atlar token issued for connection {}, renewing after {}", connection.id(), renewAt);
        return token;
    }

    private synchronized void forget(String used) {
        if (used.equals(token)) {
            token = null;
        }
    }
}
