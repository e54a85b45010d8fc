package dev.bankfeed.model;

/** The other side of a transaction: a name and, when the provider gives one, an account identifier. */
public record Counterparty(String name, AccountIdentifier account) {
}
