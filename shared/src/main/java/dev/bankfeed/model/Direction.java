package dev.bankfeed.model;

/** Whether money came in (CREDIT) or went out (DEBIT); the sign of a canonical amount always agrees. */
public enum Direction {
    CREDIT,
    DEBIT;

    /** The direction of a signed amount: zero and above is CREDIT, below zero DEBIT. */
    public static Direction of(Money signed) {
        return signed.isNegative() ? DEBIT : CREDIT;
    }

    /** {@code magnitude} (zero or above) with this direction's sign. */
    public Money sign(Money magnitude) {
        return this == DEBIT ? magnitude.negate() : magnitude;
    }
}
