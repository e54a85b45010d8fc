package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.ProviderNormalizer;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import dev.bankfeed.store.LeaseLostException;
import dev.bankfeed.store.OpenRejection;
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
import java.util.UUID;
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
        // The cursor store checks this very lease (keyed by the account) before it moves a cursor. The owner is
        // unique to this walk: two deliveries of one run (same request id) must not both hold the account.
        String leaseKey = account.canonicalId();
        String owner = request.runId() + "/" + UUID.randomUUID();
        if (!deps.leases().tryAcquire(leaseKey, owner, deps.settings().leaseTtl())) {
            LOG.info("another run holds the lease of this account; skipped");
            return AccountOutcome.leaseHeld(connection.id(), connection.provider().id(), account.canonicalId(),
                    "another run is syncing this account", 0);
        }
        try {
            return walk(connection, client, account, request, leaseKey, owner, started);
        } catch (LeaseLostException e) {
            LOG.warn("lease lost mid-walk; stopped without moving the cursor further");
            return AccountOutcome.leaseHeld(connection.id(), connection.provider().id(), account.canonicalId(),
                    "lease lost to another run; stopped", millisSince(started));
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
        RejectedRecords rejected = RejectedRecords.load(deps.rejections(), accountId);
        WalkWindow window = window();
        LocalDate walkFrom = request.hasWindow() ? request.from()
                : resumed ? saved.get().walkFrom() : newWalkFrom(accountId, watermark, rejected, window);
        LocalDate walkNewest = resumed ? saved.get().walkNewest() : null;
        boolean rejectedInWalk = resumed && saved.get().rejectedInWalk();
        TransactionWalk walk = null;
        Optional<TransactionPage> firstPage = null;
        String restartedBecause = null;
        if (resumed) {
            try {
                walk = client.transactions(account.providerAccountId(),
                        new WalkRequest(walkFrom, saved.get().resumeState(), deps.settings().pageSize()),
                        request.deadline());
                // Read here, not in the loop: only this first read tells whether the provider takes the state.
                firstPage = walk.next();
            } catch (IllegalArgumentException e) {
                // A state this client cannot read (an older format, another provider): the only safe way on is a
                // new walk over the same dates; the upserts absorb what it reads again.
                restartedBecause = "saved walk state unreadable (" + e.getMessage() + ")";
            } catch (ProviderException e) {
                if (!refusesResumeState(e)) {
                    throw e;
                }
                // An expired or foreign page token is refused the same way every time: resuming again would
                // wedge the account until someone deleted the cursor.
                restartedBecause = "provider refused the saved walk state (" + e.errorClass()
                        + (e.httpStatus() > 0 ? ", HTTP " + e.httpStatus() : "") + ")";
            }
            if (restartedBecause != null) {
                LOG.warn("walk restarted from {}: {}", walkFrom, restartedBecause);
                deps.metrics().count("WalkRestarts", 1);
                resumed = false;
                walkNewest = null;
                rejectedInWalk = false;
                walk = null;
                firstPage = null;
            }
        }
        if (walk == null) {
            // Once per run: a fresh walk carries no state of ours, so a failure of it is the provider's to report.
            walk = client.transactions(account.providerAccountId(),
                    new WalkRequest(walkFrom, null, deps.settings().pageSize()), request.deadline());
        }
        LOG.info("walk {} from {}", resumed ? "resumed" : "started", walkFrom);

        ProviderNormalizer normalizer = ProviderModules.of(connection.provider()).normalizer();
        Set<String> pendingSeen = new HashSet<>();
        List<Rejection> rejections = new ArrayList<>();
        WriteCounts counts = WriteCounts.ZERO;
        int pages = 0;
        boolean complete = false;
        Instant leaseRenewedAt = now();
        // Each page's writes go under their own change sequence number, committed by the page's checkpoint.
        long changeSeq = deps.transactions().nextChangeSeq(accountId, owner, deps.settings().leaseTtl());
        while (!request.deadline().isWithin(deps.settings().stopMargin())) {
            Optional<TransactionPage> next = firstPage != null ? firstPage : walk.next();
            firstPage = null;
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
                    walkNewest = window.newer(walkNewest, t);
                }
            }
            // A page written after the lease ran out could land behind another run's committed changes: a slow
            // fetch renews it (or stops) first, so every write starts with at least half a lease left.
            leaseRenewedAt = renewLeaseIfHalfGone(leaseKey, owner, leaseRenewedAt);
            counts = counts.plus(deps.transactions().upsertTransactions(wanted, changeSeq));
            rejected.pageStored(wanted, result.rejections(), walkFrom, request.runId(), now());
            pages++;
            logRejections(result.rejections());
            rejections.addAll(result.rejections());
            rejectedInWalk |= result.hasRejections();
            if (!request.hasWindow()) {
                // Durable above; only now may the cursor move past this page.
                deps.cursors().save(accountId, page.last()
                        ? completed(watermark, walkNewest, rejectedInWalk)
                        : new SyncCursor(watermark, page.resumeState(), walkFrom, walkNewest, rejectedInWalk, now()),
                        owner, deps.settings().leaseTtl(), changeSeq);
                leaseRenewedAt = now(); // the checkpoint extended the lease
            } else {
                deps.cursors().commitChanges(accountId, changeSeq, owner, deps.settings().leaseTtl());
                leaseRenewedAt = now();
            }
            changeSeq++;
            if (page.last()) {
                complete = true;
                break;
            }
            leaseRenewedAt = renewLeaseIfHalfGone(leaseKey, owner, leaseRenewedAt);
        }
        if (complete && !request.hasWindow() && pages == 0) {
            deps.cursors().save(accountId, completed(watermark, walkNewest, rejectedInWalk), owner,
                    deps.settings().leaseTtl());
        }
        // Vanished needs proof: the whole walk in this run, and every record of it read.
        if (complete && !resumed && !request.hasWindow() && !rejectedInWalk) {
            renewLeaseIfHalfGone(leaseKey, owner, leaseRenewedAt);
            if (reconcileVanishedPending(accountId, walkFrom, pendingSeen, changeSeq, window)) {
                deps.cursors().commitChanges(accountId, changeSeq, owner, deps.settings().leaseTtl());
            }
        }
        if (complete && !resumed && !request.hasWindow()) {
            rejected.walkCompleted(walkFrom);
        }
        AccountOutcome outcome = AccountOutcome.walked(connection.id(), connection.provider().id(), accountId, complete,
                counts, pages, rejections.size(), outcomeMessage(complete, pages, restartedBecause),
                millisSince(started));
        List<OpenRejection> open = rejected.stillOpen();
        if (!rejections.isEmpty()) {
            String summary = rejectionSummary(rejections) + (open.isEmpty() ? ""
                    : "; " + open.size() + " rejected record(s) open, not stored");
            throw new RejectedPageException(outcome.failedForRejections(summary));
        }
        if (complete && !open.isEmpty()) {
            // Nothing rejected in this walk, but a record rejected earlier is still not stored (it may be older than
            // any walk now reads): the account is missing a transaction and must not look OK.
            throw new RejectedPageException(outcome.failedForRejections(
                    RejectedRecords.summary(open)));
        }
        return outcome;
    }

    /**
     * A provider's answer to a resumed walk's first page that says the saved state itself is bad: a 400 (an
     * expired or unknown page token) or a body it cannot make sense of. Other failures (auth, rate limits,
     * outages) say nothing about the state and are the account's failure as usual.
     */
    static boolean refusesResumeState(ProviderException e) {
        return e.errorClass() == ErrorClass.MALFORMED_RESPONSE
                || (e.errorClass() == ErrorClass.PERMANENT && e.httpStatus() == 400);
    }

    private static String outcomeMessage(boolean complete, int pages, String restartedBecause) {
        String restart = restartedBecause == null ? null : "walk restarted: " + restartedBecause;
        if (complete) {
            return restart;
        }
        String stopped = "stopped before the deadline after " + pages + " page(s); the next run resumes";
        return restart == null ? stopped : restart + "; " + stopped;
    }

    /** Where a new incremental walk starts ({@link WalkWindow#newWalkFrom}), from the account's open pendings. */
    private LocalDate newWalkFrom(String accountId, LocalDate watermark, RejectedRecords rejected,
            WalkWindow window) {
        if (watermark == null) {
            return window.backfillLimit();
        }
        List<LocalDate> pendingDates = deps.transactions().openPending(accountId, null).stream()
                .map(Transaction::bookingDate).toList();
        return window.newWalkFrom(watermark, pendingDates, rejected.readFroms());
    }

    private WalkWindow window() {
        return new WalkWindow(today(), deps.settings().lookbackDays(), deps.settings().backfillDays());
    }

    /**
     * A pending transaction that a complete walk over its dates no longer returns has vanished (or booked
     * under a new id, already closed by the store's twin matching). Kept, marked, never deleted. Which dates the
     * walk covers: {@link WalkWindow#covers}.
     */
    private boolean reconcileVanishedPending(String accountId, LocalDate walkFrom, Set<String> pendingSeen,
            long changeSeq, WalkWindow window) {
        boolean marked = false;
        for (Transaction pending : deps.transactions().openPending(accountId, null)) {
            if (window.covers(walkFrom, pending.bookingDate()) && !pendingSeen.contains(pending.canonicalId())) {
                LOG.info("pending transaction {} vanished from the provider", pending.providerTransactionId());
                deps.transactions().markVanished(pending.canonicalId(), now(), changeSeq);
                marked = true;
            }
        }
        return marked;
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

    private SyncCursor completed(LocalDate watermark, LocalDate walkNewest, boolean rejectedInWalk) {
        return new SyncCursor(WalkWindow.completedWatermark(watermark, walkNewest, rejectedInWalk), null, null, null,
                false, now());
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
