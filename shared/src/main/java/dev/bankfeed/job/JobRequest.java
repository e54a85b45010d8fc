package dev.bankfeed.job;

import dev.bankfeed.provider.http.Deadline;
import java.time.LocalDate;

/**
 * One run of a job. {@code connectionId} and {@code accountId} (a provider account id or a canonical id)
 * narrow the run; null means all. {@code from}/{@code to} ask for an explicit booking-date window (an
 * ad-hoc re-read that leaves the incremental cursor alone); null means incremental. {@code eventKey}
 * identifies the triggering event so that a duplicate delivery changes nothing; null for on-demand runs.
 */
public record JobRequest(String runId, String connectionId, String accountId, LocalDate from, LocalDate to,
        Deadline deadline, String eventKey) {

    public JobRequest {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId is required");
        }
        if (deadline == null) {
            throw new IllegalArgumentException("deadline is required");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
    }

    public boolean hasWindow() {
        return from != null;
    }
}
