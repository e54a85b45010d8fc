package dev.bankfeed.store;

import dev.bankfeed.model.Account;
import java.util.List;
import java.util.Optional;

/** Accounts by connection, upserted idempotently (an unchanged account costs no write). */
public interface AccountStore {

    WriteCounts upsertAccounts(String connectionId, List<Account> accounts);

    /** The accounts last discovered for a connection. */
    List<Account> accounts(String connectionId);

    /** The account with this canonical id ({@code provider:providerAccountId}), if it was ever discovered. */
    Optional<Account> find(String accountCanonicalId);
}
