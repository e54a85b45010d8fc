package dev.bankfeed.model;

/** An amount that cannot be represented exactly in minor units; never rounded, always reported. */
public final class MoneyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why an amount was refused. */
    public enum Reason {
        UNKNOWN_CURRENCY,
        NO_MINOR_UNIT,
        TOO_MANY_DECIMALS,
        OVERFLOW,
        NOT_A_NUMBER,
        CURRENCY_MISMATCH
    }

    private final Reason reason;

    public MoneyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
