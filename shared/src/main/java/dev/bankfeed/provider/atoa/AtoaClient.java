package dev.bankfeed.provider.atoa;

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
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atoa client: a static secret key as Bearer; offset pages over a window fixed when the walk starts
 * ({@code from} = WalkRequest.from at London midnight, {@code before} = the start instant, exclusive), so rows
 * arriving mid-walk should not shift the pages. Rows still move inside a fixed window (a late booking dated inside it,
 * a pending row that vanishes), so the walk restarts from page 0 over the same window (bounded) when a page
 * shows movement: {@code totalCount} changed, a page after the first holds other than the rows due at its
 * offset, or it starts with the row that ended the page before. Resume state: {@code {"from","before","page",
 * "itemsPerPage","offset","totalCount","lastId"}} where {@code page} is the next page to fetch,
 * {@code itemsPerPage} the page size the walk asks for, {@code offset} the rows of the window its pages covered
 * so far and {@code lastId} the id of the last row read. A movement that leaves every page looking whole (a
 * row vanishing before the offset as another arrives after it) cannot be seen by offset paging; only a later
 * run's lookback window, where it reaches that far back, re-reads it.
 */
public final class AtoaClient implements ProviderClient {

    private static final Logger LOG = LoggerFactory.getLogger(AtoaClient.class);

    static final String ACCOUNTS_PATH = "/api/bank/{accountAuthId}/accounts";
    static final String DETAILS_PATH = "/api/bank/accounts/{accountId}";
    static final String BALANCE_PATH = "/api/bank/accounts/{accountId}/balance";
    static final String TRANSACTIONS_PATH = "/api/bank/accounts/{accountId}/transactions";

    /** Atoa's banks are UK banks: a booking date is a London date. */
    static final ZoneId BOOKING_ZONE = ZoneId.of("Europe/London");

    static final int MAX_ITEMS_PER_PAGE = 500;
    static final int MAX_RESTARTS = 3;

    private final Connection connection;
    private final HttpExecutor http;
    private final AtoaCredentials credentials;

    /** A client for {@code connection}; {@code http} must be built with {@link #dialect()}. */
    public AtoaClient(Connection connection, HttpExecutor http) {
        this.credentials = connection.credentials(AtoaCredentials.class);
        this.connection = connection;
        this.http = http;
    }

    /** How Atoa writes errors (NestJS style); 404 CONSENT_NOT_FOUND means the consent expired or is unknown. */
    public static ErrorDialect dialect() {
        return new ErrorDialect() {
            @Override
            public String code(JsonNode body) {
                String c = ErrorDialect.text(body, "errorCode");
                return c != null ? c : ErrorDialect.text(body, "code");
            }

            @Override
            public ErrorClass classify(int status, String code, JsonNode body) {
                boolean consentGone = "CONSENT_NOT_FOUND".equals(code)
                        || (code == null && "consent not found".equalsIgnoreCase(ErrorDialect.text(body, "message")));
                return status == 404 && consentGone ? ErrorClass.NEEDS_REAUTH : null;
            }
        };
    }

    @Override
    public Provider provider() {
        return AtoaModule.PROVIDER;
    }

    /**
     * One page: a bare array of account objects that all carry {@code accountId}. Listed items without an id
     * are replaced by the details of the configured account ids; configured ids missing from the list are
     * fetched too.
     */
    @Override
    public List<JsonNode> accountPages(Deadline deadline) {
        ArrayNode page = BankJson.mapper().createArrayNode();
        Set<String> listed = new LinkedHashSet<>();
        if (credentials.accountAuthId() != null) {
            URI uri = UriBuilder.on(connection.baseUrl()).path("/api/bank/").segment(credentials.accountAuthId())
                    .path("/accounts").build();
            ProviderResponse r = get(ACCOUNTS_PATH, uri, deadline);
            if (!r.body().isArray()) {
                throw r.malformed("accounts body is not an array");
            }
            for (JsonNode item : r.body()) {
                JsonNode id = item.get("accountId");
                if (id != null && id.isTextual() && !id.asText().isEmpty() && listed.add(id.asText())) {
                    page.add(item);
                }
            }
        }
        for (String id : credentials.accountIds()) {
            if (!listed.contains(id)) {
                URI uri = UriBuilder.on(connection.baseUrl()).path("/api/bank/accounts/").segment(id).build();
                ProviderResponse r = get(DETAILS_PATH, uri, deadline);
                JsonNode details = r.requireObject();
                JsonNode got = details.get("accountId");
                if (got != null && got.isTextual() && !got.asText().equals(id)) {
                    throw r.malformed("account details name another account than the one asked for");
                }
                page.add(got == null ? ((ObjectNode) details).put("accountId", id) : details);
                listed.add(id);
            }
        }
        return List.of(page);
    }

    @Override
    public JsonNode latestBalances(String providerAccountId, Deadline deadline) {
        URI uri = UriBuilder.on(connection.baseUrl()).path("/api/bank/accounts/").segment(providerAccountId)
                .path("/balance").build();
        ProviderResponse r = get(BALANCE_PATH, uri, deadline);
        if (!r.requireObject().has("balance")) {
            throw r.malformed("balance body has no 'balance'");
        }
        return r.body();
    }

    @Override
    public TransactionWalk transactions(String providerAccountId, WalkRequest request, Deadline deadline) {
        int requested = Math.min(request.pageSize(), MAX_ITEMS_PER_PAGE);
        if (request.resumeState() == null) {
            // A London date's first instant: at 00:00Z a summer day would lose its first hour (BST).
            Instant from = request.from().atStartOfDay(BOOKING_ZONE).toInstant();
            Instant before = http.settings().clock().instant().truncatedTo(ChronoUnit.SECONDS);
            return new Walk(providerAccountId, from, before, requested, deadline);
        }
        JsonNode s = WalkState.read(request.resumeState(), "atoa", "from", "before", "page", "totalCount");
        Walk walk;
        try {
            // The page size the walk started with, whatever this run's: the server numbers its pages by it.
            // A state written before it was kept has none; it then goes on with this run's, as it used to.
            int itemsPerPage = s.hasNonNull("itemsPerPage") ? s.get("itemsPerPage").asInt() : requested;
            walk = new Walk(providerAccountId, Instant.parse(s.get("from").asText()),
                    Instant.parse(s.get("before").asText()), itemsPerPage, deadline);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("resumeState is not an atoa walk state (bad window)");
        }
        int page = s.get("page").asInt();
        long offset = s.hasNonNull("offset") ? s.get("offset").asLong() : (long) page * walk.itemsPerPage;
        if (walk.itemsPerPage < 1 || walk.itemsPerPage > MAX_ITEMS_PER_PAGE || page < 0 || offset < 0) {
            throw new IllegalArgumentException("resumeState is not an atoa walk state (bad page)");
        }
        walk.page = page;
        walk.offset = offset;
        walk.totalCount = s.get("totalCount").asLong();
        walk.lastId = s.hasNonNull("lastId") ? s.get("lastId").asText() : null;
        return walk;
    }

    private final class Walk implements TransactionWalk {

        private final String accountId;
        private final Instant from;
        private final Instant before;
        /**
         * The page size asked for on every page of the walk, across runs; lowered once, on a first page, to
         * what a server that serves fewer rows than asked serves.
         */
        private int itemsPerPage;
        private final Deadline deadline;
        /** The next page to fetch. */
        private int page;
        /** How many rows of the window the pages read so far covered: where the next page starts. */
        private long offset;
        /** The totalCount the pages so far were cut from; -1 before the first page. */
        private long totalCount = -1;
        /** The id of the last row read, which the next page must not start with; null when unknown. */
        private String lastId;
        private boolean done;
        private int restarts;
        private int returned;

        Walk(String accountId, Instant from, Instant before, int itemsPerPage, Deadline deadline) {
            this.accountId = accountId;
            this.from = from;
            this.before = before;
            this.itemsPerPage = itemsPerPage;
            this.deadline = deadline;
        }

        @Override
        public Optional<TransactionPage> next() {
            if (done) {
                return Optional.empty();
            }
            boolean restarted = false;
            ProviderResponse r = fetch(page);
            for (String moved = movement(r); moved != null; moved = movement(r)) {
                // Offsets shifted under the window: pages already read may have lost or repeated rows.
                if (restarts == MAX_RESTARTS) {
                    throw new ProviderException(AtoaModule.PROVIDER, ErrorClass.TRANSIENT, r.endpoint(), r.status(),
                            r.requestId(), null, "data kept moving mid-walk (" + MAX_RESTARTS + " restarts, last: "
                                    + moved + "); left for the next run", null);
                }
                restarts++;
                LOG.warn("atoa {} data moved under the walk at page {} for connection {} ({}); restarting the walk"
                        + " over the same window ({} of {})", r.endpoint(), page, connection.id(), moved, restarts,
                        MAX_RESTARTS);
                restarted = true;
                page = 0;
                offset = 0;
                totalCount = -1;
                lastId = null;
                r = fetch(page);
            }
            long count = count(r);
            JsonNode data = r.requireArray("data");
            if (page == 0 && data.size() > 0 && data.size() < itemsPerPage && data.size() < count) {
                // The server serves fewer rows than asked (Atoa's maximum is undocumented) and numbers its pages
                // by what it serves: ask for exactly that from now on, so that a later short page can only mean
                // that rows moved. The first page cannot have moved against itself.
                LOG.info("atoa {} served {} rows where {} were asked for; the walk asks for {} from now on",
                        r.endpoint(), data.size(), itemsPerPage, data.size());
                itemsPerPage = data.size();
            }
            totalCount = count;
            offset += data.size();
            lastId = data.isEmpty() ? null : idOf(data.get(data.size() - 1));
            done = data.isEmpty() || offset >= count;
            page++;
            String state = null;
            if (!done) {
                ObjectNode s = WalkState.create().put("from", from.toString()).put("before", before.toString())
                        .put("page", page).put("itemsPerPage", itemsPerPage).put("offset", offset)
                        .put("totalCount", count);
                state = WalkState.write(lastId == null ? s : s.put("lastId", lastId));
            }
            return Optional.of(new TransactionPage(r.body(), state, done, restarted, returned++));
        }

        /**
         * Why page {@code page} shows that the window's rows moved since the walk's earlier pages, or null when
         * it does not. An unchanged {@code totalCount} proves nothing (a row can arrive as another vanishes), so
         * a later page must also hold exactly the rows due at its offset by the page size this walk asked for
         * (never the size the server echoes), and must not repeat the last row of the page before it.
         */
        private String movement(ProviderResponse r) {
            long count = count(r);
            JsonNode data = r.requireArray("data");
            if (data.size() > itemsPerPage) {
                throw r.malformed("page holds more rows than were asked for");
            }
            if (totalCount >= 0 && count != totalCount) {
                return "totalCount changed from " + totalCount + " to " + count;
            }
            if (page == 0) {
                return null;
            }
            long due = Math.min(itemsPerPage, Math.max(0, count - offset));
            if (data.size() != due) {
                return "page " + page + " holds " + data.size() + " rows where " + due + " were due";
            }
            if (lastId != null && !data.isEmpty() && lastId.equals(idOf(data.get(0)))) {
                return "page " + page + " starts with the last row of the page before";
            }
            return null;
        }

        private String idOf(JsonNode row) {
            JsonNode id = row.get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        }

        private ProviderResponse fetch(int pageNo) {
            URI uri = UriBuilder.on(connection.baseUrl()).path("/api/bank/accounts/").segment(accountId)
                    .path("/transactions").query("from", from).query("before", before).query("page", pageNo)
                    .query("itemsPerPage", itemsPerPage).build();
            ProviderResponse r = get(TRANSACTIONS_PATH, uri, deadline);
            r.requireObject();
            r.requireArray("data");
            return r;
        }

        private long count(ProviderResponse r) {
            JsonNode c = r.body().get("totalCount");
            if (c == null || !c.canConvertToLong() || !c.isIntegralNumber() || c.asLong() < 0) {
                throw r.malformed("body has no non-negative integer 'totalCount'");
            }
            return c.asLong();
        }
    }

    private ProviderResponse get(String pathTemplate, URI uri, Deadline deadline) {
        return http.execute(ProviderRequest.get(pathTemplate, uri)
                .header("Authorization", "Bearer " + credentials.secretKey().reveal()), deadline);
    }
}
