package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.Normalizers;
import dev.bankfeed.normalize.ProviderNormalizer;
import dev.bankfeed.normalize.Rejection;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.SyncCursor;
import dev.bankfeed.store.WriteCounts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks each account's transactions from its saved cursor and upserts them exactly once. The order of
 * every page is: fetch, normalize, upsert (durable), then save the cursor that resumes after that page.
 * A run cut short therefore resumes where it stopped and never skips a page; dying between the upsert
 * and the cursor save only repeats one page, which the idempotent upsert absorbs.
 */
public final class SyncTransactionsJob extends AccountJob {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTransactionsJob.class);

    public SyncTransactionsJob(JobDependencies deps) {
        super(JobKind.TRANSACTIONS, deps);
    }

    @Override
    protected AccountOutcome runAccount(Connection connection, ProviderClient client, Account account,
            JobRequest request) {
        long started = System.nanoTime();
        // The cursor store checks this very lease (keyed by the account) before it moves a cursor.
        String leaseKey = account.canonicalId();
        String owner = request.runId();
        if (!deps.leases().tryAcquire(leaseKey, owner, deps.settings().leaseTtl())) {
            LOG.info("another run holds the lease of this account; skipped");
            return new AccountOutcome(connection.id(), connection.provider().id(), account.canonicalId(),
                    AccountOutcome.LEASE_HELD, 0, 0, 0, 0, 0, null, "another run is syncing this account", 0);
        }
        try {
            return walk(connection, client, account, request, leaseKey, owner, started);
        } catch (LeaseLostException e) {
            LOG.warn("lease lost mid-walk; stopped without moving the cursor further");
            return new AccountOutcome(connection.id(), connection.provider().id(), account.canonicalId(),
                    AccountOutcome.LEASE_HELD, 0, 0, 0, 0, 0, null, "lease lost to another run; stopped",
                    millisSince(started));
        } finally {
            deps.leases().release(leaseKey, owner);
        }
    }

    private AccountOutcome walk(Connection connection, ProviderClient client, Account account, JobRequest request,
            String leaseKey, String owner, long started) {
        String accountId = account.canonicalId();
        Optional<SyncCursor> saved = request.hasWindow() ? Optional.empty() : deps.cursors().load(accountId);
        LocalDate watermark = saved.map(SyncCursor::watermark).orElse(null);
        boolean resumed = saved.isPresent() && saved.get().walkInProgress();
        LocalDate walkFrom = request.hasWindow() ? request.from()
                : resumed ? saved.get().walkFrom()
                : watermark == null ? today().minusDays(deps.settings().backfillDays())
                : watermark.minusDays(deps.settings().lookbackDays());
        LocalDate walkNewest = resumed ? saved.get().walkNewest() : null;
        TransactionWalk walk = client.transactions(account.providerAccountId(),
                new WalkRequest(walkFrom, resumed ? saved.get().resumeState() : null, deps.settings().pageSize()),
                request.deadline());
        LOG.info("walk {} from {}", resumed ? "resumed" : "started", walkFrom);

        ProviderNormalizer normalizer = Normalizers.forProvider(connection.provider());
        Set<String> pendingSeen = new HashSet<>();
        List<Rejection> rejections = new ArrayList<>();
        WriteCounts counts = WriteCounts.ZERO;
        int pages = 0;
        boolean complete = false;
        Instant leaseRenewedAt = now();
        while (!request.deadline().isWithin(deps.settings().stopMargin())) {
            Optional<TransactionPage> next = walk.next();
            if (next.isEmpty()) {
                complete = true;
                break;
            }
            TransactionPage page = next.get();
            NormalizationResult<Transaction> result = normalizer.transactions(page.body(),
                    context(account.providerAccountId()));
            List<Transaction> wanted = new ArrayList<>(result.records().size());
            for (Transaction t : result.records()) {
                if (inScope(t, account, request)) {
                    wanted.add(t);
                    if (t.status() == TransactionStatus.PENDING) {
                        pendingSeen.add(t.canonicalId());
                    }
                    if (t.bookingDate() != null && (walkNewest == null || t.bookingDate().isAfter(walkNewest))) {
                        walkNewest = t.bookingDate();
                    }
                }
            }
            counts = counts.plus(deps.transactions().upsertTransactions(wanted));
            pages++;
            logRejections(result.rejections());
            rejections.addAll(result.rejections());
            if (!request.hasWindow()) {
                // Durable above; only now may the cursor move past this page.
                deps.cursors().save(accountId, page.last()
                        ? completed(watermark, walkNewest)
                        : new SyncCursor(watermark, page.resumeState(), walkFrom, walkNewest, now()), owner);
            }
            if (page.last()) {
                complete = true;
                break;
            }
            leaseRenewedAt = renewLeaseIfHalfGone(leaseKey, owner, leaseRenewedAt);
        }
        if (complete && !request.hasWindow() && pages == 0) {
            deps.cursors().save(accountId, completed(watermark, walkNewest), owner);
        }
        if (complete && !resumed && !request.hasWindow()) {
            reconcileVanishedPending(accountId, walkFrom, pendingSeen);
        }
        AccountOutcome outcome = new AccountOutcome(connection.id(), connection.provider().id(), accountId,
                complete ? AccountOutcome.OK : AccountOutcome.STOPPED_AT_DEADLINE, counts.added(), counts.changed(),
                counts.unchanged(), pages, rejections.size(), null,
                complete ? null : "stopped before the deadline after " + pages + " page(s); the next run resumes",
                millisSince(started));
        if (!rejections.isEmpty()) {
            throw new RejectedPageException(SnapshotBalancesJob.withRejections(outcome, rejectionSummary(rejections)));
        }
        return outcome;
    }

    /**
     * A pending transaction that a complete walk over its dates no longer returns has vanished (or booked
     * under a new id, already closed by the store's twin matching). Kept, marked, never deleted.
     */
    private void reconcileVanishedPending(String accountId, LocalDate walkFrom, Set<String> pendingSeen) {
        for (Transaction pending : deps.transactions().openPending(accountId, walkFrom)) {
            if (!pendingSeen.contains(pending.canonicalId())) {
                LOG.info("pending transaction {} vanished from the provider", pending.providerTransactionId());
                deps.transactions().markVanished(pending.canonicalId(), now());
            }
        }
    }

    private Instant renewLeaseIfHalfGone(String leaseKey, String owner, Instant renewedAt) {
        if (now().isAfter(renewedAt.plus(deps.settings().leaseTtl().dividedBy(2)))) {
            if (!deps.leases().tryAcquire(leaseKey, owner, deps.settings().leaseTtl())) {
                throw new LeaseLostException("lease of " + leaseKey + " taken by another run");
            }
            return now();
        }
        return renewedAt;
    }

    private SyncCursor completed(LocalDate watermark, LocalDate walkNewest) {
        LocalDate newest = watermark == null ? walkNewest
                : walkNewest == null || walkNewest.isBefore(watermark) ? watermark : walkNewest;
        return new SyncCursor(newest, null, null, null, now());
    }

    private static boolean inScope(Transaction t, Account account, JobRequest request) {
        if (!account.providerAccountId().equals(t.providerAccountId())) {
            return false;
        }
        LocalDate d = t.bookingDate();
        if (request.from() != null && d != null && d.isBefore(request.from())) {
            return false;
        }
        return request.to() == null || d == null || !d.isAfter(request.to());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(now(), ZoneOffset.UTC);
    }
}
