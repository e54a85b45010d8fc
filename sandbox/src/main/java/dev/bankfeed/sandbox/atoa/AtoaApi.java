package dev.bankfeed.sandbox.atoa;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bankfeed.sandbox.AccountSpec;
import dev.bankfeed.sandbox.Json;
import dev.bankfeed.sandbox.Ledger;
import dev.bankfeed.sandbox.ProviderApi;
import dev.bankfeed.sandbox.Reply;
import dev.bankfeed.sandbox.Request;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.SandboxCurrency;
import dev.bankfeed.sandbox.TxnContent;
import dev.bankfeed.sandbox.World;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Atoa Bank Feed (docs/providers.md#atoa): a static secret key as Bearer, accounts behind a consent
 * ({@code accountAuthId}), transactions paged by offset ({@code page} from 0, {@code itemsPerPage}) inside a
 * {@code [from, before)} window with {@code totalCount}. Amounts are JSON numbers as a JavaScript backend
 * prints them; a DEBIT's amount is sometimes negative. Expired or unknown consent: 404 CONSENT_NOT_FOUND.
 */
final class AtoaApi extends ProviderApi {

    static final String PREFIX = "/api/bank/";
    private static final int MAX_ITEMS_PER_PAGE = 1000;

    private final AtoaFaults faults;

    AtoaApi(World world, AtoaFaults faults) {
        super(world, PREFIX);
        this.faults = faults;
    }

    @Override
    protected String throttleCode() {
        return "TOO_MANY_REQUESTS";
    }

    @Override
    protected Reply error(Request req, int status, String code, String message) {
        return Reply.json(status, Json.write(g -> {
            g.writeStartObject();
            if (!"CONSENT_NOT_FOUND".equals(code)) {
                g.writeNumberField("statusCode", status);
            }
            g.writeStringField("message", message);
            if (code != null) {
                g.writeStringField("errorCode", code);
            }
            g.writeEndObject();
        }));
    }

    @Override
    protected Reply route(Request req) {
        if (!req.method.equals("GET")) {
            throw refuse(req, 405, "METHOD_NOT_ALLOWED", "Method not allowed");
        }
        String key = req.bearer();
        if (key == null || !key.equals(world.connections(AtoaSandbox.ID).get(0).secretKey())) {
            throw refuse(req, 401, "UNAUTHORIZED", "Unauthorized");
        }
        String[] seg = req.path.substring(PREFIX.length()).split("/");
        if (seg.length == 2 && !seg[0].equals("accounts") && seg[1].equals("accounts")) {
            return accountList(req, seg[0]);
        }
        if (seg.length >= 2 && seg[0].equals("accounts")) {
            AccountSpec account = consentedAccount(req, seg[1]);
            if (seg.length == 2) {
                return Reply.ok(Json.write(g -> writeAccount(g, account, true)));
            }
            if (seg.length == 3 && seg[2].equals("balance")) {
                return balance(account);
            }
            if (seg.length == 3 && seg[2].equals("transactions")) {
                return transactions(req, account);
            }
        }
        throw refuse(req, 404, "NOT_FOUND", "Cannot GET " + req.path);
    }

    private Refusal consentNotFound(Request req) {
        return refuse(req, 404, "CONSENT_NOT_FOUND", "Consent not found");
    }

    private SandboxConnection consent(Request req, String accountAuthId) {
        if (faults.isExpired(accountAuthId)) {
            throw consentNotFound(req);
        }
        return world.connections(AtoaSandbox.ID).stream()
                .filter(c -> c.accountAuthId().equals(accountAuthId)).findFirst()
                .orElseThrow(() -> consentNotFound(req));
    }

    /** An account whose consent is live; an unknown account has no consent either. */
    private AccountSpec consentedAccount(Request req, String accountId) {
        AccountSpec account = world.account(AtoaSandbox.ID, accountId);
        if (account == null || faults.isExpired(accountId)) {
            throw consentNotFound(req);
        }
        consent(req, world.connections(AtoaSandbox.ID).stream()
                .filter(c -> c.id().equals(account.connectionId())).findFirst().orElseThrow().accountAuthId());
        return account;
    }

    private Reply accountList(Request req, String accountAuthId) {
        SandboxConnection c = consent(req, accountAuthId);
        boolean withIds = config.accountListHasIds();
        return Reply.ok(Json.write(g -> {
            g.writeStartArray();
            for (AccountSpec a : world.accounts(c.id())) {
                writeAccount(g, a, withIds);
            }
            g.writeEndArray();
        }));
    }

    private void writeAccount(JsonGenerator g, AccountSpec a, boolean withId) throws IOException {
        g.writeStartObject();
        if (withId) {
            g.writeStringField("accountId", a.id());
        }
        g.writeStringField("bankName", a.bankName());
        g.writeStringField("accountNumber", a.accountNumber());
        g.writeStringField("sortCode", a.sortCode());
        if (config.accountListHasIds()) {
            g.writeStringField("currency", a.currency());
        }
        g.writeEndObject();
    }

    private Reply balance(AccountSpec a) {
        World.Snapshot snap = world.snapshot();
        long booked = snap.ledger(a).bookedBalance() + faults.balanceSkew(a.id(), snap.now());
        return Reply.ok(Json.write(g -> {
            g.writeStartObject();
            Json.number(g, "balance", SandboxCurrency.jsNumber(booked, a.currency()));
            g.writeStringField("currency", a.currency());
            g.writeEndObject();
        }));
    }

    private Reply transactions(Request req, AccountSpec a) {
        long from = instantParam(req, "from");
        long before = instantParam(req, "before");
        int page = intParam(req, "page", req.query("page"), null, 0, Integer.MAX_VALUE, "VALIDATION_ERROR");
        int perPage = intParam(req, "itemsPerPage", req.query("itemsPerPage"), null, 1, MAX_ITEMS_PER_PAGE,
                "VALIDATION_ERROR");
        World.Snapshot snap = world.snapshot();
        Ledger l = snap.ledger(a);
        int windowStart = l.firstBefore(before);
        int windowEnd = Math.max(windowStart, l.firstBefore(from));
        int total = windowEnd - windowStart;
        long offset = (long) page * perPage;
        int start = (int) Math.min((long) windowStart + offset, windowEnd);
        int end = (int) Math.min((long) start + perPage, windowEnd);
        Reply reply = Reply.ok(Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            for (int i = start; i < end; i++) {
                writeTransaction(g, a, l, i);
            }
            g.writeEndArray();
            g.writeNumberField("totalCount", total);
            g.writeNumberField("page", page);
            g.writeNumberField("itemsPerPage", perPage);
            g.writeEndObject();
        }));
        boolean change = from < before && faults.takeMidWalkChange();
        // A shift needs rows after this page, whose offsets it moves.
        boolean shift = !change && from < before && end < windowEnd && faults.takeMidWalkShift();
        if (change || shift) {
            // Newest in the window: with the serial tie-break it sorts first even at the same second.
            long time = total > 0 ? l.time(windowStart) : Math.max(from, Math.min(before, snap.now()) - 1000);
            // A shift drops the window's oldest row in the same change, so totalCount stays as it was.
            world.insertBooked(a, time, shift ? l.serial(windowEnd - 1) : -1);
        }
        return reply;
    }

    /** {@code from} and {@code before} are required ISO 8601 date-times (a bare date means its UTC midnight). */
    private long instantParam(Request req, String name) {
        String v = req.query(name);
        if (v == null || v.isEmpty()) {
            throw refuse(req, 400, "VALIDATION_ERROR", name + " is required");
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw refuse(req, 400, "VALIDATION_ERROR", name + " must be an ISO 8601 date-time");
            }
        }
    }

    private void writeTransaction(JsonGenerator g, AccountSpec a, Ledger l, int i) throws IOException {
        TxnContent c = TxnContent.of(world.seed(), a, l.origin(i));
        long amount = l.amount(i);
        boolean credit = amount > 0;
        // The docs allow either sign for a DEBIT; the type, not the sign, gives the direction.
        long shown = credit || c.negativeDebit() ? amount : -amount;
        g.writeStartObject();
        g.writeStringField("id", world.transactionId(a, l.serial(i)));
        g.writeStringField("date", Instant.ofEpochMilli(l.time(i)).toString());
        g.writeStringField("type", credit ? "CREDIT" : "DEBIT");
        Json.number(g, "amount", SandboxCurrency.jsNumber(shown, a.currency()));
        g.writeStringField("currency", a.currency());
        g.writeStringField("description", c.description());
        g.writeStringField("reference", c.reference());
        Json.optional(g, "merchantName", c.merchantName());
        g.writeStringField("transactionCategory", c.category());
        g.writeStringField("status", l.pending(i) ? "PENDING" : "BOOKED");
        g.writeObjectFieldStart(credit ? "payer" : "payee");
        g.writeStringField("name", c.counterpartyName());
        if (c.hasCounterpartyAccount()) {
            g.writeObjectFieldStart("accountDetails");
            g.writeStringField("sortCode", c.counterpartySortCode());
            g.writeStringField("accountNumber", c.counterpartyAccountNumber());
            g.writeEndObject();
        }
        g.writeEndObject();
        if (!l.pending(i)) {
            g.writeObjectFieldStart("balance");
            long skew = faults.balanceSkew(a.id(), l.time(i) + 1);
            Json.number(g, "amount", SandboxCurrency.jsNumber(l.balanceAfter(i) + skew, a.currency()));
            g.writeStringField("currency", a.currency());
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
