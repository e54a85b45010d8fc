package dev.bankfeed.model;

/**
 * What a balance means given Finqware's {@code credit_limit_included} and {@code credit_debit_indicator}
 * (its interpretation tables, docs/providers.md#finqware-balances). Balances of other providers carry
 * {@link #NOT_APPLICABLE}.
 */
public enum CreditLimitMeaning {
    /** false + credit: money the holder owns (available: can be spent; closing: balance at close). */
    OWN_FUNDS,
    /** false + debit: funds borrowed from the overdraft (negative amount). */
    OVERDRAFT_USED,
    /** true + credit on an available-style balance: account balance plus the overdraft facility. */
    FUNDS_INCLUDING_CREDIT_LIMIT,
    /** true + credit on a closing-style balance: the overdraft still unused at day close. */
    UNUSED_CREDIT_LIMIT,
    /** true + debit: not described by the provider; kept negative and flagged for review. */
    UNDOCUMENTED_DEBIT_WITH_CREDIT_LIMIT,
    /** The provider does not report credit-limit inclusion. */
    NOT_APPLICABLE
}
