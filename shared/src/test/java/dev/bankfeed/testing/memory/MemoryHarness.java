package dev.bankfeed.testing.memory;

import dev.bankfeed.config.FileConnectionSource;
import dev.bankfeed.job.AccountJob;
import dev.bankfeed.job.AccountOutcome;
import dev.bankfeed.job.JobDependencies;
import dev.bankfeed.job.JobMetrics;
import dev.bankfeed.job.JobRequest;
import dev.bankfeed.job.JobSettings;
import dev.bankfeed.job.ListAccountsJob;
import dev.bankfeed.job.SyncTransactionsJob;
import dev.bankfeed.job.WorkUnit;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderClients;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.sandbox.ProviderSandbox;
import dev.bankfeed.sandbox.SandboxConfig;
import dev.bankfeed.testing.BankfeedHarness;
import dev.bankfeed.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The jobs over the provider sandbox and {@link InMemoryStores}, on a clock the test moves: job logic in
 * seconds, without moto_server. Units run one after another, in this thread, as the inline engine would run them.
 */
public final class MemoryHarness implements AutoCloseable {

    public final ProviderSandbox sandbox;
    public final MutableClock clock;
    public final InMemoryStores stores;
    public final JobDependencies deps;
    private final Path connectionsFile;

    private MemoryHarness(SandboxConfig config, JobSettings settings, UnaryOperator<ProviderClient> decorator)
            throws IOException {
        this.sandbox = ProviderSandbox.start(config);
        this.clock = new MutableClock(config.today().atTime(12, 0).toInstant(ZoneOffset.UTC));
        this.stores = InMemoryStores.create(clock);
        this.connectionsFile = Files.createTempFile("bankfeed-connections", ".json");
        Files.writeString(connectionsFile, sandbox.connectionsJson());
        ClientSettings clientSettings = BankfeedHarness.fastClientSettings();
        this.deps = new JobDependencies(new FileConnectionSource(connectionsFile),
                c -> decorator.apply(ProviderClients.create(c, ProviderClients.sharedHttpClient(), clientSettings)),
                stores.accounts(), stores.balances(), stores.transactions(), stores.leasesAndCursors(),
                stores.leasesAndCursors(), stores.statuses(), stores.rejections(), stores.events(), JobMetrics.NONE,
                clock, settings);
    }

    /** A harness over a sandbox of {@code config} whose backfill covers its history, clients as they are. */
    public static MemoryHarness start(SandboxConfig config) {
        return start(config, BankfeedHarness.settingsFor(config), UnaryOperator.identity());
    }

    /** Same, with job settings of the test's own and provider clients wrapped by {@code decorator}. */
    public static MemoryHarness start(SandboxConfig config, JobSettings settings,
            UnaryOperator<ProviderClient> decorator) {
        try {
            return new MemoryHarness(config, settings, decorator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lists every connection's accounts. */
    public List<AccountOutcome> listAccounts() {
        return run(new ListAccountsJob(deps), Duration.ofMinutes(10));
    }

    /** Syncs every account's transactions within {@code deadline}. */
    public List<AccountOutcome> syncTransactions(Deadline deadline) {
        return run(new SyncTransactionsJob(deps), deadline);
    }

    /** Syncs every account's transactions with ten minutes on the harness clock. */
    public List<AccountOutcome> syncTransactions() {
        return syncTransactions(Deadline.after(clock, Duration.ofMinutes(10)));
    }

    private List<AccountOutcome> run(AccountJob job, Duration budget) {
        return run(job, Deadline.after(clock, budget));
    }

    private List<AccountOutcome> run(AccountJob job, Deadline deadline) {
        JobRequest request = new JobRequest(UUID.randomUUID().toString(), null, null, null, null, deadline, null);
        AccountJob.Plan plan = job.plan(request);
        List<AccountOutcome> outcomes = new ArrayList<>(plan.failures());
        for (WorkUnit unit : plan.units()) {
            outcomes.addAll(job.runUnit(unit, deadline));
        }
        return outcomes;
    }

    /** Problems found comparing the stored transactions with the sandbox's ground truth; empty when they agree. */
    public List<String> differencesFromSandbox() {
        return BankfeedHarness.differences(sandbox, stores.transactions());
    }

    @Override
    public void close() {
        sandbox.close();
        try {
            Files.deleteIfExists(connectionsFile);
        } catch (IOException ignored) {
            // a temp file; the OS cleans it
        }
    }
}
