package dev.bankfeed.sandbox.finqware;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.sandbox.AccountSpec;
import dev.bankfeed.sandbox.ExpectedBalance;
import dev.bankfeed.sandbox.Json;
import dev.bankfeed.sandbox.Ledger;
import dev.bankfeed.sandbox.MergedWalk;
import dev.bankfeed.sandbox.ProviderApi;
import dev.bankfeed.sandbox.Reply;
import dev.bankfeed.sandbox.Request;
import dev.bankfeed.sandbox.Rng;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.SandboxCurrency;
import dev.bankfeed.sandbox.TxnContent;
import dev.bankfeed.sandbox.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finqware FinqLink Data v2 (docs/providers.md#finqware): RPC-style POSTs with {@code client_id} (and
 * {@code client_secret}, or a Bearer token) in every body, keyset pagination ({@code pagination.after} = the
 * last item's {@code keyset}; the response's {@code pagination."more?"}), newest {@code booking_date_time}
 * first, amounts as positive decimal strings signed by {@code credit_debit_indicator}, refresh jobs with a
 * cooldown. A pending transaction books under a new {@code id} but keeps its {@code utx_id}.
 */
final class FinqwareApi extends ProviderApi {

    static final String PREFIX = "/v2/ais/";
    private static final String APP = "Bankfeed Sandbox";
    private static final DateTimeFormatter MICROS = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] JOB_PROGRESS = {"accounts_ready", "balances_ready", "transactions_fetching"};

    private record Job(String consentId, boolean fails, AtomicInteger polls) {
    }

    private final FinqwareFaults faults;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Long> lastJobAt = new ConcurrentHashMap<>();
    private final AtomicLong jobCount = new AtomicLong();
    private final AtomicLong errorCount = new AtomicLong();

    FinqwareApi(World world, FinqwareFaults faults) {
        super(world, PREFIX);
        this.faults = faults;
    }

    /** Finqware echoes the caller's {@code x-request-id}. */
    @Override
    protected boolean echoesClientRequestId() {
        return true;
    }

    @Override
    protected Reply error(Request req, int status, String code, String message) {
        String errorId = Rng.uuid(Rng.of(world.seed(), Rng.TOKEN, -1, errorCount.incrementAndGet()));
        String c = code != null ? code
                : status == 429 ? "rate_limited" : status >= 500 ? "internal_server_error" : "bad_request";
        return Reply.json(status, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("error_id", errorId);
            g.writeStringField("request_id", req.requestId);
            g.writeStringField("code", c);
            g.writeStringField("message", message);
            g.writeEndObject();
        }));
    }

    @Override
    protected Reply route(Request req) {
        String op = req.path.substring(PREFIX.length());
        if (!req.method.equals("POST") || !List.of("accounts/list", "balances/list", "transactions/list",
                "jobs/create", "jobs/get").contains(op)) {
            throw refuse(req, 404, "not_found", "No route for " + req.method + " " + req.path);
        }
        JsonNode body = Json.parse(req.body);
        if (body == null || !body.isObject()) {
            throw refuse(req, 400, "bad_request", "The request body must be a JSON object");
        }
        authenticate(req, body);
        SandboxConnection consent = consent(req, body);
        return switch (op) {
            case "accounts/list" -> accounts(req, body, consent);
            case "balances/list" -> balances(req, body, consent);
            case "transactions/list" -> transactions(req, body, consent);
            case "jobs/create" -> createJob(req, consent);
            default -> getJob(req, body, consent);
        };
    }

    private void authenticate(Request req, JsonNode body) {
        String clientId = text(body, "client_id");
        if (clientId == null || clientId.isEmpty() || clientId.length() > 128) {
            throw refuse(req, 400, "validation_error", "client_id is required (at most 128 characters)");
        }
        SandboxConnection client = world.connections(FinqwareSandbox.ID).get(0);
        boolean secretOk = client.clientSecret().equals(text(body, "client_secret"));
        boolean bearerOk = client.bearerToken().equals(req.bearer());
        if (!clientId.equals(client.clientId()) || !(secretOk || bearerOk)) {
            throw refuse(req, 401, "unauthorized", "Authentication failed");
        }
    }

    private SandboxConnection consent(Request req, JsonNode body) {
        String consentId = text(body, "consent_id");
        if (consentId == null || consentId.isEmpty()) {
            throw refuse(req, 400, "validation_error", "consent_id is required");
        }
        SandboxConnection c = world.connections(FinqwareSandbox.ID).stream()
                .filter(x -> x.consentId().equals(consentId)).findFirst()
                .orElseThrow(() -> refuse(req, 404, "consent_not_found", "Consent not found"));
        if (faults.isExpired(consentId)) {
            throw refuse(req, 400, "consent_not_active", "Consent is not active (status: expired)");
        }
        return c;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private void envelope(JsonGenerator g, Request req, SandboxConnection consent) throws IOException {
        g.writeStringField("api_client_app", APP);
        g.writeStringField("client_id", consent.clientId());
        g.writeStringField("request_id", req.requestId);
        g.writeStringField("consent_id", consent.consentId());
    }

    // ---- accounts ----

    private Reply accounts(Request req, JsonNode body, SandboxConnection consent) {
        JsonNode filter = body.path("filter");
        String currency = text(filter, "currency");
        World.Snapshot snap = world.snapshot();
        return Reply.ok(Json.write(g -> {
            g.writeStartObject();
            envelope(g, req, consent);
            g.writeArrayFieldStart("accounts");
            for (AccountSpec a : world.accounts(consent.id())) {
                if (currency != null && !currency.equals(a.currency())) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("id", a.id());
                g.writeStringField("name", a.name());
                g.writeStringField("iban", a.iban());
                g.writeStringField("currency", a.currency());
                g.writeStringField("account_type", "Business current account");
                g.writeStringField("account_sub_type", "CurrentAccount");
                g.writeStringField("servicer_name", a.bankName());
                g.writeArrayFieldStart("balances");
                for (ExpectedBalance b : a.provider().latestBalances(a, snap.ledger(a))) {
                    g.writeStartObject();
                    writeBalanceFields(g, b.type(), b.amountMinor() + faults.balanceSkew(a.id(), snap.now()),
                            a.currency(), b.creditLimitIncluded(), snap.now() - 1000);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private static void writeBalanceFields(JsonGenerator g, String type, long minor, String currency,
            boolean creditLimitIncluded, long at) throws IOException {
        g.writeStringField("type", type);
        // Always positive: the sign lives in credit_debit_indicator (an overdraft is a debit).
        g.writeStringField("amount", SandboxCurrency.plain(Math.abs(minor), currency));
        g.writeStringField("currency", currency);
        g.writeStringField("credit_debit_indicator", minor < 0 ? "debit" : "credit");
        g.writeBooleanField("credit_limit_included", creditLimitIncluded);
        g.writeStringField("reference_date_time", Instant.ofEpochMilli(at).toString());
    }

    // ---- balances (history) ----

    private Reply balances(Request req, JsonNode body, SandboxConnection consent) {
        JsonNode filter = body.path("filter");
        String accountId = text(filter, "account_id");
        String type = text(filter, "type");
        int limit = limit(req, body);
        List<AccountSpec> scope = scope(consent, accountId);
        int[] after = decodeBalanceKeyset(req, text(body.path("pagination"), "after"));
        World.Snapshot snap = world.snapshot();
        // Rows run (day 1 = yesterday .. historyDays) x (accounts in ordinal order); a row's keyset is its (day, index).
        List<int[]> rows = new ArrayList<>();
        boolean more = false;
        int startDay = after == null ? 1 : after[0];
        for (int d = startDay; d <= config.historyDays() && !more; d++) {
            for (int k = (after != null && d == after[0]) ? after[1] + 1 : 0; k < scope.size(); k++) {
                if (type != null && !type.equals(FinqwareSandbox.bookedType(scope.get(k)))) {
                    continue;
                }
                if (rows.size() == limit) {
                    more = true;
                    break;
                }
                rows.add(new int[] {d, k});
            }
        }
        boolean hasMore = more;
        return Reply.ok(Json.write(g -> {
            g.writeStartObject();
            envelope(g, req, consent);
            g.writeArrayFieldStart("balances");
            for (int[] row : rows) {
                AccountSpec a = scope.get(row[1]);
                LocalDate day = snap.today().minusDays(row[0]);
                long endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                g.writeStartObject();
                g.writeStringField("id", Rng.uuid(Rng.of(world.seed(), Rng.BALANCE, a.key(), day.toEpochDay())));
                g.writeStringField("account_id", a.id());
                writeBalanceFields(g, FinqwareSandbox.bookedType(a),
                        snap.ledger(a).bookedBalanceBefore(endOfDay) + faults.balanceSkew(a.id(), endOfDay),
                        a.currency(), false, endOfDay - 1000);
                g.writeStringField("keyset", encodeKeyset("b:" + row[0] + ":" + row[1]));
                g.writeEndObject();
            }
            g.writeEndArray();
            writePagination(g, hasMore);
            g.writeEndObject();
        }));
    }

    private int[] decodeBalanceKeyset(Request req, String after) {
        if (after == null || after.isEmpty()) {
            return null;
        }
        String raw = decodeKeyset(after);
        String[] parts = raw == null ? new String[0] : raw.split(":");
        try {
            if (parts.length == 3 && parts[0].equals("b")) {
                return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refuse(req, 400, "invalid_input", "pagination.after is not a keyset of this list");
    }

    // ---- transactions ----

    private Reply transactions(Request req, JsonNode body, SandboxConnection consent) {
        JsonNode filter = body.path("filter");
        List<AccountSpec> scope = scope(consent, text(filter, "account_id"));
        LocalDate bookedFrom = dateParam(req, filter, "booking_date_from");
        LocalDate bookedTo = dateParam(req, filter, "booking_date_to");
        Long changedFrom = instantParam(req, filter, "updated_from");
        Long changedTo = instantParam(req, filter, "updated_to");
        String status = text(filter, "status");
        String indicator = text(filter, "credit_debit_indicator");
        boolean trackChanges = body.path("track_changes").asBoolean(false);
        int limit = limit(req, body);
        String after = text(body.path("pagination"), "after");
        MergedWalk.Key afterKey = null;
        if (after != null && !after.isEmpty()) {
            String raw = decodeKeyset(after);
            afterKey = raw != null && raw.startsWith("t:") ? MergedWalk.Key.decode(raw.substring(2)) : null;
            if (afterKey == null) {
                throw refuse(req, 400, "invalid_input", "pagination.after is not a keyset of this list");
            }
        }
        long fromMillis = bookedFrom == null ? Long.MIN_VALUE : startOf(bookedFrom);
        long toMillis = bookedTo == null ? Long.MAX_VALUE : startOf(bookedTo.plusDays(1));
        MergedWalk walk = new MergedWalk(scope, world.snapshot(), afterKey, (a, l, i) -> {
            long t = l.time(i);
            // track_changes: change tracking follows updated_at instead of inserted_at.
            long changed = trackChanges ? l.updatedAt(i) : l.insertedAt(i);
            return t >= fromMillis && t < toMillis
                    && (changedFrom == null || changed >= changedFrom)
                    && (changedTo == null || changed <= changedTo)
                    && (status == null || status.equals(l.pending(i) ? "pending" : "booked"))
                    && (indicator == null || indicator.equals(l.amount(i) < 0 ? "debit" : "credit"));
        });
        return Reply.ok(Json.write(g -> {
            g.writeStartObject();
            envelope(g, req, consent);
            g.writeArrayFieldStart("transactions");
            for (int n = 0; n < limit && walk.hasNext(); n++) {
                walk.advance();
                writeTransaction(g, walk);
            }
            g.writeEndArray();
            writePagination(g, walk.hasNext());
            g.writeEndObject();
        }));
    }

    private void writeTransaction(JsonGenerator g, MergedWalk walk) throws IOException {
        AccountSpec a = walk.account();
        Ledger l = walk.ledger();
        int i = walk.index();
        TxnContent c = TxnContent.of(world.seed(), a, l.origin(i));
        long amount = l.amount(i);
        g.writeStartObject();
        g.writeStringField("id", world.transactionId(a, l.serial(i)));
        g.writeStringField("utx_id", FinqwareSandbox.utxId(world, a, l.origin(i)));
        g.writeStringField("account_id", a.id());
        g.writeStringField("amount", SandboxCurrency.plain(Math.abs(amount), a.currency()));
        g.writeStringField("currency", a.currency());
        g.writeStringField("credit_debit_indicator", amount < 0 ? "debit" : "credit");
        g.writeStringField("status", l.pending(i) ? "pending" : "booked");
        g.writeStringField("booking_date_time", isoInstant(l.time(i)));
        g.writeStringField("value_date_time", isoInstant(l.time(i) + c.valueDateShiftDays() * World.DAY));
        g.writeStringField("info", c.description());
        g.writeStringField("counterparty_name", c.counterpartyName());
        g.writeStringField("keyset", encodeKeyset("t:" + walk.key().encode()));
        g.writeStringField("inserted_at", MICROS.format(Instant.ofEpochMilli(l.insertedAt(i))));
        g.writeStringField("updated_at", MICROS.format(Instant.ofEpochMilli(l.updatedAt(i))));
        g.writeEndObject();
    }

    private static void writePagination(JsonGenerator g, boolean more) throws IOException {
        g.writeObjectFieldStart("pagination");
        g.writeBooleanField("more?", more);
        g.writeEndObject();
    }

    private List<AccountSpec> scope(SandboxConnection consent, String accountId) {
        List<AccountSpec> all = world.accounts(consent.id());
        return accountId == null ? all : all.stream().filter(a -> a.id().equals(accountId)).toList();
    }

    private int limit(Request req, JsonNode body) {
        return intParam(req, "pagination.limit", text(body.path("pagination"), "limit"), 100, 1, 500,
                "validation_error");
    }

    private LocalDate dateParam(Request req, JsonNode filter, String name) {
        String v = text(filter, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v) : OffsetDateTime.parse(v).toLocalDate();
        } catch (DateTimeParseException e) {
            throw refuse(req, 400, "validation_error", "filter." + name + " must be an ISO 8601 date");
        }
    }

    private Long instantParam(Request req, JsonNode filter, String name) {
        String v = text(filter, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return v.length() == 10 ? startOf(LocalDate.parse(v)) : OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw refuse(req, 400, "validation_error", "filter." + name + " must be an ISO 8601 date-time");
        }
    }

    private static long startOf(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static String encodeKeyset(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeKeyset(String keyset) {
        try {
            return new String(Base64.getUrlDecoder().decode(keyset), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- jobs ----

    private Reply createJob(Request req, SandboxConnection consent) {
        long now = config.clock().millis();
        long cooldown = config.jobCooldown().toMillis();
        Long previous = lastJobAt.get(consent.consentId());
        if (previous != null && now - previous < cooldown) {
            throw refuse(req, 400, "cooldown_failed", "Data refresh cooldown period not yet elapsed");
        }
        lastJobAt.put(consent.consentId(), now);
        String jobId = Rng.uuid(Rng.of(world.seed(), Rng.CONNECTION, -2, jobCount.incrementAndGet()));
        jobs.put(jobId, new Job(consent.consentId(), faults.takeJobFailure(), new AtomicInteger()));
        return jobReply(req, consent, jobId, "job_started");
    }

    private Reply getJob(Request req, JsonNode body, SandboxConnection consent) {
        String jobId = text(body, "job_id");
        if (jobId == null || jobId.isEmpty()) {
            throw refuse(req, 400, "validation_error", "job_id is required");
        }
        Job job = jobs.get(jobId);
        if (job == null || !job.consentId().equals(consent.consentId())) {
            throw refuse(req, 404, "job_not_found", "Job does not exist or is outside the accessible date range");
        }
        int polls = job.polls().incrementAndGet();
        String status = polls >= config.jobPollsToComplete()
                ? (job.fails() ? "job_failed" : "job_completed")
                : JOB_PROGRESS[Math.min(polls - 1, JOB_PROGRESS.length - 1)];
        return jobReply(req, consent, jobId, status);
    }

    private Reply jobReply(Request req, SandboxConnection consent, String jobId, String status) {
        return Reply.ok(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("request_id", req.requestId);
            g.writeStringField("api_client_app", APP);
            g.writeStringField("consent_id", consent.consentId());
            g.writeStringField("job_id", jobId);
            g.writeStringField("status", status);
            g.writeEndObject();
        }));
    }
}
