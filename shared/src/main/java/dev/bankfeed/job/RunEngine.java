package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.store.ConnectionGate;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.ConnectionStatus;
import dev.bankfeed.store.RunStore;
import dev.bankfeed.store.UnitReport;
import dev.bankfeed.tracing.Tracing;
import dev.bankfeed.util.Jitter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one job's units: inline on a bounded pool of threads (no queue configured), or fanned out through its
 * {@link WorkQueue}, one unit per message, consumed by the same function. Either way a unit takes a slot of its
 * connection first (at most N units of a connection at once), honours the connection's rate-limit pause, runs
 * time-boxed under the account lease the job itself takes, and reports to the run record.
 */
public final class RunEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    /** The longest delay SQS allows on a message. */
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** A slot outlives its unit at most this long after the unit's deadline (a crashed worker's slot frees then). */
    private static final Duration SLOT_MARGIN = Duration.ofMinutes(1);
    private static final Duration MAX_SLOT_TTL = Duration.ofMinutes(20);
    /** A waiting unit asks for a slot again after 100 ms, then less and less often, up to every 2 s. */
    private static final long SLOT_POLL_FIRST_MILLIS = 100;
    private static final long SLOT_POLL_MAX_MILLIS = 2_000;
    /**
     * An event claim stays IN_PROGRESS this long past the run's deadline: the deadline is the function's timeout
     * less the margin to answer, and the claim must not expire while the run could still be writing.
     */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(10);

    /** What became of one delivered unit. */
    public enum Disposition {
        /** Finished (OK or failed) and reported to its run. */
        DONE,
        /** Cut short by the deadline; a continuation message takes it on. */
        CONTINUED,
        /** Not run now (connection busy or rate-limited, account leased elsewhere); re-sent with a delay. */
        POSTPONED,
        /** Already reported by an earlier delivery; nothing done. */
        DUPLICATE
    }

    /** One delivered unit's disposition and this attempt's account outcomes. */
    public record UnitResult(Disposition disposition, List<AccountOutcome> outcomes) {
    }

    /** The answer to a dispatch: the run id and how many units went to the queue. */
    public record Dispatch(String job, String runId, Status status, long queued) {

        /** What the dispatch did; its name is the JSON value. */
        public enum Status {
            /** The units went to the queue. */
            DISPATCHED,
            /** The triggering event was already handled; nothing was queued. */
            DUPLICATE_EVENT
        }
    }

    private final AccountJob job;
    private final JobDependencies deps;
    private final RunStore runs;
    private final ConnectionGate gate;
    private final WorkQueue queue;
    private final RunSettings settings;

    /** @param queue the job's work queue, or null to run every unit inline */
    public RunEngine(AccountJob job, RunStore runs, ConnectionGate gate, WorkQueue queue, RunSettings settings) {
        this.job = job;
        this.deps = job.deps;
        this.runs = runs;
        this.gate = gate;
        this.queue = queue;
        this.settings = settings;
    }

    public JobKind kind() {
        return job.kind();
    }

    /** True when units go through a queue; false in inline mode. */
    public boolean queued() {
        return queue != null;
    }

    public RunSettings settings() {
        return settings;
    }

    /**
     * Runs every unit of the request in this invocation, several accounts at once, and answers the result. Never
     * throws for a provider or account failure (those are in the outcomes).
     */
    public JobResult runInline(JobRequest request, String trigger) {
        return runInline(request, trigger, false);
    }

    /**
     * As {@link #runInline(JobRequest, String)}; with {@code failIfEveryUnitFailed} (a scheduled invocation, which
     * nobody reads the answer of), a run in which every unit failed throws {@link RunFailedException} once its
     * record, statuses and metrics are written, and releases its event claim: Lambda's async retry then runs it
     * again, and after that its on-failure destination keeps the event, where an alarm sees it.
     */
    public JobResult runInline(JobRequest request, String trigger, boolean failIfEveryUnitFailed) {
        long started = System.nanoTime();
        String eventKey = eventKey(request);
        if (!claimed(eventKey, request)) {
            return JobResult.duplicate(kind(), request.runId());
        }
        MDC.put("runId", request.runId());
        MDC.put("job", kind().id());
        try {
            AccountJob.Plan plan = job.plan(request);
            start(request, trigger, plan);
            List<AccountOutcome> outcomes = Collections.synchronizedList(new ArrayList<>(plan.failures()));
            runOnPool(plan.units(), request.deadline(), outcomes);
            if (request.accountId() != null && outcomes.isEmpty()) {
                throw new UnknownTargetException("account", request.accountId());
            }
            JobResult result = JobResult.of(kind(), request.runId(), List.copyOf(outcomes), millisSince(started));
            countMetrics(result.accounts());
            LOG.info("{} run finished: {} accounts, status {}, added {}, changed {}, unchanged {}, pages {}, {} ms",
                    kind().id(), result.accounts().size(), result.status(), result.added(), result.changed(),
                    result.unchanged(), result.pages(), result.durationMillis());
            if (failIfEveryUnitFailed && everyOneFailed(result.accounts())) {
                throw RunFailedException.of(kind(), request.runId(), result.accounts());
            }
            complete(eventKey);
            return result;
        } catch (RuntimeException e) {
            // Failed in this process: a retry of the event must run (or fail) again, not pass as a duplicate.
            // A run that dies (timeout, out of memory) cannot release; its claim expires with its deadline.
            release(eventKey);
            throw e;
        } finally {
            MDC.remove("runId");
            MDC.remove("job");
        }
    }

    /** Lists the request's units, writes the run record and sends the units to the work queue. */
    public Dispatch dispatch(JobRequest request, String trigger) {
        return dispatch(request, trigger, false);
    }

    /**
     * As {@link #dispatch(JobRequest, String)}; with {@code failIfEveryUnitFailed}, a run whose every connection
     * failed before any unit could be queued throws {@link RunFailedException} once its record is written (as
     * {@link #runInline(JobRequest, String, boolean)} does). Queued units that fail later finish the run with
     * failed units instead: a metric and its alarm show them.
     */
    public Dispatch dispatch(JobRequest request, String trigger, boolean failIfEveryUnitFailed) {
        requireQueue();
        String eventKey = eventKey(request);
        if (!claimed(eventKey, request)) {
            return new Dispatch(kind().id(), request.runId(), Dispatch.Status.DUPLICATE_EVENT, 0);
        }
        MDC.put("runId", request.runId());
        MDC.put("job", kind().id());
        try {
            AccountJob.Plan plan = job.plan(request);
            start(request, trigger, plan);
            if (failIfEveryUnitFailed && plan.units().isEmpty() && everyOneFailed(plan.failures())) {
                throw RunFailedException.of(kind(), request.runId(), plan.failures());
            }
            // A failed send releases the claim below, so a retry dispatches again: the units already sent run
            // twice at worst, which the leases and idempotent writes absorb; units never sent would be lost.
            queue.send(plan.units(), Duration.ZERO);
            complete(eventKey);
            LOG.info("{} run dispatched: {} units queued, {} connections failed", kind().id(), plan.units().size(),
                    plan.failures().size());
            return new Dispatch(kind().id(), request.runId(), Dispatch.Status.DISPATCHED, plan.units().size());
        } catch (RuntimeException e) {
            release(eventKey);
            throw e;
        } finally {
            MDC.remove("runId");
            MDC.remove("job");
        }
    }

    /**
     * An HTTP request in queue mode. A request for one account runs its unit here within the answer budget and
     * returns its result when it finished in time; otherwise (and for every wider request) the units go to the
     * queue and the answer is empty: the caller answers 202 with the run's location.
     */
    public Optional<JobResult> accept(JobRequest request, String trigger) {
        requireQueue();
        long started = System.nanoTime();
        MDC.put("runId", request.runId());
        MDC.put("job", kind().id());
        try {
            AccountJob.Plan plan = job.plan(request);
            start(request, trigger, plan);
            if (request.accountId() == null || plan.units().size() != 1 || !plan.failures().isEmpty()) {
                queue.send(plan.units(), Duration.ZERO);
                return Optional.empty();
            }
            WorkUnit unit = plan.units().get(0);
            Duration budget = settings.answerBudget().compareTo(request.deadline().remaining()) < 0
                    ? settings.answerBudget() : request.deadline().remaining();
            UnitResult r;
            try {
                r = work(unit, Deadline.after(deps.clock(), budget), 1);
            } catch (RuntimeException e) {
                LOG.warn("unit failed when run for an answer; the queue takes it: {}", e.toString());
                queue.send(List.of(unit), Duration.ZERO);
                return Optional.empty();
            }
            return r.disposition() == Disposition.DONE
                    ? Optional.of(JobResult.of(kind(), request.runId(), r.outcomes(), millisSince(started)))
                    : Optional.empty();
        } finally {
            MDC.remove("runId");
            MDC.remove("job");
        }
    }

    /**
     * Works one delivered unit. Throws when the delivery should count as failed (a malformed message, or an
     * unexpected failure: already recorded in the account's status, and on the last receive reported failed to
     * the run, since the dead-letter queue takes it next).
     *
     * @param receiveCount how often the queue has delivered this message (SQS ApproximateReceiveCount)
     */
    public UnitResult work(WorkUnit unit, Deadline deadline, int receiveCount) {
        requireQueue();
        Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.put("runId", unit.runId());
        MDC.put("job", kind().id());
        MDC.put("connectionId", unit.connectionId());
        if (!unit.wholeConnection()) {
            MDC.put("accountId", unit.accountId());
        }
        try {
            return Tracing.span("unit", spanAnnotations(unit), () -> attempt(unit, deadline, receiveCount));
        } finally {
            MDC.setContextMap(before == null ? Map.of() : before);
        }
    }

    /** One delivery of a unit, as {@link #work} describes. */
    private UnitResult attempt(WorkUnit unit, Deadline deadline, int receiveCount) {
        if (runs.isReported(unit.runId(), unit.unitId())) {
            LOG.info("unit {} already reported; duplicate delivery ignored", unit.unitId());
            return new UnitResult(Disposition.DUPLICATE, List.of());
        }
        Connection connection;
        try {
            connection = job.connection(unit.connectionId());
        } catch (UnknownTargetException e) {
            LOG.warn("connection {} is no longer configured; unit reported failed", unit.connectionId());
            report(unit, List.of(AccountOutcome.failed(unit.connectionId(), null, accountOf(unit),
                    ErrorClass.PERMANENT, e.getMessage(), 0)), true);
            return new UnitResult(Disposition.DONE, List.of());
        }
        Instant now = deps.clock().instant();
        Optional<Instant> throttled = gate.throttledUntil(connection.id());
        if (throttled.isPresent() && throttled.get().isAfter(now)) {
            return postpone(unit, Duration.between(now, throttled.get()), "its connection is rate-limited");
        }
        String owner = owner(unit);
        Optional<Integer> slot = gate.tryEnter(connection.id(), settings.maxConcurrency(connection), owner,
                slotTtl(deadline));
        if (slot.isEmpty()) {
            return postpone(unit, settings.busyDelay(), "every slot of its connection is taken");
        }
        List<AccountOutcome> outcomes;
        try {
            outcomes = job.runUnit(unit, deadline);
        } catch (UnitFailedException e) {
            if (receiveCount >= settings.maxReceives()) {
                // The dead-letter queue takes the message next: the run must not wait for it forever.
                report(unit, List.of(e.outcome()), true);
            }
            throw e;
        } finally {
            gate.leave(connection.id(), slot.get(), owner);
        }
        countMetrics(outcomes);
        throttleIfRateLimited(connection, outcomes);
        if (has(outcomes, AccountOutcome.Status.STOPPED_AT_DEADLINE)) {
            return again(unit, outcomes, Duration.ZERO, Disposition.CONTINUED, "stopped at the deadline");
        }
        if (has(outcomes, AccountOutcome.Status.LEASE_HELD)) {
            return again(unit, outcomes, settings.busyDelay(), Disposition.POSTPONED,
                    "another run holds the account");
        }
        report(unit, outcomes, true);
        return new UnitResult(Disposition.DONE, outcomes);
    }

    private UnitResult postpone(WorkUnit unit, Duration delay, String why) {
        return again(unit, List.of(), delay, Disposition.POSTPONED, why);
    }

    /** Sends the unit's next message, unless it has used up its attempts (then it is reported failed). */
    private UnitResult again(WorkUnit unit, List<AccountOutcome> outcomes, Duration delay, Disposition disposition,
            String why) {
        if (unit.attempt() >= settings.maxAttempts()) {
            LOG.warn("unit {} gave up after {} attempts: {}", unit.unitId(), unit.attempt(), why);
            List<AccountOutcome> last = new ArrayList<>(outcomes);
            last.add(AccountOutcome.failed(unit.connectionId(), null, accountOf(unit), null, "gave up after "
                    + unit.attempt() + " attempts: " + why, 0));
            report(unit, last, true);
            return new UnitResult(Disposition.DONE, last);
        }
        Duration d = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        LOG.info("unit {} attempt {} {}; attempt {} in {} s", unit.unitId(), unit.attempt(), why,
                unit.attempt() + 1, d.toSeconds());
        queue.send(List.of(unit.next(outcomes)), d);
        return new UnitResult(disposition, outcomes);
    }

    private void runOnPool(List<WorkUnit> units, Deadline deadline, List<AccountOutcome> outcomes) {
        int threads = Math.min(settings.inlineThreads(), units.size());
        if (threads == 0) {
            return;
        }
        Map<String, String> context = MDC.getCopyOfContextMap();
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bankfeed-unit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (WorkUnit unit : interleaveConnections(units)) {
                futures.add(pool.submit(() -> {
                    // MDC is per thread: each unit's log lines carry its run, connection and account.
                    MDC.setContextMap(context == null ? Map.of() : context);
                    MDC.put("connectionId", unit.connectionId());
                    if (!unit.wholeConnection()) {
                        MDC.put("accountId", unit.accountId());
                    }
                    try {
                        outcomes.addAll(Tracing.span("unit", spanAnnotations(unit),
                                () -> runInlineUnit(unit, deadline)));
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error fatal) {
                // Out of memory and the like end the process, with nothing it could clean up relied upon.
                throw fatal;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running units", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<AccountOutcome> runInlineUnit(WorkUnit unit, Deadline deadline) {
        Connection connection = job.connection(unit.connectionId());
        Instant now = deps.clock().instant();
        Optional<Instant> throttled = gate.throttledUntil(connection.id());
        List<AccountOutcome> outcomes;
        if (throttled.isPresent() && throttled.get().isAfter(now)) {
            outcomes = List.of(AccountOutcome.postponed(unit.connectionId(), null, accountOf(unit),
                    ErrorClass.RATE_LIMITED,
                    "not started: the connection is rate-limited until " + throttled.get()
                            + "; the next run takes it"));
        } else {
            String owner = owner(unit);
            Optional<Integer> slot = waitForSlot(connection, owner, deadline);
            if (slot.isEmpty()) {
                outcomes = List.of(AccountOutcome.postponed(unit.connectionId(), null, accountOf(unit), null,
                        "not started: no free slot of the connection in time; the next run takes it"));
            } else {
                try {
                    outcomes = job.runUnit(unit, deadline);
                } catch (UnitFailedException e) {
                    outcomes = List.of(e.outcome());
                } finally {
                    gate.leave(connection.id(), slot.get(), owner);
                }
                throttleIfRateLimited(connection, outcomes);
            }
        }
        report(unit, outcomes, false);
        return outcomes;
    }

    /** Waits (on the wall clock: other threads free slots) for a slot, as long as the deadline allows. */
    private Optional<Integer> waitForSlot(Connection connection, String owner, Deadline deadline) {
        long giveUpAt = System.nanoTime() + Math.min(deadline.remaining().toNanos(), MAX_SLOT_TTL.toNanos());
        long pause = SLOT_POLL_FIRST_MILLIS;
        while (true) {
            Optional<Integer> slot = gate.tryEnter(connection.id(), settings.maxConcurrency(connection), owner,
                    slotTtl(deadline));
            if (slot.isPresent() || deadline.isWithin(deps.settings().stopMargin()) || System.nanoTime() > giveUpAt) {
                return slot;
            }
            try {
                // Each refused try is a refused conditional write per slot (1 WCU each on AWS): back off with
                // jitter rather than poll at a fixed rate, which burned thousands of units on a long wait.
                Thread.sleep(pause / 2 + Jitter.below(pause / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, SLOT_POLL_MAX_MILLIS);
        }
    }

    private void throttleIfRateLimited(Connection connection, List<AccountOutcome> outcomes) {
        for (AccountOutcome o : outcomes) {
            if (o.errorClass() == ErrorClass.RATE_LIMITED) {
                // The bank's own Retry-After when it gave one (never more than SQS can delay a message).
                Duration pause = o.retryAfterSeconds() == null ? settings.rateLimitPause()
                        : Duration.ofSeconds(Math.min(o.retryAfterSeconds(), MAX_DELAY.toSeconds()));
                Instant until = deps.clock().instant().plus(pause);
                LOG.warn("connection rate-limited: its other units wait until {}", until);
                gate.throttle(connection.id(), until);
                return;
            }
        }
    }

    private void report(WorkUnit unit, List<AccountOutcome> outcomes, boolean once) {
        WorkUnit.Carried total = unit.next(outcomes).carried();
        boolean ok = outcomes.stream().allMatch(o -> o.status() == AccountOutcome.Status.OK);
        RunStore.Reported r = runs.report(unit.runId(), unit.unitId(), new UnitReport(ok, total.added(),
                total.changed(), total.unchanged(), total.rejected(), total.pages()), once, deps.clock().instant());
        if (!r.counted()) {
            LOG.info("unit {} was already reported by another delivery", unit.unitId());
        }
        if (r.finished() != null) {
            countFinished(r.finished().runId(), r.finished().failed(), r.finished().queued());
        }
    }

    private void start(JobRequest request, String trigger, AccountJob.Plan plan) {
        long queued = plan.units().size() + plan.failures().size();
        runs.start(request.runId(), kind().id(), trigger, queued, plan.failures().size(), deps.clock().instant());
        if (plan.units().isEmpty()) {
            // Nothing left to run: the record is FINISHED already, and no unit's report will count it.
            countFinished(request.runId(), plan.failures().size(), queued);
        }
        countStaleConnections(plan);
    }

    /** Counts a run that just finished; exactly one caller sees each run finish. */
    private void countFinished(String runId, long failed, long queued) {
        deps.metrics().count(JobMetrics.RUNS_WITH_FAILURES, failed > 0 ? 1 : 0);
        deps.metrics().count(JobMetrics.FAILED_UNITS, failed);
        if (failed > 0) {
            LOG.warn("{} run {} finished with {} of {} units failed; the accounts' statuses say why", kind().id(),
                    runId, failed, queued);
        }
    }

    /**
     * Counts the run's connections whose last success at this job is older than the configured age. A connection
     * that never succeeded at it is measured from its first attempt: the connection status keeps when a job first
     * tried to list its accounts, so a consent failing before any account is known (no account status at all)
     * counts too; a connection with no account status at this job yet counts by its listing's last success. A
     * connection never attempted is not stale yet. Counted at every run's start, zero included, so that no data
     * at all means the runs stopped.
     */
    private void countStaleConnections(AccountJob.Plan plan) {
        Set<String> connections = new LinkedHashSet<>();
        plan.units().forEach(u -> connections.add(u.connectionId()));
        plan.failures().forEach(o -> connections.add(o.connectionId()));
        Instant now = deps.clock().instant();
        Instant limit = now.minus(settings.staleAfter());
        long stale = 0;
        for (String connectionId : connections) {
            Instant since = staleSince(connectionId);
            if (since != null && since.isBefore(limit)) {
                stale++;
                LOG.warn("connection {}: no successful {} run since {} (more than {} h ago)", connectionId,
                        kind().id(), since, settings.staleAfter().toHours());
            }
        }
        deps.metrics().count(JobMetrics.STALE_CONNECTIONS, stale);
    }

    /** Since when the connection has had no success at this job; null when nothing was attempted yet. */
    private Instant staleSince(String connectionId) {
        Instant lastSuccess = null;
        Instant firstAttempt = null;
        boolean anyAccountStatus = false;
        for (AccountStatus s : deps.statuses().statuses(connectionId)) {
            if (!kind().id().equals(s.job())) {
                continue;
            }
            anyAccountStatus = true;
            lastSuccess = latest(lastSuccess, s.lastSuccessAt());
            firstAttempt = earliest(firstAttempt, s.lastAttemptAt());
        }
        if (lastSuccess != null) {
            return lastSuccess;
        }
        Optional<ConnectionStatus> connection = deps.statuses().connectionStatus(connectionId);
        if (!anyAccountStatus && connection.isPresent() && connection.get().lastSuccessAt() != null) {
            return connection.get().lastSuccessAt();
        }
        // An account status's last attempt moves with every run: it stands in only for a connection status
        // written before the first attempt was kept.
        return earliest(connection.map(ConnectionStatus::firstAttemptAt).orElse(null), firstAttempt);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    /** What a unit's span is searchable by in X-Ray: run, job, connection and (for an account unit) account. */
    private Map<String, String> spanAnnotations(WorkUnit unit) {
        return Tracing.annotations("runId", unit.runId(), "job", kind().id(), "connectionId", unit.connectionId(),
                "accountId", unit.wholeConnection() ? null : unit.accountId());
    }

    private static boolean everyOneFailed(List<AccountOutcome> outcomes) {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.status() == AccountOutcome.Status.FAILED);
    }

    /**
     * Claims the request's event (true when there is none): IN_PROGRESS for as long as this invocation can live,
     * so that a run that dies without releasing it blocks the event's retries no longer than its own timeout.
     * False when the event was already handled.
     *
     * @throws EventInProgressException when another invocation's claim is still live
     */
    private boolean claimed(String eventKey, JobRequest request) {
        if (eventKey == null) {
            return true;
        }
        Duration inProgressFor = request.deadline().remaining().plus(CLAIM_MARGIN);
        switch (deps.events().begin(eventKey, inProgressFor)) {
            case CLAIMED:
                return true;
            case IN_PROGRESS:
                LOG.warn("event {} is in progress in another invocation; refused for a later retry",
                        request.eventKey());
                throw new EventInProgressException(request.eventKey());
            default:
                LOG.info("event {} already handled; nothing to do", request.eventKey());
                return false;
        }
    }

    private void complete(String eventKey) {
        if (eventKey != null) {
            deps.events().complete(eventKey, deps.settings().eventRetention());
        }
    }

    private void release(String eventKey) {
        if (eventKey != null) {
            deps.events().release(eventKey);
        }
    }

    private String eventKey(JobRequest request) {
        return request.eventKey() == null ? null : kind().id() + "#" + request.eventKey();
    }

    private void countMetrics(List<AccountOutcome> outcomes) {
        JobResult r = JobResult.of(kind(), "-", outcomes, 0);
        deps.metrics().count("Pages", r.pages());
        deps.metrics().count("RecordsAdded", r.added());
        deps.metrics().count("RecordsChanged", r.changed());
        deps.metrics().count("RecordsUnchanged", r.unchanged());
        deps.metrics().count("RecordsRejected", r.rejected());
    }

    private void requireQueue() {
        if (queue == null) {
            throw new IllegalStateException("no work queue is configured: run inline");
        }
    }

    /** The account an outcome of this unit names: none for a whole connection. */
    private static String accountOf(WorkUnit unit) {
        return unit.wholeConnection() ? null : unit.accountId();
    }

    private static boolean has(List<AccountOutcome> outcomes, AccountOutcome.Status status) {
        return outcomes.stream().anyMatch(o -> o.status() == status);
    }

    private static String owner(WorkUnit unit) {
        return unit.runId() + "/" + unit.unitId() + "/" + UUID.randomUUID();
    }

    private static Duration slotTtl(Deadline deadline) {
        Duration ttl = deadline.remaining().plus(SLOT_MARGIN);
        return ttl.compareTo(MAX_SLOT_TTL) > 0 ? MAX_SLOT_TTL : ttl;
    }

    /** Round-robin over connections, so a pool's threads do not all wait on one connection's slots. */
    private static List<WorkUnit> interleaveConnections(List<WorkUnit> units) {
        Map<String, List<WorkUnit>> byConnection = new LinkedHashMap<>();
        for (WorkUnit u : units) {
            byConnection.computeIfAbsent(u.connectionId(), k -> new ArrayList<>()).add(u);
        }
        List<WorkUnit> out = new ArrayList<>(units.size());
        for (int i = 0; out.size() < units.size(); i++) {
            for (List<WorkUnit> list : byConnection.values()) {
                if (i < list.size()) {
                    out.add(list.get(i));
                }
            }
        }
        return out;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
