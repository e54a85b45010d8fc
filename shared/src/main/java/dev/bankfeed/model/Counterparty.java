package dev.bankfeed.model;

/** The other side of a transaction: a name and, when the provider gives one, an account identifier. */
public record Counterparty(String name, AccountIdentifier account) {

    /** A counterparty, or null when the provider gives neither a name nor an account. */
    public static Counterparty of(String name, AccountIdentifier account) {
        return name == null && account == null ? null : new Counterparty(name, account);
    }
}
