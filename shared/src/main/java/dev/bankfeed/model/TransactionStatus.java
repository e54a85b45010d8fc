package dev.bankfeed.model;

/** A transaction's booking state: PENDING may later book, possibly under a new provider id. */
public enum TransactionStatus {
    BOOKED,
    PENDING
}
