package dev.bankfeed.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One provider the sandbox plays, in its own package: the shape of its accounts, credentials, ids and balances,
 * its fault knobs and its API. A module is registered once, as a line in
 * {@code META-INF/services/dev.bankfeed.sandbox.SandboxModule}, and found through {@link SandboxModules}; the
 * sandbox core knows providers only through this class.
 */
public abstract class SandboxModule {

    private final String id;
    private final int seedIndex;

    /** A module for the provider {@code id} with its own {@code seedIndex} (see {@link #seedIndex()}). */
    protected SandboxModule(String id, int seedIndex) {
        this.id = id;
        this.seedIndex = seedIndex;
    }

    /** The lower-case id used in connection files and connection ids ({@code id-1}). */
    public final String id() {
        return id;
    }

    /**
     * The provider's place in every random stream and in the order of connections: a number of its own, never
     * reused or changed, so the same seed keeps giving the same world when a provider is added.
     */
    public final int seedIndex() {
        return seedIndex;
    }

    /**
     * The fixed facts of one account, drawn from {@code r} (the account's own stream); build it with
     * {@link AccountSpec#AccountSpec} passing {@code this}, {@code connectionId}, {@code slot}, {@code ordinal}
     * and {@code key} through.
     */
    public abstract AccountSpec account(SplittableRandom r, String connectionId, int slot, int ordinal, long key);

    /**
     * A connection with fake credentials: {@code own} is this connection's stream, {@code shared} one shared by
     * all of this provider's connections (for keys that belong to the merchant or the API client, not the user).
     */
    public abstract SandboxConnection connection(String id, String baseUrl, SplittableRandom own, SplittableRandom shared,
            List<String> accountIds);

    /** Writes the connection's provider fields into its object in the connection file (after id, provider, baseUrl). */
    public abstract void writeCredentials(JsonGenerator g, SandboxConnection connection) throws IOException;

    /** The record id served for a ledger entry, drawn from the entry's own stream {@code r}. */
    public String transactionId(SplittableRandom r) {
        return Rng.uuid(r);
    }

    /** The id a correct sync stores a ledger entry under: the served record id unless the provider keeps another. */
    public String storedId(World world, AccountSpec account, Ledger.Entry entry) {
        return world.transactionId(account, entry.serial());
    }

    /**
     * Whether a pending transaction that books is served under a new record id, so the ground truth names the
     * pending twin a booked one replaces.
     */
    public boolean booksPendingUnderNewId() {
        return true;
    }

    /** The latest balances of an account as the provider reports them, the booked balance first. */
    public abstract List<ExpectedBalance> latestBalances(AccountSpec account, Ledger ledger);

    /** A fresh set of this provider's fault knobs for one sandbox. */
    public abstract ProviderFaults newFaults();

    /** The provider's API over {@code world}, armed by {@code faults} (what {@link #newFaults()} made). */
    public abstract ProviderApi api(World world, ProviderFaults faults);
}
