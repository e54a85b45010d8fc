package dev.bankfeed.store.dynamo;

import dev.bankfeed.store.RunRecord;
import dev.bankfeed.store.RunStore;
import dev.bankfeed.store.UnitReport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Run records as items {@code RUN#<runId> / RUN}, and one marker {@code RUN#<runId> / UNIT#<unitId>} per unit
 * reported from a queue. A report ADDs to the counters (and to {@code settled}, done + failed: a condition
 * can compare two attributes but not add them); the reporter that sees {@code settled >= queued} sets FINISHED
 * with a conditional UpdateItem ({@code status = RUNNING AND settled >= queued}), so exactly one does.
 */
final class DynamoRunStore implements RunStore {

    /** How long run records and unit markers stay (SQS keeps a message 14 days at most). */
    static final Duration RETENTION = Duration.ofDays(30);
    private static final String SETTLED = "settled";

    private final DynamoOps ops;

    DynamoRunStore(DynamoOps ops) {
        this.ops = ops;
    }

    @Override
    public void start(String runId, String job, String trigger, long queued, long failedAtStart, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(runKey(runId));
        item.put(Attrs.KIND, Attrs.s("RUN"));
        item.put("runId", Attrs.s(runId));
        item.put("job", Attrs.s(job));
        item.put("trigger", Attrs.s(trigger));
        boolean finished = failedAtStart >= queued;
        item.put("status", Attrs.s((finished ? RunRecord.Status.FINISHED : RunRecord.Status.RUNNING).name()));
        item.put("queued", Attrs.n(queued));
        item.put("done", Attrs.n(0));
        item.put("failed", Attrs.n(failedAtStart));
        item.put(SETTLED, Attrs.n(failedAtStart));
        for (String counter : List.of("added", "changed", "unchanged", "rejected", "pages")) {
            item.put(counter, Attrs.n(0));
        }
        item.put("startedAt", Attrs.s(at.toString()));
        if (finished) {
            item.put("finishedAt", Attrs.s(at.toString()));
        }
        item.put(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(at.plus(RETENTION).getEpochSecond()));
        ops.put(b -> b.item(item));
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        Map<String, AttributeValue> i = ops.get(runKey(runId));
        return i == null ? Optional.empty() : Optional.of(record(i));
    }

    private static RunRecord record(Map<String, AttributeValue> i) {
        return new RunRecord(Attrs.str(i, "runId"), Attrs.str(i, "job"), Attrs.str(i, "trigger"),
                RunRecord.Status.valueOf(Attrs.str(i, "status")), num(i, "queued"), num(i, "done"), num(i, "failed"),
                num(i, "added"), num(i, "changed"), num(i, "unchanged"), num(i, "rejected"), num(i, "pages"),
                Attrs.instant(i, "startedAt"), Attrs.instant(i, "finishedAt"));
    }

    @Override
    public boolean isReported(String runId, String unitId) {
        return ops.get(Attrs.key(Keys.run(runId), Keys.unit(unitId))) != null;
    }

    @Override
    public Reported report(String runId, String unitId, UnitReport r, boolean once, Instant at) {
        UpdateExpr counts = new UpdateExpr()
                .add(r.ok() ? "done" : "failed", 1)
                .add(SETTLED, 1)
                .add("added", r.added())
                .add("changed", r.changed())
                .add("unchanged", r.unchanged())
                .add("rejected", r.rejected())
                .add("pages", r.pages());
        if (once) {
            // The marker and the counters in one transaction: once per unit, not per page, so off the hot path.
            Map<String, AttributeValue> marker = new HashMap<>(Attrs.key(Keys.run(runId), Keys.unit(unitId)));
            marker.put(Attrs.KIND, Attrs.s("RUN_UNIT"));
            marker.put("ok", Attrs.bool(r.ok()));
            marker.put("reportedAt", Attrs.s(at.toString()));
            marker.put(BankfeedTable.TTL_ATTRIBUTE, Attrs.n(at.plus(RETENTION).getEpochSecond()));
            boolean first = ops.transactWrite(() -> List.of(
                    TransactWriteItem.builder().put(Put.builder().tableName(ops.table()).item(marker)
                            .conditionExpression("attribute_not_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", BankfeedTable.PK)).build()).build(),
                    TransactWriteItem.builder().update(counts.toUpdate(ops.table(), runKey(runId))).build()),
                    "report of unit " + unitId);
            if (!first) {
                return new Reported(false, null);
            }
        } else {
            ops.update(b -> counts.applyTo(b.key(runKey(runId))));
        }
        return new Reported(true, finishIfComplete(runId, at));
    }

    /** The run's final record when this call set it FINISHED; null when it is still running or another did. */
    private RunRecord finishIfComplete(String runId, Instant at) {
        Map<String, AttributeValue> item = ops.get(runKey(runId));
        if (item == null || !RunRecord.Status.RUNNING.name().equals(Attrs.str(item, "status"))
                || num(item, SETTLED) < num(item, "queued")) {
            return null;
        }
        UpdateExpr u = new UpdateExpr().set("status", Attrs.s(RunRecord.Status.FINISHED.name())).set("finishedAt",
                Attrs.s(at.toString()));
        u.condition(u.name("status") + " = " + u.value(Attrs.s(RunRecord.Status.RUNNING.name())) + " AND "
                + u.name(SETTLED) + " >= " + u.name("queued"));
        if (!ops.update(b -> u.applyTo(b.key(runKey(runId))))) {
            return null;
        }
        // Every unit had reported when the item was read (settled >= queued), so its counters are final.
        return record(item).finished(at);
    }

    private static Map<String, AttributeValue> runKey(String runId) {
        return Attrs.key(Keys.run(runId), Keys.RUN_SK);
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        Long v = Attrs.num(item, name);
        return v == null ? 0 : v;
    }
}
