package dev.bankfeed.config;

import java.util.List;

/** Where connections come from: Secrets Manager when deployed, a JSON file locally. */
public interface ConnectionSource {

    /** Every configured connection (cached by implementations that read a remote store). */
    List<Connection> connections();

    /** Forgets the cached copy of one connection, so it is read again (after NEEDS_REAUTH). */
    void invalidate(String connectionId);
}
