package dev.bankfeed.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.Normalizers;
import dev.bankfeed.normalize.Rejection;
import dev.bankfeed.provider.ErrorClass;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The run loop the three jobs share: duplicate-event check, connections and accounts (optionally
 * narrowed), per-account isolation (one account's failure is recorded in its status and the others go
 * on), deadline checks, and logging context (run, connection and account ids in every log line).
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

    /** Runs the job; never throws for a provider or account failure (those are in the outcomes). */
    public JobResult run(JobRequest request) {
        long started = System.nanoTime();
        String eventKey = request.eventKey() == null ? null : kind.id() + "#" + request.eventKey();
        if (eventKey != null && !deps.events().claim(eventKey, deps.settings().eventRetention())) {
            LOG.info("event {} already handled; nothing to do", request.eventKey());
            return JobResult.duplicate(kind, request.runId());
        }
        MDC.put("runId", request.runId());
        MDC.put("job", kind.id());
        List<AccountOutcome> outcomes = new ArrayList<>();
        boolean matchedConnection = false;
        try {
            for (Connection connection : deps.connections().connections()) {
                if (request.connectionId() != null && !request.connectionId().equals(connection.id())) {
                    continue;
                }
                matchedConnection = true;
                MDC.put("connectionId", connection.id());
                try {
                    runConnection(connection, request, outcomes);
                } finally {
                    MDC.remove("connectionId");
                }
            }
        } catch (RuntimeException e) {
            // Nothing was done for this event: let a retry of it run again.
            if (eventKey != null && outcomes.isEmpty()) {
                deps.events().release(eventKey);
            }
            throw e;
        } finally {
            MDC.remove("runId");
            MDC.remove("job");
        }
        if (request.connectionId() != null && !matchedConnection) {
            throw unknownTarget("connection", request.connectionId(), eventKey);
        }
        if (request.accountId() != null && outcomes.isEmpty()) {
            // No account matched and no connection failed: the account is not configured, not merely idle.
            throw unknownTarget("account", request.accountId(), eventKey);
        }
        JobResult result = JobResult.of(kind, request.runId(), outcomes, (System.nanoTime() - started) / 1_000_000);
        deps.metrics().count("Pages", result.pages());
        deps.metrics().count("RecordsAdded", result.added());
        deps.metrics().count("RecordsChanged", result.changed());
        deps.metrics().count("RecordsUnchanged", result.unchanged());
        deps.metrics().count("RecordsRejected", result.rejected());
        LOG.info("{} run finished: {} accounts, status {}, added {}, changed {}, unchanged {}, pages {}, {} ms",
                kind.id(), outcomes.size(), result.status(), result.added(), result.changed(), result.unchanged(),
                result.pages(), result.durationMillis());
        return result;
    }

    /**
     * A request for something not configured. Nothing was done, so the event's claim is given back: a retry
     * must fail the same way (and reach the dead-letter queue), not pass as a duplicate.
     */
    private UnknownTargetException unknownTarget(String field, String value, String eventKey) {
        if (eventKey != null) {
            deps.events().release(eventKey);
        }
        return new UnknownTargetException(field, value);
    }

    private void runConnection(Connection connection, JobRequest request, List<AccountOutcome> outcomes) {
        long started = System.nanoTime();
        List<Account> accounts;
        ProviderClient client;
        try {
            client = deps.clients().forConnection(connection);
            accounts = accountsOf(connection, client, request, outcomes);
        } catch (ProviderException e) {
            handleProviderFailure(connection, e);
            outcomes.add(failure(connection, null, e.errorClass(), e.getMessage(), started));
            // An expired consent must show on every account it covers, not only in this run's answer.
            for (Account known : deps.accounts().accounts(connection.id())) {
                deps.statuses().recordFailure(known.canonicalId(), connection.id(), kind.id(), request.runId(),
                        e.errorClass(), e.getMessage(), now());
            }
            return;
        }
        for (Account account : accounts) {
            if (!matches(account, request.accountId())) {
                continue;
            }
            if (request.deadline().isWithin(deps.settings().stopMargin())) {
                outcomes.add(new AccountOutcome(connection.id(), connection.provider().id(), account.canonicalId(),
                        AccountOutcome.STOPPED_AT_DEADLINE, 0, 0, 0, 0, 0, null,
                        "not started: the run's time was up; the next run takes it", 0));
                continue;
            }
            MDC.put("accountId", account.canonicalId());
            long accountStarted = System.nanoTime();
            try {
                AccountOutcome outcome = runAccount(connection, client, account, request);
                if (AccountOutcome.OK.equals(outcome.status())) {
                    deps.statuses().recordSuccess(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                            now());
                }
                outcomes.add(outcome);
            } catch (ProviderException e) {
                handleProviderFailure(connection, e);
                deps.statuses().recordFailure(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                        e.errorClass(), e.getMessage(), now());
                outcomes.add(failure(connection, account.canonicalId(), e.errorClass(), e.getMessage(),
                        accountStarted));
            } catch (RejectedPageException e) {
                deps.statuses().recordFailure(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                        ErrorClass.MALFORMED_RESPONSE, e.getMessage(), now());
                outcomes.add(e.outcome());
            } catch (RuntimeException e) {
                // Anything else (a store still failing after its retries, a bug) is this account's trouble too:
                // record it and go on with the others rather than abandon the whole run.
                ErrorClass errorClass = classify(e);
                String message = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.error("account failed: {}", message, e);
                deps.metrics().count("Errors", 1);
                deps.statuses().recordFailure(account.canonicalId(), connection.id(), kind.id(), request.runId(),
                        errorClass, message, now());
                outcomes.add(failure(connection, account.canonicalId(), errorClass, message, accountStarted));
            } finally {
                MDC.remove("accountId");
            }
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

    /** Lists and normalizes a connection's accounts; rejected records are logged and collected. */
    protected List<Account> discoverAccounts(Connection connection, ProviderClient client, JobRequest request,
            List<Rejection> rejections) {
        List<Account> accounts = new ArrayList<>();
        for (JsonNode page : client.accountPages(request.deadline())) {
            NormalizationResult<Account> result = Normalizers.forProvider(connection.provider())
                    .accounts(page, context(null));
            accounts.addAll(result.records());
            logRejections(result.rejections());
            rejections.addAll(result.rejections());
        }
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
            // A rotated secret may already be waiting in Secrets Manager: read it again next time.
            deps.connections().invalidate(connection.id());
        }
    }

    /** A failure that is not the provider's: the store (worth retrying next run) or our own bug. */
    private static ErrorClass classify(RuntimeException e) {
        if (e instanceof dev.bankfeed.normalize.MalformedBodyException) {
            return ErrorClass.MALFORMED_RESPONSE;
        }
        if (e instanceof software.amazon.awssdk.core.exception.SdkException
                || e instanceof dev.bankfeed.store.StoreUnavailableException) {
            return ErrorClass.TRANSIENT;
        }
        return ErrorClass.PERMANENT;
    }

    private static AccountOutcome failure(Connection connection, String accountId, ErrorClass errorClass,
            String message, long startedNanos) {
        return new AccountOutcome(connection.id(), connection.provider().id(), accountId, AccountOutcome.FAILED, 0, 0,
                0, 0, 0, errorClass.name(), message, millisSince(startedNanos));
    }

    private static boolean matches(Account account, String wanted) {
        return wanted == null || wanted.equals(account.providerAccountId()) || wanted.equals(account.canonicalId());
    }

    /** Renders per-account rejections as one status message: how many, and the first reason. */
    protected static String rejectionSummary(List<Rejection> rejections) {
        return rejections.size() + " record(s) rejected; first: " + rejections.get(0).describe();
    }

}
