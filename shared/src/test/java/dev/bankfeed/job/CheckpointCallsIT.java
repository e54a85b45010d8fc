package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.testing.BankfeedHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What a page's checkpoint costs in DynamoDB calls, counted at the SDK boundary: one conditional UpdateItem of
 * the cursor item per page (which also proves and extends the lease), and no TransactWriteItems on the way.
 */
class CheckpointCallsIT {

    /** The DynamoDB calls of the run, as "Operation sortKey" (sort key of the item written, if one). */
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest r = context.request();
            String op = r.getClass().getSimpleName().replace("Request", "");
            calls.add(op + " " + sortKeyOf(r));
        }
    };

    private static String sortKeyOf(SdkRequest r) {
        Map<String, AttributeValue> key = r instanceof UpdateItemRequest u ? u.key()
                : r instanceof PutItemRequest p ? p.item()
                : r instanceof DeleteItemRequest d ? d.key() : null;
        if (r instanceof TransactWriteItemsRequest t) {
            return String.join(",", t.transactItems().stream().map(i -> i.put() != null ? i.put().item().get("sk").s()
                    : i.update() != null ? i.update().key().get("sk").s()
                    : i.conditionCheck() != null ? i.conditionCheck().key().get("sk").s()
                    : i.delete().key().get("sk").s()).toList());
        }
        return key == null ? "-" : key.get("sk").s();
    }

    private BankfeedHarness harness() {
        var config = BankfeedHarness.sandboxConfig().connectionsPerProvider(1).accountsPerConnection(1)
                .transactionsPerAccount(230).pendingPerAccount(0).build();
        return BankfeedHarness.start(config, BankfeedHarness.settingsFor(config), null,
                ClientOverrideConfiguration.builder().addExecutionInterceptor(recorder).build());
    }

    @Test
    void firstSync_eachPageCheckpointsWithOneConditionalUpdate_andNoTransaction() {
        try (BankfeedHarness h = harness()) {
            h.run(JobKind.ACCOUNTS);
            calls.clear();

            JobResult r = h.run(JobKind.TRANSACTIONS);

            assertThat(r.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
            int accounts = r.accounts().size();
            assertThat(r.pages()).isGreaterThan(3 * accounts); // several pages each: a per-page cost shows
            List<String> cursorWrites = calls.stream().filter(c -> c.endsWith(" CURSOR")).toList();
            // Per account: one UpdateItem to take the lease, one per page (checkpoint + lease renewal), one to
            // release. A walk that ends on an empty page saves its completion once more.
            assertThat(cursorWrites).allMatch(c -> c.startsWith("UpdateItem "));
            assertThat(cursorWrites.size()).isBetween(r.pages() + 2 * accounts,
                    r.pages() + 3 * accounts);
            assertThat(calls).noneMatch(c -> c.startsWith("TransactWriteItems"));
            assertThat(calls).noneMatch(c -> c.contains("LEASE"));
        }
    }

    @Test
    void runKilledMidWalk_blocksItsAccountForOneLeaseTtlOnly() {
        try (BankfeedHarness h = harness()) {
            h.run(JobKind.ACCOUNTS);
            String account = h.deps().accounts().accounts("atlar-1").get(0).canonicalId();
            // A run that took the lease and died (kill -9) before releasing it.
            assertThat(h.deps().leases().tryAcquire(account, "killed-run/1", h.deps().settings().leaseTtl()))
                    .isTrue();

            JobResult blocked = h.run(JobKind.TRANSACTIONS, request(h, account));
            h.clock.advance(h.deps().settings().leaseTtl().plusSeconds(1));
            JobResult after = h.run(JobKind.TRANSACTIONS, request(h, account));

            assertThat(blocked.accounts()).singleElement()
                    .satisfies(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.LEASE_HELD));
            assertThat(h.deps().settings().leaseTtl()).isLessThanOrEqualTo(Duration.ofMinutes(2));
            assertThat(after.accounts()).singleElement()
                    .satisfies(o -> assertThat(o.status()).isEqualTo(AccountOutcome.Status.OK));
        }
    }

    private static JobRequest request(BankfeedHarness h, String account) {
        return new JobRequest(UUID.randomUUID().toString(), "atlar-1", account, null, null,
                Deadline.after(h.clock, Duration.ofMinutes(10)), null);
    }
}
