package dev.bankfeed.job;

/**
 * A unit failed for a reason that is neither the provider's nor the data's (a store still failing after its
 * retries, a bug): already recorded in the account's status; a queue should deliver the unit again.
 */
public final class UnitFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AccountOutcome outcome;

    public UnitFailedException(AccountOutcome outcome, Throwable cause) {
        super(outcome.message(), cause);
        this.outcome = outcome;
    }

    /** The FAILED outcome, as a run that goes on without the unit reports it. */
    public AccountOutcome outcome() {
        return outcome;
    }
}
