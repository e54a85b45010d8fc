package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.StoreUnavailableException;
import dev.bankfeed.store.TransactionStore;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.memory.MemoryHarness;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A store that still fails after its own retries is the account's trouble, worth retrying next run: the jobs see
 * the store's {@link StoreUnavailableException} (DynamoDB's stores wrap every SDK failure in it, see
 * DynamoOpsSdkFailureTest), record TRANSIENT in the account's status and throw the unit back to its queue. Anything
 * else (our bug) is PERMANENT.
 */
class AccountJobStoreFailureTest {

    @Test
    void storeUnavailable_recordsTransient_andThrowsTheUnitBack() {
        assertThat(classOfFailure(new StoreUnavailableException("BatchWriteItem failed: throttled", null)))
                .isEqualTo(ErrorClass.TRANSIENT);
    }

    @Test
    void anyOtherFailure_recordsPermanent() {
        assertThat(classOfFailure(new IllegalStateException("a bug"))).isEqualTo(ErrorClass.PERMANENT);
    }

    /** The error class an account's status shows after its transaction writes failed with {@code failure}. */
    private static ErrorClass classOfFailure(RuntimeException failure) {
        try (MemoryHarness h = MemoryHarness.start(BankfeedHarness.sandboxConfig().build())) {
            h.listAccounts();
            JobDependencies d = h.deps;
            TransactionStore failing = failingOnWrite(d.transactions(), failure);
            SyncTransactionsJob job = new SyncTransactionsJob(new JobDependencies(d.connections(), d.clients(),
                    d.accounts(), d.balances(), failing, d.cursors(), d.leases(), d.statuses(), d.rejections(),
                    d.events(), d.metrics(), d.clock(), d.settings()));
            Deadline deadline = Deadline.after(h.clock, Duration.ofMinutes(10));
            WorkUnit unit = job.plan(new JobRequest(UUID.randomUUID().toString(), null, null, null, null, deadline,
                    null)).units().get(0);

            assertThatThrownBy(() -> job.runUnit(unit, deadline)).isInstanceOf(UnitFailedException.class)
                    .hasCause(failure);

            return h.stores.statuses().status(unit.accountId(), JobKind.TRANSACTIONS.id())
                    .map(AccountStatus::lastErrorClass).orElseThrow();
        }
    }

    /** {@code store}, whose upserts fail with {@code failure}; its reads work. */
    private static TransactionStore failingOnWrite(TransactionStore store, RuntimeException failure) {
        return (TransactionStore) Proxy.newProxyInstance(TransactionStore.class.getClassLoader(),
                new Class<?>[] {TransactionStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("upsert")) {
                        throw failure;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
