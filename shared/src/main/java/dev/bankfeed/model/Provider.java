package dev.bankfeed.model;

import java.util.Locale;

/** The bank-data providers Bankfeed speaks to; {@link #id()} is the lower-case name used in ids and config. */
public enum Provider {
    ATLAR,
    ATOA,
    FINQWARE;

    /** The lower-case name used in canonical ids, connection files and the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a PENDING record books under a new id: Atoa, and Atlar (pending and booked transactions are separate
     * resources); Finqware keeps its utx_id.
     */
    public boolean booksPendingUnderNewId() {
        return this == ATOA || this == ATLAR;
    }

    /** The provider named {@code id}, case-insensitively. */
    public static Provider fromId(String id) {
        for (Provider p : values()) {
            if (p.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown provider '" + id + "' (expected atlar, atoa or finqware)");
    }
}
