package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.sandbox.ExpectedTransaction;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.ForwardingProviderClient;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Atlar's pending transactions end to end over the sandbox and moto_server: stored as PENDING from the
 * pending-transactions list, then closed by their booked twin (a new id on the booked list) or marked vanished,
 * leaving exactly one active record for each transaction.
 */
class AtlarPendingSyncIT {

    private static final long TIP = 250;

    @Test
    void pendingBooksUnderANewIdOrVanishes_eachLeavesExactlyOneActiveRecord_andARerunWritesNothing() {
        try (BankfeedHarness h = BankfeedHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.syncAll();

            assertThat(h.differencesFromSandbox()).isEmpty();
            for (ExpectedAccount a : h.sandbox.expected().accounts("atlar")) {
                List<String> pending = a.transactions().stream().filter(ExpectedTransaction::pending)
                        .map(ExpectedTransaction::id).toList();
                assertThat(pending).hasSize(3);
                assertThat(h.deps().transactions().openPending(canonical(a), null))
                        .extracting(Transaction::providerTransactionId).containsExactlyInAnyOrderElementsOf(pending);
            }

            h.sandbox.advance();
            h.clock.advance(Duration.ofDays(1));
            JobResult next = h.run(JobKind.TRANSACTIONS);

            assertThat(next.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(h.differencesFromSandbox()).isEmpty();
            Map<String, Map<String, AttributeValue>> stored = storedTransactions(h);
            for (ExpectedAccount a : h.sandbox.expected().accounts("atlar")) {
                List<ExpectedTransaction> twins = a.transactions().stream()
                        .filter(t -> t.replacesPendingId() != null).toList();
                List<ExpectedTransaction> vanished = a.transactions().stream()
                        .filter(ExpectedTransaction::vanished).toList();
                assertThat(twins).hasSize(2);
                assertThat(vanished).hasSize(1);
                for (ExpectedTransaction booked : twins) {
                    Map<String, AttributeValue> pendingItem = stored.get(booked.replacesPendingId());
                    Map<String, AttributeValue> bookedItem = stored.get(booked.id());
                    // Paired as twins, not merely reconciled as vanished: the pairing needs no complete walk.
                    assertThat(bookedItem).containsEntry("status", AttributeValue.fromS("BOOKED"))
                            .containsEntry("supersedes", AttributeValue.fromS(canonicalId(a, booked.replacesPendingId())));
                    assertThat(pendingItem).containsEntry("status", AttributeValue.fromS("PENDING"))
                            .containsEntry("supersededBy", AttributeValue.fromS(canonicalId(a, booked.id())))
                            .doesNotContainKey("vanishedAt");
                }
                Map<String, AttributeValue> gone = stored.get(vanished.get(0).id());
                assertThat(gone).containsKey("vanishedAt").doesNotContainKey("supersededBy");
                // Only today's new pending transaction is still open.
                assertThat(h.deps().transactions().openPending(canonical(a), null))
                        .extracting(Transaction::providerTransactionId)
                        .containsExactlyElementsOf(a.servedTransactions().stream().filter(ExpectedTransaction::pending)
                                .map(ExpectedTransaction::id).toList());
            }

            JobResult again = h.run(JobKind.TRANSACTIONS);

            assertThat(again.added()).isZero();
            assertThat(again.changed()).isZero();
            assertThat(h.differencesFromSandbox()).isEmpty();
        }
    }

    @Test
    void pendingThatBooksWithAnotherAmount_isNotPaired_butVanishes_soTheBookedOneIsTheOnlyActiveRecord() {
        var config = BankfeedHarness.sandboxConfig().build();
        Set<String> tipped = ConcurrentHashMap.newKeySet();
        try (BankfeedHarness h = BankfeedHarness.start(config, BankfeedHarness.settingsFor(config),
                c -> c.provider().equals(Providers.ATLAR) ? tipping(c, tipped) : c)) {
            h.syncAll();
            h.sandbox.advance();
            h.clock.advance(Duration.ofDays(1));
            ExpectedAccount account = h.sandbox.expected().accounts("atlar").get(0);
            ExpectedTransaction booked = account.transactions().stream().filter(t -> t.replacesPendingId() != null)
                    .findFirst().orElseThrow();
            // A restaurant bill: the hold was for less than what booked.
            tipped.add(booked.id());

            JobResult next = h.run(JobKind.TRANSACTIONS);

            assertThat(next.status()).isEqualTo(JobResult.Status.COMPLETED);
            Map<String, Map<String, AttributeValue>> stored = storedTransactions(h);
            Map<String, AttributeValue> bookedItem = stored.get(booked.id());
            Map<String, AttributeValue> pendingItem = stored.get(booked.replacesPendingId());
            assertThat(Long.parseLong(bookedItem.get("amountMinor").n())).isEqualTo(booked.amountMinor() - TIP);
            assertThat(bookedItem).doesNotContainKey("supersedes");
            assertThat(pendingItem).containsKey("vanishedAt").doesNotContainKey("supersededBy");
            // Exactly what the bank holds is active: no double of the tipped transaction, nothing lost.
            assertThat(h.deps().transactions().countActive(canonical(account)))
                    .isEqualTo(account.servedTransactions().size());
            assertThat(h.differencesFromSandbox()).singleElement().asString()
                    .startsWith("amount of " + canonical(account) + " " + booked.id());
        }
    }

    private static String canonical(ExpectedAccount a) {
        return Account.canonicalId(Providers.ATLAR, a.accountId());
    }

    private static String canonicalId(ExpectedAccount a, String transactionId) {
        return Transaction.canonicalId(Providers.ATLAR, a.accountId(), transactionId);
    }

    /** Every stored transaction item of an Atlar account by provider transaction id (change records left out). */
    private static Map<String, Map<String, AttributeValue>> storedTransactions(BankfeedHarness h) {
        Map<String, Map<String, AttributeValue>> byId = new HashMap<>();
        h.dynamo.scanPaginator(b -> b.tableName(h.table)).items().forEach(item -> {
            if (item.get("sk").s().startsWith("TXN#") && "atlar".equals(item.get("provider").s())) {
                byId.put(item.get("providerTransactionId").s(), item);
            }
        });
        return byId;
    }

    /** Atlar whose booked list shows the {@code tipped} transactions {@link #TIP} minor units lower than the sandbox. */
    private static ProviderClient tipping(ProviderClient atlar, Set<String> tipped) {
        return ForwardingProviderClient.onEachPage(atlar, page -> page.body().get("items").forEach(item -> {
            if (tipped.contains(item.get("id").asText())) {
                ObjectNode amount = (ObjectNode) item.get("amount");
                amount.put("value", amount.get("value").asLong() - TIP).remove("stringValue");
            }
        }));
    }
}
