package dev.bankfeed.sandbox;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ground truth of one account: its identity, latest balances and the transactions a correct sync has
 * stored, assuming it synced before every {@link ProviderSandbox#advance()} (so it saw the pending
 * transactions that later vanished). Transactions are newest first, vanished ones last.
 *
 * @param provider the provider id ({@link SandboxModule#id()})
 */
public record ExpectedAccount(
        String provider,
        String connectionId,
        String accountId,
        String currency,
        List<ExpectedBalance> balances,
        List<ExpectedTransaction> transactions) {

    public ExpectedAccount {
        balances = List.copyOf(balances);
        transactions = List.copyOf(transactions);
    }

    /** The booked balance (Atlar {@code BOOKED}, Atoa {@code CURRENT}, Finqware {@code closing_booked}). */
    public ExpectedBalance bookedBalance() {
        return balances.get(0);
    }

    /** The ids that should end up stored: booked ids plus pending ids that never booked (vanished ones too). */
    public Set<String> transactionIds() {
        return transactions.stream().map(ExpectedTransaction::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** What the provider serves right now (vanished pending transactions excluded). */
    public List<ExpectedTransaction> servedTransactions() {
        return transactions.stream().filter(t -> !t.vanished()).toList();
    }

    /** The sum of the booked transactions' amounts (useful with balance continuity checks). */
    public long bookedSum() {
        return transactions.stream().filter(t -> !t.pending()).mapToLong(ExpectedTransaction::amountMinor).sum();
    }
}
