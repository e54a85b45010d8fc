package dev.bankfeed.job;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scheduled run in which every unit failed: thrown so that the invocation fails, Lambda retries it, and its
 * on-failure destination (a queue an alarm watches) keeps it. Says how many units failed of which error class,
 * never a provider's message; the accounts' statuses hold the details.
 */
public final class RunFailedException extends RuntimeException {

    private RunFailedException(String message) {
        super(message);
    }

    static RunFailedException of(JobKind kind, String runId, List<AccountOutcome> outcomes) {
        Map<String, Integer> byClass = new TreeMap<>();
        for (AccountOutcome o : outcomes) {
            byClass.merge(o.errorClass() == null ? "UNKNOWN" : o.errorClass().name(), 1, Integer::sum);
        }
        return new RunFailedException("every unit of " + kind.id() + " run " + runId + " failed " + byClass
                + "; the accounts' statuses say why");
    }
}
