package dev.bankfeed.provider.finqware;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.ErrorDialect;
import dev.bankfeed.provider.http.HttpExecutor;
import dev.bankfeed.provider.http.ProviderRequest;
import dev.bankfeed.provider.http.ProviderResponse;
import dev.bankfeed.provider.http.UriBuilder;
import dev.bankfeed.provider.http.WalkState;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finqware (FinqLink Data v2) client: every call is a POST of JSON to {@code {baseUrl}/v2/ais/...} carrying
 * {@code client_id}, plus {@code client_secret} in test mode or {@code Authorization: Bearer} in OAuth mode,
 * and an {@code x-request-id} UUID (kept across retries of one call). With {@code refreshData} the client asks
 * for a data-refresh job before listing (at most once per {@link ClientSettings#dataRefreshInterval()}, and not
 * for a resumed walk, whose keyset must read the data it started on) and polls it within the deadline; a
 * {@code cooldown_failed} answer means the data already there is used. Transactions are a keyset walk ending on
 * {@code pagination."more?" == false}; resume state {@code {"from": "yyyy-MM-dd", "after": <keyset>}}.
 */
public final class FinqwareClient implements ProviderClient {

    private static final Logger LOG = LoggerFactory.getLogger(FinqwareClient.class);

    static final String ACCOUNTS_PATH = "/v2/ais/accounts/list";
    static final String TRANSACTIONS_PATH = "/v2/ais/transactions/list";
    static final String JOBS_CREATE_PATH = "/v2/ais/jobs/create";
    static final String JOBS_GET_PATH = "/v2/ais/jobs/get";

    static final int MAX_LIMIT = 500;
    private static final Set<String> JOB_DONE = Set.of("job_completed", "job_partially_completed", "job_failed");

    private final Connection connection;
    private final HttpExecutor http;
    private final FinqwareCredentials credentials;
    private Instant lastRefresh;

    /** A client for {@code connection}; {@code http} must be built with {@link #dialect()}. */
    public FinqwareClient(Connection connection, HttpExecutor http) {
        this.credentials = connection.credentials(FinqwareCredentials.class);
        this.connection = connection;
        this.http = http;
    }

    /**
     * How Finqware writes errors ({@code {error_id, request_id, code, message}}): consent_not_active and
     * consent_not_found need a person; cooldown_failed is a rate limit the caller may tolerate.
     */
    public static ErrorDialect dialect() {
        return new ErrorDialect() {
            @Override
            public String code(JsonNode body) {
                return ErrorDialect.text(body, "code");
            }

            @Override
            public String requestId(JsonNode body) {
                return ErrorDialect.text(body, "request_id");
            }

            @Override
            public ErrorClass classify(int status, String code, JsonNode body) {
                if ((status == 400 && "consent_not_active".equals(code))
                        || (status == 404 && "consent_not_found".equals(code))) {
                    return ErrorClass.NEEDS_REAUTH;
                }
                return status == 400 && "cooldown_failed".equals(code) ? ErrorClass.RATE_LIMITED : null;
            }
        };
    }

    @Override
    public Provider provider() {
        return FinqwareModule.PROVIDER;
    }

    @Override
    public List<JsonNode> accountPages(Deadline deadline) {
        refreshIfDue(deadline);
        ProviderResponse r = post(ACCOUNTS_PATH, consentBody(), deadline);
        r.requireObject();
        r.requireArray("accounts");
        return List.of(r.body());
    }

    /** The {@code accounts/list} body narrowed to the one account (whose {@code balances} are the latest). */
    @Override
    public JsonNode latestBalances(String providerAccountId, Deadline deadline) {
        refreshIfDue(deadline);
        ProviderResponse r = post(ACCOUNTS_PATH, consentBody(), deadline);
        r.requireObject();
        for (JsonNode account : r.requireArray("accounts")) {
            if (providerAccountId.equals(account.path("id").asText(null))) {
                ObjectNode body = ((ObjectNode) r.body()).deepCopy();
                body.putArray("accounts").add(account);
                return body;
            }
        }
        throw new ProviderException(FinqwareModule.PROVIDER, ErrorClass.PERMANENT, r.endpoint(), r.status(),
                r.requestId(), null, "the account is not among the consent's accounts", null);
    }

    @Override
    public TransactionWalk transactions(String providerAccountId, WalkRequest request, Deadline deadline) {
        int limit = Math.min(request.pageSize(), MAX_LIMIT);
        if (request.resumeState() == null) {
            refreshIfDue(deadline);
            return new Walk(providerAccountId, request.from(), null, limit, deadline);
        }
        JsonNode s = WalkState.read(request.resumeState(), "finqware", "from", "after");
        try {
            return new Walk(providerAccountId, LocalDate.parse(s.get("from").asText()), s.get("after"), limit,
                    deadline);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("resumeState is not a finqware walk state (bad 'from')");
        }
    }

    private final class Walk implements TransactionWalk {

        private final String accountId;
        private final LocalDate from;
        private final int limit;
        private final Deadline deadline;
        private JsonNode after;
        private boolean done;
        private int returned;

        Walk(String accountId, LocalDate from, JsonNode after, int limit, Deadline deadline) {
            this.accountId = accountId;
            this.from = from;
            this.after = after;
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public Optional<TransactionPage> next() {
            if (done) {
                return Optional.empty();
            }
            ObjectNode body = consentBody();
            body.putObject("filter").put("account_id", accountId).put("booking_date_from", from.toString());
            ObjectNode pagination = body.putObject("pagination");
            if (after != null) {
                pagination.set("after", after);
            }
            pagination.put("limit", limit);
            ProviderResponse r = post(TRANSACTIONS_PATH, body, deadline);
            r.requireObject();
            JsonNode items = r.requireArray("transactions");
            JsonNode more = r.body().path("pagination").get("more?");
            if (more == null || !more.isBoolean()) {
                throw r.malformed("body has no boolean 'pagination.more?'");
            }
            done = !more.asBoolean();
            String state = null;
            if (!done) {
                JsonNode keyset = items.isEmpty() ? null : items.get(items.size() - 1).get("keyset");
                if (keyset == null || keyset.isNull() || keyset.isContainerNode()) {
                    throw r.malformed("'more?' is true but the last transaction has no 'keyset'");
                }
                if (keyset.equals(after)) {
                    throw r.malformed("the last keyset repeats the 'after' of the request");
                }
                after = keyset;
                ObjectNode s = WalkState.create().put("from", from.toString());
                s.set("after", keyset);
                state = WalkState.write(s);
            }
            return Optional.of(new TransactionPage(r.body(), state, done, false, returned++));
        }
    }

    private void refreshIfDue(Deadline deadline) {
        if (!credentials.refreshData()) {
            return;
        }
        ClientSettings settings = http.settings();
        synchronized (this) {
            Instant now = settings.clock().instant();
            if (lastRefresh != null && now.isBefore(lastRefresh.plus(settings.dataRefreshInterval()))) {
                return;
            }
            lastRefresh = now;
        }
        String jobId;
        try {
            ProviderResponse created = post(JOBS_CREATE_PATH, consentBody(), deadline);
            JsonNode id = created.requireObject().get("job_id");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                throw created.malformed("jobs/create answer has no 'job_id'");
            }
            jobId = id.asText();
        } catch (ProviderException e) {
            if ("cooldown_failed".equals(e.providerCode())) {
                LOG.info("finqware data refresh for connection {} is in cooldown; listing the data already there",
                        connection.id());
                return;
            }
            throw e;
        }
        for (int poll = 1; poll <= settings.jobMaxPolls(); poll++) {
            if (deadline.remaining().compareTo(settings.jobPollInterval()) <= 0) {
                LOG.warn("finqware refresh job for connection {} still running at the deadline; listing the data"
                        + " already there", connection.id());
                return;
            }
            sleep(settings);
            ObjectNode ask = consentBody().put("job_id", jobId);
            String status;
            try {
                ProviderResponse r = post(JOBS_GET_PATH, ask, deadline);
                JsonNode s = r.requireObject().get("status");
                if (s == null || !s.isTextual()) {
                    throw r.malformed("jobs/get answer has no 'status'");
                }
                status = s.asText();
            } catch (ProviderException e) {
                if ("job_not_found".equals(e.providerCode())) {
                    LOG.warn("finqware refresh job of connection {} is no longer known; listing the data already"
                            + " there", connection.id());
                    return;
                }
                throw e;
            }
            if (JOB_DONE.contains(status)) {
                if ("job_failed".equals(status)) {
                    LOG.warn("finqware refresh job of connection {} failed; listing the data already there",
                            connection.id());
                }
                return;
            }
        }
        LOG.warn("finqware refresh job of connection {} not finished after {} polls; listing the data already there",
                connection.id(), settings.jobMaxPolls());
    }

    private void sleep(ClientSettings settings) {
        try {
            settings.sleeper().sleep(settings.jobPollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(FinqwareModule.PROVIDER, ErrorClass.TRANSIENT, "POST " + JOBS_GET_PATH, 0, null,
                    null, "interrupted while waiting for the refresh job", e);
        }
    }

    /** {@code client_id}, {@code client_secret} in test mode, and {@code consent_id}. */
    private ObjectNode consentBody() {
        ObjectNode body = BankJson.mapper().createObjectNode().put("client_id", credentials.clientId());
        if (credentials.clientSecret() != null) {
            body.put("client_secret", credentials.clientSecret().reveal());
        }
        return body.put("consent_id", credentials.consentId());
    }

    private ProviderResponse post(String path, ObjectNode body, Deadline deadline) {
        byte[] json;
        try {
            json = BankJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        ProviderRequest request = ProviderRequest.postJson(path, UriBuilder.on(connection.baseUrl()).path(path).build(),
                json).header("x-request-id", UUID.randomUUID().toString());
        if (credentials.bearerToken() != null) {
            request = request.header("Authorization", "Bearer " + credentials.bearerToken().reveal());
        }
        return http.execute(request, deadline);
    }
}
