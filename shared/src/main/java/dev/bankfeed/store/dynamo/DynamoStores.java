package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.TwinningProviders;
import dev.bankfeed.store.AccountStore;
import dev.bankfeed.store.BalanceStore;
import dev.bankfeed.store.ConnectionGate;
import dev.bankfeed.store.CursorStore;
import dev.bankfeed.store.EventLedger;
import dev.bankfeed.store.LeaseStore;
import dev.bankfeed.store.RejectionStore;
import dev.bankfeed.store.RunStore;
import dev.bankfeed.store.StatusStore;
import dev.bankfeed.store.TransactionStore;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every Bankfeed store on one DynamoDB table, sharing one client, one {@link Clock} and one
 * {@link CapacityMeter}. Build it once per container; the stores are thread-safe and hold no per-run state.
 */
public final class DynamoStores {

    private final String tableName;
    private final CapacityMeter meter;
    private final AccountStore accounts;
    private final BalanceStore balances;
    private final TransactionStore transactions;
    private final CursorStore cursors;
    private final LeaseStore leases;
    private final EventLedger events;
    private final StatusStore statuses;
    private final RejectionStore rejections;
    private final RunStore runs;
    private final ConnectionGate gate;

    private DynamoStores(DynamoDbClient client, String tableName, Clock clock, TwinningProviders twinning,
            Backoff backoff) {
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clock, "clock");
        this.meter = new CapacityMeter();
        DynamoOps ops = new DynamoOps(client, tableName, meter, backoff);
        ConnectionIndex byConnection = new ConnectionIndex(ops);
        this.accounts = new DynamoAccountStore(ops, byConnection, clock);
        this.balances = new DynamoBalanceStore(ops);
        this.transactions = new DynamoTransactionStore(ops, clock, twinning);
        this.cursors = new DynamoCursorStore(ops, clock);
        this.leases = new DynamoLeaseStore(ops, clock);
        this.events = new DynamoEventLedger(ops, clock);
        this.statuses = new DynamoStatusStore(ops, byConnection);
        this.rejections = new DynamoRejectionStore(ops);
        this.runs = new DynamoRunStore(ops);
        this.gate = new DynamoConnectionGate(ops, clock);
    }

    /**
     * The stores on table {@code tableName} (created beforehand, see {@link BankfeedTable}); {@code clock}
     * decides every lease, claim and record time the stores set themselves; {@code twinning} says which
     * providers' pending records the transaction store pairs with their booked twins.
     */
    public static DynamoStores create(DynamoDbClient client, String tableName, Clock clock,
            TwinningProviders twinning) {
        return new DynamoStores(client, tableName, clock, twinning, Backoff.standard());
    }

    /** Same, with a custom retry budget for unprocessed batch items, throttling and transaction conflicts. */
    static DynamoStores create(DynamoDbClient client, String tableName, Clock clock, TwinningProviders twinning,
            Backoff backoff) {
        return new DynamoStores(client, tableName, clock, twinning, backoff);
    }

    public String tableName() {
        return tableName;
    }

    /** Capacity units consumed by all these stores since they were built. */
    public CapacityMeter meter() {
        return meter;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public BalanceStore balances() {
        return balances;
    }

    public TransactionStore transactions() {
        return transactions;
    }

    /** Cursor saves check the lease whose key is the account canonical id (see {@link #leases()}). */
    public CursorStore cursors() {
        return cursors;
    }

    public LeaseStore leases() {
        return leases;
    }

    public EventLedger events() {
        return events;
    }

    public StatusStore statuses() {
        return statuses;
    }

    public RejectionStore rejections() {
        return rejections;
    }

    public RunStore runs() {
        return runs;
    }

    /** Per-connection slots and throttle marks, shared by every worker of every function. */
    public ConnectionGate gate() {
        return gate;
    }
}
