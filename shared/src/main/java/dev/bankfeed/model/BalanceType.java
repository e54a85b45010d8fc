package dev.bankfeed.model;

import java.util.Locale;

/**
 * A normalized balance type. The provider's own type string is always kept beside it
 * ({@link BalanceSnapshot#providerType()}); a type we do not know maps to {@link #OTHER}.
 */
public enum BalanceType {
    /** Atoa's single "current balance" (type not documented by the provider). */
    CURRENT,
    BOOKED,
    BOOKED_ADJUSTED,
    AVAILABLE,
    CLOSING,
    CLOSING_AVAILABLE,
    CLOSING_BOOKED,
    CLOSING_CLEARED,
    EXPECTED,
    FORWARD_AVAILABLE,
    INFORMATION,
    INTERIM_AVAILABLE,
    INTERIM_BOOKED,
    INTERIM_CLEARED,
    OPENING_AVAILABLE,
    OPENING_BOOKED,
    OPENING_CLEARED,
    PREVIOUSLY_CLOSED_BOOKED,
    OTHER;

    /** The normalized type of a provider string such as {@code "closing_booked"}; unknown gives OTHER. */
    public static BalanceType fromProvider(String providerType) {
        if (providerType == null) {
            return OTHER;
        }
        try {
            BalanceType t = valueOf(providerType.trim().toUpperCase(Locale.ROOT));
            return t == CURRENT ? OTHER : t;
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }

    /** True for the end-of-day types whose credit-limit meaning follows Finqware's "closing" table. */
    public boolean isClosing() {
        return this == CLOSING || this == CLOSING_AVAILABLE || this == CLOSING_BOOKED || this == CLOSING_CLEARED;
    }
}
