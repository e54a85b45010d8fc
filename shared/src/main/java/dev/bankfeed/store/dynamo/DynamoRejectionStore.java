package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.Rejection;
import dev.bankfeed.store.OpenRejection;
import dev.bankfeed.store.RejectionStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Open rejections as items {@code ACCT#<account> / REJ#<recordKey>}: an UpdateItem per sighting (rejections are
 * rare), a DeleteItem to close, a Query of the account partition to list.
 */
final class DynamoRejectionStore implements RejectionStore {

    /** Longer reasons are cut, as status messages are. */
    static final int MAX_REASON_LENGTH = 500;

    private final DynamoOps ops;

    DynamoRejectionStore(DynamoOps ops) {
        this.ops = ops;
    }

    @Override
    public void recordOpen(String accountCanonicalId, List<Rejection> rejections, LocalDate readFrom, String runId,
            Instant at) {
        for (Rejection r : rejections) {
            String key = OpenRejection.keyOf(r);
            String reason = r.reason() == null || r.reason().length() <= MAX_REASON_LENGTH
                    ? r.reason() : r.reason().substring(0, MAX_REASON_LENGTH);
            UpdateExpr u = new UpdateExpr()
                    .set(Attrs.KIND, Attrs.s("REJECTION"))
                    .set("accountCanonicalId", Attrs.s(accountCanonicalId))
                    .set("recordKey", Attrs.s(key))
                    .setOrRemove("recordId", r.recordId())
                    .setOrRemove("field", r.field())
                    .setOrRemove("reason", reason)
                    .setIfAbsent("readFrom", Attrs.s(readFrom.toString()))
                    .setIfAbsent("firstSeenAt", Attrs.s(at.toString()))
                    .set("lastSeenAt", Attrs.s(at.toString()))
                    .setOrRemove("lastRunId", runId);
            ops.update(b -> {
                b.key(Attrs.key(Keys.account(accountCanonicalId), Keys.rejection(key)));
                u.applyTo(b);
            });
        }
    }

    @Override
    public void close(String accountCanonicalId, Collection<String> recordKeys) {
        for (String key : recordKeys) {
            ops.delete(b -> b.key(Attrs.key(Keys.account(accountCanonicalId), Keys.rejection(key))));
        }
    }

    @Override
    public List<OpenRejection> open(String accountCanonicalId) {
        return ops.query(PrefixQuery.of(Keys.account(accountCanonicalId), Keys.REJECTION_PREFIX)
                        .andThen(b -> b.consistentRead(true)))
                .stream()
                .map(DynamoRejectionStore::fromItem)
                .sorted(Comparator.comparing(OpenRejection::firstSeenAt).thenComparing(OpenRejection::recordKey))
                .toList();
    }

    private static OpenRejection fromItem(Map<String, AttributeValue> item) {
        return new OpenRejection(
                Attrs.str(item, "accountCanonicalId"),
                Attrs.str(item, "recordKey"),
                Attrs.str(item, "recordId"),
                Attrs.str(item, "field"),
                Attrs.str(item, "reason"),
                Attrs.date(item, "readFrom"),
                Attrs.instant(item, "firstSeenAt"),
                Attrs.instant(item, "lastSeenAt"),
                Attrs.str(item, "lastRunId"));
    }
}
