package dev.bankfeed.sandbox;

/** Finqware's fault knobs: the common ones, consent expiry and failing refresh jobs. */
public final class FinqwareFaults extends ConsentFaults {

    private final Countdown failingJobs = new Countdown();

    FinqwareFaults() {
        super(SandboxProvider.FINQWARE);
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
