package dev.bankfeed.sandbox.finqware;

import dev.bankfeed.sandbox.ConsentFaults;
import dev.bankfeed.sandbox.Countdown;

/** Finqware's fault knobs: the common ones, consent expiry and failing refresh jobs. */
public final class FinqwareFaults extends ConsentFaults {

    private final Countdown failingJobs = new Countdown();

    FinqwareFaults() {
        super(FinqwareSandbox.ID);
    }

    /** The next {@code n} jobs created end in {@code job_failed} instead of {@code job_completed}. */
    public void failNextJobs(int n) {
        failingJobs.add(n);
    }

    boolean takeJobFailure() {
        return failingJobs.take();
    }

    @Override
    public void clear() {
        super.clear();
        failingJobs.reset();
    }
}
