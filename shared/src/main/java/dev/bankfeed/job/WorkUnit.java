package dev.bankfeed.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.provider.http.Deadline;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * One unit of a run, as its queue message carries it: a whole connection (ListAccounts, {@code accountId} is
 * then the request's optional account filter) or one account (SnapshotBalances, SyncTransactions, by canonical
 * id). {@code attempt} counts the messages of this unit (a continuation after the deadline or a postponement
 * sends the next one); {@code carried} totals what earlier attempts of the unit stored, so the final report
 * covers the whole unit.
 */
public record WorkUnit(String runId, JobKind kind, String connectionId, String accountId, boolean wholeConnection,
        LocalDate from, LocalDate to, int attempt, Carried carried) {

    /** Message format version; a reader refuses any other (the message then fails into the dead-letter queue). */
    static final int VERSION = 1;

    /** What earlier attempts of a unit stored. */
    public record Carried(long added, long changed, long unchanged, int pages, int rejected) {

        public static final Carried NONE = new Carried(0, 0, 0, 0, 0);

        Carried plus(AccountOutcome o) {
            return new Carried(added + o.added(), changed + o.changed(), unchanged + o.unchanged(),
                    pages + o.pages(), rejected + o.rejected());
        }
    }

    public WorkUnit {
        if (runId == null || runId.isBlank() || kind == null || connectionId == null || connectionId.isBlank()) {
            throw new IllegalArgumentException("a work unit needs a run id, a job and a connection");
        }
        if (!wholeConnection && (accountId == null || accountId.isBlank())) {
            throw new IllegalArgumentException("an account unit needs an account");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
        carried = carried == null ? Carried.NONE : carried;
    }

    /** The unit's id within its run: the same for every attempt of it. */
    public String unitId() {
        return kind.id() + "#" + connectionId + (wholeConnection ? "" : "#" + accountId);
    }

    /** The next message of this unit, adding what this attempt stored. */
    public WorkUnit next(Iterable<AccountOutcome> stored) {
        Carried c = carried;
        for (AccountOutcome o : stored) {
            c = c.plus(o);
        }
        return new WorkUnit(runId, kind, connectionId, accountId, wholeConnection, from, to, attempt + 1, c);
    }

    /** The job request this unit's attempt runs as (no event key: the dispatch already claimed the event). */
    public JobRequest request(Deadline deadline) {
        return new JobRequest(runId, connectionId, accountId, from, to, deadline, null);
    }

    public String toJson() {
        ObjectNode n = BankJson.mapper().createObjectNode();
        n.put("v", VERSION);
        n.put("runId", runId);
        n.put("job", kind.id());
        n.put("connection", connectionId);
        n.put("wholeConnection", wholeConnection);
        if (accountId != null) {
            n.put("account", accountId);
        }
        if (from != null) {
            n.put("from", from.toString());
        }
        if (to != null) {
            n.put("to", to.toString());
        }
        n.put("attempt", attempt);
        ObjectNode c = n.putObject("carried");
        c.put("added", carried.added());
        c.put("changed", carried.changed());
        c.put("unchanged", carried.unchanged());
        c.put("pages", carried.pages());
        c.put("rejected", carried.rejected());
        return n.toString();
    }

    /**
     * Reads a message body.
     *
     * @throws IllegalArgumentException for a body that is not a work unit of this version
     */
    public static WorkUnit fromJson(String body) {
        JsonNode n;
        try {
            n = BankJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("work unit message is not JSON");
        }
        if (n == null || !n.isObject() || n.path("v").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("work unit message of an unknown version");
        }
        JsonNode c = n.path("carried");
        try {
            return new WorkUnit(n.path("runId").asText(null), kind(n.path("job").asText("")),
                    n.path("connection").asText(null), n.path("account").asText(null),
                    n.path("wholeConnection").asBoolean(false), date(n, "from"), date(n, "to"),
                    n.path("attempt").asInt(0), new Carried(c.path("added").asLong(), c.path("changed").asLong(),
                            c.path("unchanged").asLong(), c.path("pages").asInt(), c.path("rejected").asInt()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("work unit message with a malformed date");
        }
    }

    private static JobKind kind(String id) {
        for (JobKind k : JobKind.values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("work unit message for an unknown job");
    }

    private static LocalDate date(JsonNode n, String field) {
        String v = n.path(field).asText(null);
        return v == null ? null : LocalDate.parse(v);
    }
}
