package dev.bankfeed.model;

/** Whether money came in (CREDIT) or went out (DEBIT); the sign of a canonical amount always agrees. */
public enum Direction {
    CREDIT,
    DEBIT
}
