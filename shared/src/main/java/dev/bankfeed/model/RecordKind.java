package dev.bankfeed.model;

import java.util.Locale;

/** The three kinds of provider record Bankfeed normalizes. */
public enum RecordKind {
    ACCOUNTS,
    BALANCES,
    TRANSACTIONS;

    /** The kind named {@code id} ("accounts", "balances", "transactions"), case-insensitively. */
    public static RecordKind fromId(String id) {
        for (RecordKind k : values()) {
            if (k.name().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + id + "' (expected accounts, balances or transactions)");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
