package dev.bankfeed.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.provider.ProviderModules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the three jobs share: the planning of a run into work units (connections and accounts, optionally
 * narrowed), one unit's execution with per-account isolation (one account's failure is recorded in its status
 * and the others go on), deadline checks, and logging context (connection and account ids in every log line).
 * {@link RunEngine} runs the units, inline or through a queue.
 */
public abstract class AccountJob {

    private static final Logger LOG = LoggerFactory.getLogger(AccountJob.class);

    protected final JobDependencies deps;
    private final JobKind kind;

    protected AccountJob(JobKind kind, JobDependencies deps) {
        this.kind = kind;
        this.deps = deps;
    }

    public JobKind kind() {
        return kind;
    }

    /** What a run has to do: its units, and the connections that failed before their units were known. */
    public record Plan(List<WorkUnit> units, List<AccountOutcome> failures) {

        public Plan {
            units = List.copyOf(units);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Lists a run's units: one per account (discovered first when a connection has none yet) or, for ListAccounts,
     * one per connection. A connection whose accounts cannot be listed is recorded (its own status, and that of
     * its known accounts) and reported among the failures.
     *
     * @throws UnknownTargetException when the request names a connection or account that is not configured
     */
    public Plan plan(JobRequest request) {
        List<WorkUnit> units = new ArrayList<>();
        List<AccountOutcome> failures = new ArrayList<>();
        boolean matchedConnection = false;
        for (Connection connection : deps.connections().connections()) {
            if (request.connectionId() != null && !request.connectionId().equals(connection.id())) {
                continue;
            }
            matchedConnection = true;
            MDC.put("connectionId", connection.id());
            try {
                planConnection(connection, request, units, failures);
            } finally {
                MDC.remove("connectionId");
            }
        }
        if (request.connectionId() != null && !matchedConnection) {
            throw new UnknownTargetException("connection", request.connectionId());
        }
        if (request.accountId() != null && units.isEmpty() && failures.isEmpty()) {
            // No account matched and no connection failed: the account is not configured, not merely idle.
            throw new UnknownTargetException("account", request.accountId());
        }
        return new Plan(units, failures);
    }

    /** Adds one unit per account of {@code connection} that the request covers. */
    protected void planConnection(Connection connection, JobRequest request, List<WorkUnit> units,
            List<AccountOutcome> failures) {
        long started = System.nanoTime();
        List<Account> accounts;
        try {
            accounts = accountsOf(connection, deps.clients().forConnection(connection), request,
                    new ArrayList<>());
        } catch (ProviderException e) {
            failures.add(connectionFailed(connection, request, e, started));
            return;
        }
        for (Account account : accounts) {
            if (matches(account, request.accountId())) {
                units.add(new WorkUnit(request.runId(), kind, connection.id(), account.canonicalId(), false,
                        request.from(), request.to(), 1, null));
            }
        }
    }

    /**
     * Runs one attempt of a unit within {@code deadline}: the outcome of each account it covered. Provider
     * failures, rejected pages and a lost lease are outcomes (recorded in the account's status); anything else is
     * recorded too and then thrown as {@link UnitFailedException}, so a queue delivers the unit again.
     */
    public List<AccountOutcome> runUnit(WorkUnit unit, Deadline deadline) {
        Connection connection = connection(unit.connectionId());
        JobRequest request = unit.request(deadline);
        MDC.put("connectionId", connection.id());
        try {
            ProviderClient client = deps.clients().forConnection(connection);
            if (!unit.wholeConnection()) {
                return List.of(runAccountSafely(connection, client, accountRef(connection, unit.accountId()),
                        request));
            }
            List<AccountOutcome> outcomes = new ArrayList<>();
            long started = System.nanoTime();
            List<Account> accounts;
            try {
                accounts = accountsOf(connection, client, request, outcomes);
            } catch (ProviderException e) {
                outcomes.add(connectionFailed(connection, request, e, started));
                return outcomes;
            }
            for (Account account : accounts) {
                if (matches(account, request.accountId())) {
                    outcomes.add(runAccountSafely(connection, client, account, request));
                }
            }
            return outcomes;
        } finally {
            MDC.remove("connectionId");
        }
    }

    /** The configured connection of that id. @throws UnknownTargetException when there is none (any more) */
    Connection connection(String connectionId) {
        for (Connection c : deps.connections().connections()) {
            if (c.id().equals(connectionId)) {
                return c;
            }
        }
        throw new UnknownTargetException("connection", connectionId);
    }

    /**
     * The account of an account unit, from its canonical id alone: the per-account jobs need only its ids, and
     * reading its profile would cost a read per unit for nothing.
     */
    private static Account accountRef(Connection connection, String canonicalId) {
        String prefix = connection.provider().id() + ":";
        if (!canonicalId.startsWith(prefix)) {
            throw new IllegalArgumentException("account " + canonicalId + " is not of connection " + connection.id());
        }
        return Account.builder().provider(connection.provider())
                .providerAccountId(canonicalId.substring(prefix.length())).build();
    }

    private AccountOutcome connectionFailed(Connection connection, JobRequest request, ProviderException e,
            long started) {
        handleProviderFailure(connection, e);
        // The connection's own status shows it even when no account is known yet (a consent that never worked).
        deps.statuses().recordConnectionFailure(connection.id(), kind.id(), request.runId(), e.errorClass(),
                e.getMessage(), now());
        // An expired consent must show on every account it covers, not only in this run's answer.
        for (Account known : deps.accounts().accounts(connection.id())) {
            deps.statuses().recordFailure(known.canonicalId(), connection.id(), kind.id(), request.runId(),
                    e.errorClass(), e.getMessage(), now());
        }
        return failure(connection, null, e, started);
    }

    private AccountOutcome runAccountSafely(Connection connection, ProviderClient client, Account account,
            JobRequest request) {
        if (request.deadline().isWithin(deps.settings().stopMargin())) {
            return AccountOutcome.notStartedAtDeadline(connection.id(), connection.provider().id(),
                    account.canonicalId(), "not started: the run's time was up; the next run takes it");
        }
        MDC.put("accountId", account.canonicalId());
        long accountStarted = System.nanoTime();
        try {
            AccountOutcome outcome = runAccount(connection, client, account, request);
            if (outcome.status() == AccountOutcome.Status.OK) {
                deps.statuses().recordSuccess(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                        now());
            }
            return outcome;
        } catch (ProviderException e) {
            handleProviderFailure(connection, e);
            deps.statuses().recordFailure(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                    e.errorClass(), e.getMessage(), now());
            return failure(connection, account.canonicalId(), e, accountStarted);
        } catch (RejectedPageException e) {
            deps.statuses().recordFailure(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                    ErrorClass.MALFORMED_RESPONSE, e.getMessage(), now());
            return e.outcome();
        } catch (RuntimeException e) {
            // Anything else (a store still failing after its retries, a bug) is recorded in the account's status
            // every time, then left to the caller: inline it is this account's trouble only, from a queue the
            // unit is delivered again and, failing every time, ends in the dead-letter queue.
            ErrorClass errorClass = classify(e);
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("account failed: {}", message, e);
            deps.metrics().count("Errors", 1);
            deps.statuses().recordFailure(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                    errorClass, message, now());
            throw new UnitFailedException(failure(connection, account.canonicalId(), errorClass, message,
                    accountStarted), e);
        } finally {
            MDC.remove("accountId");
        }
    }

    /** The accounts this run covers: the known ones, discovered first when a connection has none yet. */
    protected List<Account> accountsOf(Connection connection, ProviderClient client, JobRequest request,
            List<AccountOutcome> outcomes) {
        List<Account> known = deps.accounts().accounts(connection.id());
        if (!known.isEmpty()) {
            return known;
        }
        List<Account> discovered = discoverAccounts(connection, client, request, new ArrayList<>());
        deps.accounts().upsertAccounts(connection.id(), discovered);
        return discovered;
    }

    /**
     * Lists and normalizes a connection's accounts; rejected records are logged and collected. The listing is the
     * connection's own status: a success, or a failure when a listed account was rejected (it has no status of its
     * own to show it). A provider failure is recorded by the caller.
     */
    protected List<Account> discoverAccounts(Connection connection, ProviderClient client, JobRequest request,
            List<Rejection> rejections) {
        List<Account> accounts = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (JsonNode page : client.accountPages(request.deadline())) {
            NormalizationResult<Account> result = ProviderModules.of(connection.provider()).normalizer()
                    .accounts(page, context(null));
            accounts.addAll(result.records());
            logRejections(result.rejections());
            rejected.addAll(result.rejections());
        }
        if (rejected.isEmpty()) {
            deps.statuses().recordConnectionSuccess(connection.id(), kind.id(), request.runId(), accounts.size(),
                    now());
        } else {
            deps.statuses().recordConnectionFailure(connection.id(), kind.id(), request.runId(),
                    ErrorClass.MALFORMED_RESPONSE, rejectionSummary(rejected), now());
        }
        rejections.addAll(rejected);
        return accounts;
    }

    /** The work for one account; throws ProviderException (recorded by the caller) on provider failure. */
    protected abstract AccountOutcome runAccount(Connection connection, ProviderClient client, Account account,
            JobRequest request);

    protected NormalizationContext context(String providerAccountId) {
        return new NormalizationContext(providerAccountId, now());
    }

    protected Instant now() {
        return deps.clock().instant();
    }

    protected static void logRejections(List<Rejection> rejections) {
        for (Rejection r : rejections) {
            LOG.warn("record rejected: {}", r.describe());
        }
    }

    protected static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private void handleProviderFailure(Connection connection, ProviderException e) {
        LOG.warn("provider call failed: {}", e.getMessage());
        deps.metrics().count(e.errorClass() == ErrorClass.RATE_LIMITED ? "Throttles" : "ProviderErrors", 1);
        if (e.errorClass() == ErrorClass.NEEDS_REAUTH) {
            deps.metrics().count(JobMetrics.NEEDS_REAUTH, 1);
            // A rotated secret may already be waiting in Secrets Manager: read it again next time.
            deps.connections().invalidate(connection.id());
        }
    }

    /** A failure that is not the provider's: the store (worth retrying next run) or our own bug. */
    private static ErrorClass classify(RuntimeException e) {
        if (e instanceof dev.bankfeed.normalize.MalformedBodyException) {
            return ErrorClass.MALFORMED_RESPONSE;
        }
        if (e instanceof dev.bankfeed.store.StoreUnavailableException) {
            return ErrorClass.TRANSIENT;
        }
        return ErrorClass.PERMANENT;
    }

    private static AccountOutcome failure(Connection connection, String accountId, ProviderException e,
            long startedNanos) {
        return AccountOutcome.failed(connection.id(), connection.provider().id(), accountId, e,
                millisSince(startedNanos));
    }

    private static AccountOutcome failure(Connection connection, String accountId, ErrorClass errorClass,
            String message, long startedNanos) {
        return AccountOutcome.failed(connection.id(), connection.provider().id(), accountId, errorClass, message,
                millisSince(startedNanos));
    }

    private static boolean matches(Account account, String wanted) {
        return wanted == null || wanted.equals(account.providerAccountId()) || wanted.equals(account.canonicalId());
    }

    /** Renders per-account rejections as one status message: how many, and the first reason. */
    protected static String rejectionSummary(List<Rejection> rejections) {
        return rejections.size() + " record(s) rejected; first: " + rejections.get(0).describe();
    }

}
