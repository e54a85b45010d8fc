package dev.bankfeed.store;

import dev.bankfeed.model.Account;
import java.util.List;

/** Accounts by connection, upserted idempotently (an unchanged account costs no write). */
public interface AccountStore {

    WriteCounts upsertAccounts(String connectionId, List<Account> accounts);

    /** The accounts last discovered for a connection. */
    List<Account> accounts(String connectionId);
}
