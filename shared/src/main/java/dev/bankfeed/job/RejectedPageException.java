package dev.bankfeed.job;

/** Records of an account were rejected by normalization; carries the account's outcome so far. */
final class RejectedPageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AccountOutcome outcome;

    RejectedPageException(AccountOutcome outcome) {
        super(outcome.message());
        this.outcome = outcome;
    }

    AccountOutcome outcome() {
        return outcome;
    }
}
