package dev.bankfeed.sandbox.atlar;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bankfeed.sandbox.AccountSpec;
import dev.bankfeed.sandbox.Json;
import dev.bankfeed.sandbox.Ledger;
import dev.bankfeed.sandbox.MergedWalk;
import dev.bankfeed.sandbox.ProviderApi;
import dev.bankfeed.sandbox.Reply;
import dev.bankfeed.sandbox.Request;
import dev.bankfeed.sandbox.Rng;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.SandboxCurrency;
import dev.bankfeed.sandbox.ShortPages;
import dev.bankfeed.sandbox.TxnContent;
import dev.bankfeed.sandbox.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Atlar (docs/providers.md#atlar): OAuth2 client-credentials tokens that really expire, organization-wide
 * lists paged by an opaque {@code token}/{@code nextToken} where pages may be short (even empty) while more
 * follow, and only {@code nextToken == ""} ends a list. Booked transactions are listed on
 * {@code /transactions}, pending ones on {@code /pending-transactions} in the same item shape; a pending one that
 * books leaves the pending list and appears on the booked one under a new id. Errors are {@code {status, message}}.
 */
public final class AtlarApi extends ProviderApi {

    public static final String TOKEN_PATH = "/iam/v2beta/oauth2/token";
    public static final String TOKEN_PATH_V2 = "/iam/v2/oauth2/token";
    public static final String ACCOUNTS_PATH = "/financial-data/v2/accounts";
    public static final String TRANSACTIONS_PATH = "/financial-data/v2/transactions";
    public static final String PENDING_TRANSACTIONS_PATH = "/financial-data/v2/pending-transactions";
    private static final String[] BALANCE_TYPES = {"BOOKED", "BOOKED_ADJUSTED", "AVAILABLE"};

    private record Issued(String connectionId, long expiresAtMillis, long generation) {
    }

    /** One served list item: its resume key and how to write it. */
    private interface Item {
        String key();

        void write(JsonGenerator g) throws IOException;
    }

    private final AtlarFaults faults;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final AtomicLong issuedCount = new AtomicLong();

    AtlarApi(World world, AtlarFaults faults) {
        super(world, "/iam/", "/financial-data/");
        this.faults = faults;
    }

    @Override
    protected String requestIdHeader() {
        return "request-id";
    }

    @Override
    protected Reply error(Request req, int status, String code, String message) {
        return Reply.json(status, Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("status", status);
            g.writeStringField("message", message);
            g.writeEndObject();
        }));
    }

    @Override
    protected Reply route(Request req) {
        String path = req.path;
        if (path.equals(TOKEN_PATH) || path.equals(TOKEN_PATH_V2)) {
            requireMethod(req, "POST");
            return token(req);
        }
        requireMethod(req, "GET");
        SandboxConnection org = authenticate(req);
        if (path.equals(ACCOUNTS_PATH)) {
            return accounts(req, org);
        }
        if (path.equals(TRANSACTIONS_PATH)) {
            return transactions(req, org, false);
        }
        if (path.equals(PENDING_TRANSACTIONS_PATH)) {
            return transactions(req, org, true);
        }
        if (path.startsWith(ACCOUNTS_PATH + "/")) {
            String[] rest = path.substring(ACCOUNTS_PATH.length() + 1).split("/");
            AccountSpec account = world.account(AtlarSandbox.ID, rest[0]);
            if (account == null || !account.connectionId().equals(org.id())) {
                throw refuse(req, 404, null, "account not found");
            }
            if (rest.length == 1) {
                return Reply.ok(Json.write(g -> writeAccount(g, account)));
            }
            if (rest.length == 2 && rest[1].equals("balances")) {
                return balances(req, account);
            }
        }
        throw refuse(req, 404, null, "not found");
    }

    private void requireMethod(Request req, String method) {
        if (!req.method.equals(method)) {
            throw refuse(req, 405, null, "method not allowed");
        }
    }

    // ---- authentication ----

    private Reply token(Request req) {
        Map<String, String> form = req.form();
        String[] basic = req.basic();
        // client_secret_basic is documented; client_secret_post is advertised by the well-known document.
        String key = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        SandboxConnection org = findOrg(key, secret);
        if (org == null) {
            throw refuse(req, 401, null, "invalid client credentials");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            throw refuse(req, 400, null, "unsupported grant_type: only client_credentials is supported");
        }
        long n = issuedCount.incrementAndGet();
        SplittableRandom r = Rng.of(world.seed(), Rng.TOKEN, n);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"" + org.id() + "\",\"jti\":" + n + "}").getBytes(StandardCharsets.UTF_8));
        String token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + payload + "." + Rng.hex(r, 43);
        long ttlSeconds = config.tokenTtl().toSeconds();
        if (tokens.size() > 10_000) {
            // Long benchmark runs fetch many tokens: forget the expired ones.
            long now = config.clock().millis();
            tokens.values().removeIf(t -> t.expiresAtMillis() <= now || t.generation() != faults.tokenGeneration());
        }
        tokens.put(token, new Issued(org.id(), config.clock().millis() + config.tokenTtl().toMillis(),
                faults.tokenGeneration()));
        return Reply.ok(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("access_token", token);
            g.writeStringField("token_type", "Bearer");
            g.writeNumberField("expires_in", ttlSeconds);
            g.writeEndObject();
        })).withHeader("Cache-Control", "no-store");
    }

    private SandboxConnection findOrg(String accessKey, String secret) {
        for (SandboxConnection c : world.connections(AtlarSandbox.ID)) {
            if (c.accessKey().equals(accessKey) && c.secret().equals(secret)) {
                return c;
            }
        }
        return null;
    }

    private SandboxConnection authenticate(Request req) {
        String bearer = req.bearer();
        if (bearer != null) {
            Issued issued = tokens.get(bearer);
            if (issued == null) {
                throw refuse(req, 401, null, "invalid bearer token");
            }
            if (config.clock().millis() >= issued.expiresAtMillis() || issued.generation() != faults.tokenGeneration()) {
                tokens.remove(bearer);
                throw refuse(req, 401, null, "token has expired");
            }
            return world.connections(AtlarSandbox.ID).stream()
                    .filter(c -> c.id().equals(issued.connectionId())).findFirst().orElseThrow();
        }
        String[] basic = req.basic();
        if (basic != null) {
            SandboxConnection org = findOrg(basic[0], basic[1]);
            if (org == null) {
                throw refuse(req, 401, null, "invalid credentials");
            }
            return org;
        }
        throw refuse(req, 401, null, "No bearer token found in authorization header");
    }

    // ---- lists ----

    private Reply accounts(Request req, SandboxConnection org) {
        List<AccountSpec> accounts = world.accounts(org.id());
        return page(req, key -> indexed(accounts.size(), key, i -> g -> writeAccount(g, accounts.get(i))));
    }

    private Reply balances(Request req, AccountSpec account) {
        World.Snapshot snap = world.snapshot();
        Ledger ledger = snap.ledger(account);
        LocalDate today = snap.today();
        String type = req.query("type");
        List<String[]> rows = new ArrayList<>();   // {localDate, type}
        if ("true".equalsIgnoreCase(req.query("mostRecent"))) {
            for (String t : BALANCE_TYPES) {
                if (type == null || type.equals(t)) {
                    rows.add(new String[] {today.minusDays(1).toString(), t});
                }
            }
        } else {
            // History: one end-of-day balance per day and type, newest day first.
            for (int d = 1; d <= config.historyDays(); d++) {
                for (String t : BALANCE_TYPES) {
                    if (type == null ? t.equals("BOOKED") : type.equals(t)) {
                        rows.add(new String[] {today.minusDays(d).toString(), t});
                    }
                }
            }
        }
        return page(req, key -> indexed(rows.size(), key, i -> g -> {
            LocalDate day = LocalDate.parse(rows.get(i)[0]);
            long endOfDay = day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            writeBalance(g, account, day, rows.get(i)[1],
                    ledger.bookedBalanceBefore(endOfDay) + faults.balanceSkew(account.id(), endOfDay));
        }));
    }

    /** One page of the booked list, or of the pending one: the same order, paging and item shape. */
    private Reply transactions(Request req, SandboxConnection org, boolean pending) {
        String accountId = req.query("accountId");
        List<AccountSpec> scope;
        if (accountId == null || accountId.isEmpty()) {
            scope = world.accounts(org.id());
        } else {
            AccountSpec a = world.account(AtlarSandbox.ID, accountId);
            scope = a != null && a.connectionId().equals(org.id()) ? List.of(a) : List.of();
        }
        World.Snapshot snap = world.snapshot();
        return page(req, key -> {
            MergedWalk.Key after = null;
            if (key != null) {
                after = MergedWalk.Key.decode(key);
                if (after == null) {
                    return null;
                }
            }
            MergedWalk walk = new MergedWalk(scope, snap, after, (a, l, i) -> l.pending(i) == pending);
            return new Iterator<Item>() {
                @Override
                public boolean hasNext() {
                    return walk.hasNext();
                }

                @Override
                public Item next() {
                    walk.advance();
                    AccountSpec a = walk.account();
                    Ledger l = walk.ledger();
                    int i = walk.index();
                    String k = walk.key().encode();
                    return new Item() {
                        @Override
                        public String key() {
                            return k;
                        }

                        @Override
                        public void write(JsonGenerator g) throws IOException {
                            writeTransaction(g, a, l, i);
                        }
                    };
                }
            };
        });
    }

    /** Items 0..size-1 of a fixed list, keyed by their index. */
    private static Iterator<Item> indexed(int size, String key, java.util.function.IntFunction<Json.Body> writer) {
        int start;
        if (key == null) {
            start = 0;
        } else {
            try {
                start = Integer.parseInt(key) + 1;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new Iterator<Item>() {
            private int i = start;

            @Override
            public boolean hasNext() {
                return i < size;
            }

            @Override
            public Item next() {
                int at = i++;
                Json.Body body = writer.apply(at);
                return new Item() {
                    @Override
                    public String key() {
                        return Integer.toString(at);
                    }

                    @Override
                    public void write(JsonGenerator g) throws IOException {
                        body.write(g);
                    }
                };
            }
        };
    }

    /**
     * One page of a list. The request's {@code token} names the key of the last item served and a page number;
     * the page holds up to {@code limit} items, fewer when the sandbox decides to serve a short page. The
     * returned {@code nextToken} is "" only when nothing is left; after a full page that happens to end the list,
     * a non-empty {@code nextToken} leads to one last empty page, as cursor APIs often do.
     */
    private Reply page(Request req, java.util.function.Function<String, Iterator<Item>> source) {
        int limit = intParam(req, "limit", req.query("limit"), 100, 1, 500, null);
        String token = req.query("token");
        String key = null;
        int pageNo = 0;
        if (token != null && !token.isEmpty()) {
            String[] decoded = decodeToken(token);
            if (decoded == null) {
                throw refuse(req, 400, null, "invalid pagination token");
            }
            key = decoded[0].isEmpty() ? null : decoded[0];
            pageNo = Integer.parseInt(decoded[1]);
        }
        Iterator<Item> it = source.apply(key);
        if (it == null) {
            throw refuse(req, 400, null, "invalid pagination token");
        }
        int size = pageSize(key, pageNo, limit);
        List<Item> items = new ArrayList<>(size);
        while (items.size() < size && it.hasNext()) {
            items.add(it.next());
        }
        boolean more = it.hasNext();
        String lastKey = items.isEmpty() ? key : items.get(items.size() - 1).key();
        String nextToken = more || items.size() == limit ? encodeToken(lastKey, pageNo + 1) : "";
        String usedToken = token == null ? "" : token;
        return Reply.ok(Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (Item item : items) {
                item.write(g);
            }
            g.writeEndArray();
            g.writeStringField("nextToken", nextToken);
            g.writeStringField("token", usedToken);
            g.writeNumberField("limit", limit);
            g.writeEndObject();
        }));
    }

    private int pageSize(String key, int pageNo, int limit) {
        ShortPages mode = config.shortPages();
        if (mode == ShortPages.NEVER) {
            return limit;
        }
        SplittableRandom r = Rng.of(world.seed(), Rng.PAGE, key == null ? 0 : key.hashCode(), pageNo);
        int roll = r.nextInt(100);
        if (mode == ShortPages.WITH_EMPTY && roll < 10) {
            return 0;
        }
        if (roll >= 10 && roll < 43 && limit > 1) {
            return 1 + r.nextInt(limit - 1);
        }
        return limit;
    }

    private static String encodeToken(String key, int pageNo) {
        String raw = "v1|" + (key == null ? "" : key) + "|" + pageNo;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** {key, pageNo}, or null when the token was not issued by us. */
    private static String[] decodeToken(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals("v1")) {
                return null;
            }
            Integer.parseInt(parts[2]);
            return new String[] {parts[1], parts[2]};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- item shapes ----

    private String organizationId(AccountSpec a) {
        return Rng.uuid(Rng.of(world.seed(), Rng.CONNECTION, a.connectionId().hashCode()));
    }

    private void writeAccount(JsonGenerator g, AccountSpec a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("organizationId", organizationId(a));
        g.writeStringField("entityId", Rng.uuid(Rng.of(world.seed(), Rng.ACCOUNT, a.key(), 1)));
        g.writeStringField("affiliationId", Rng.uuid(Rng.of(world.seed(), Rng.ACCOUNT, a.key(), 2)));
        g.writeStringField("thirdPartyId", Rng.uuid(Rng.of(world.seed(), Rng.ACCOUNT, a.key(), 3)));
        g.writeStringField("name", a.name());
        g.writeStringField("alias", a.alias());
        g.writeStringField("currency", a.currency());
        g.writeStringField("market", a.market());
        g.writeArrayFieldStart("identifiers");
        g.writeStartObject();
        g.writeStringField("type", a.iban() != null ? "IBAN" : "BBAN");
        g.writeStringField("market", a.market());
        g.writeStringField("number", a.iban() != null ? a.iban() : a.bban());
        g.writeStringField("holderName", "Sandbox Treasury AB");
        g.writeEndObject();
        g.writeEndArray();
        g.writeArrayFieldStart("routing");
        g.writeStartObject();
        g.writeStringField("type", "BIC");
        g.writeStringField("number", a.bic());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("status", "ENABLED");
        g.writeStringField("type", "CHECKING");
        g.writeBooleanField("fictive", false);
        g.writeStringField("created", config.today().minusDays(config.historyDays() + 30L) + "T08:00:00.000000000Z");
        g.writeNumberField("version", 1);
        g.writeStringField("etag", "version:1");
        g.writeEndObject();
    }

    private void writeBalance(JsonGenerator g, AccountSpec a, LocalDate day, String type, long minor)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("id", Rng.hex(Rng.of(world.seed(), Rng.BALANCE, a.key(), day.toEpochDay(), type.hashCode()), 64));
        g.writeStringField("accountId", a.id());
        g.writeStringField("organizationId", organizationId(a));
        writeAmount(g, "amount", minor, a.currency());
        g.writeStringField("localDate", day.toString());
        // Atlar timestamps carry nanoseconds.
        g.writeStringField("timestamp", day + "T22:59:59.999999999Z");
        g.writeStringField("type", type);
        g.writeStringField("reportedType", "CLOSE");
        g.writeNumberField("version", 1);
        g.writeEndObject();
    }

    private void writeTransaction(JsonGenerator g, AccountSpec a, Ledger l, int i) throws IOException {
        TxnContent c = TxnContent.of(world.seed(), a, l.origin(i));
        LocalDate date = utcDate(l.time(i));
        g.writeStartObject();
        g.writeStringField("id", world.transactionId(a, l.serial(i)));
        g.writeStringField("accountId", a.id());
        g.writeStringField("organizationId", organizationId(a));
        writeAmount(g, "amount", l.amount(i), a.currency());
        g.writeStringField("date", date.toString());
        g.writeStringField("valueDate", date.plusDays(c.valueDateShiftDays()).toString());
        g.writeStringField("description", c.description());
        g.writeStringField("reference", c.reference());
        g.writeObjectFieldStart("remittanceInformation");
        g.writeStringField("type", "UNSTRUCTURED");
        g.writeStringField("value", c.reference());
        g.writeEndObject();
        g.writeObjectFieldStart("counterparty");
        g.writeStringField("name", c.counterpartyName());
        if (c.hasCounterpartyAccount()) {
            g.writeObjectFieldStart("accountIdentifier");
            g.writeStringField("type", "IBAN");
            g.writeStringField("number", c.counterpartyIban());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeStringField("reconciliationStatus", "NOT_RECONCILED");
        g.writeBooleanField("returned", false);
        g.writeNumberField("version", 1);
        g.writeStringField("etag", "version:1");
        g.writeEndObject();
    }

    private static void writeAmount(JsonGenerator g, String field, long minor, String currency) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("currency", currency);
        g.writeNumberField("value", minor);
        g.writeStringField("stringValue", SandboxCurrency.plain(minor, currency));
        g.writeEndObject();
    }
}
