package dev.bankfeed.sandbox;

import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The sandbox's ground truth at one moment: every account with its latest balances and the transactions that
 * a correct sync should have stored. A snapshot: it does not change when the sandbox advances.
 */
public record Expected(LocalDate today, List<ExpectedAccount> accounts) {

    public Expected {
        accounts = List.copyOf(accounts);
    }

    /** The accounts of the provider with id {@code providerId}. */
    public List<ExpectedAccount> accounts(String providerId) {
        return accounts.stream().filter(a -> a.provider().equals(providerId)).toList();
    }

    public List<ExpectedAccount> accountsOf(String connectionId) {
        return accounts.stream().filter(a -> a.connectionId().equals(connectionId)).toList();
    }

    public ExpectedAccount account(String accountId) {
        return accounts.stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no sandbox account " + accountId));
    }

    public long transactionCount() {
        return accounts.stream().mapToLong(a -> a.transactions().size()).sum();
    }
}
