package dev.bankfeed.sandbox.finqware;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bankfeed.sandbox.AccountSpec;
import dev.bankfeed.sandbox.ExpectedBalance;
import dev.bankfeed.sandbox.Iban;
import dev.bankfeed.sandbox.Ledger;
import dev.bankfeed.sandbox.ProviderApi;
import dev.bankfeed.sandbox.ProviderFaults;
import dev.bankfeed.sandbox.Rng;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.SandboxCurrency;
import dev.bankfeed.sandbox.SandboxModule;
import dev.bankfeed.sandbox.World;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Finqware in the sandbox: Romanian, Bahraini and Swedish bank accounts behind a consent, some with an overdraft;
 * one API client for all connections; a stable {@code utx_id} that survives pending -> booked.
 */
public final class FinqwareSandbox extends SandboxModule {

    /** The provider id. */
    public static final String ID = "finqware";
    private static final List<String> CURRENCIES = List.of("RON", "BHD", "SEK", "EUR", "JPY");
    private static final String[] RO_BANKS = {"Raiffeisen Bank", "Banca Transilvania", "CEC Bank"};

    /** Made by the service loader. */
    public FinqwareSandbox() {
        super(ID, 2);
    }

    @Override
    public AccountSpec account(SplittableRandom r, String connectionId, int slot, int ordinal, long key) {
        String currency = CURRENCIES.get(ordinal % CURRENCIES.size());
        String market = currency.equals("BHD") ? "BH" : currency.equals("SEK") ? "SE" : "RO";
        String id = Rng.uuid(r);
        // Every third account has an overdraft facility, and the one after it is overdrawn.
        long limit = ordinal % 3 == 1 ? SandboxCurrency.unit(currency) * 5_000 : 0;
        boolean overdrawn = ordinal % 3 == 2;
        return new AccountSpec(this, connectionId, slot, ordinal, key, id, currency,
                SandboxCurrency.exponent(currency), "Cont curent " + currency, null, market,
                Iban.random(market, r), null, null, null, null, Rng.pick(r, RO_BANKS), limit,
                AccountSpec.target(r, currency, overdrawn));
    }

    @Override
    public SandboxConnection connection(String id, String baseUrl, SplittableRandom own, SplittableRandom shared,
            List<String> accountIds) {
        // The client belongs to the API client app: shared by its connections. Arguments are evaluated left to
        // right, so the shared stream is drawn in the order it always was.
        return new SandboxConnection(id, ID, baseUrl, Map.of("clientId", "sandbox-client-" + Rng.hex(shared, 8),
                "clientSecret", "cs_" + Rng.hex(shared, 40), "bearerToken", "fqat_" + Rng.hex(shared, 48),
                "consentId", Rng.uuid(own)), accountIds);
    }

    @Override
    public void writeCredentials(JsonGenerator g, SandboxConnection c) throws IOException {
        g.writeStringField("clientId", c.clientId());
        g.writeStringField("clientSecret", c.clientSecret());
        g.writeStringField("consentId", c.consentId());
        g.writeBooleanField("refreshData", true);
    }

    /** The ground truth keys a transaction by its {@code utx_id}, which stays when a pending one books. */
    @Override
    public String storedId(World world, AccountSpec account, Ledger.Entry entry) {
        return utxId(world, account, entry.origin());
    }

    @Override
    public boolean booksPendingUnderNewId() {
        return false;
    }

    @Override
    public List<ExpectedBalance> latestBalances(AccountSpec a, Ledger ledger) {
        long booked = ledger.bookedBalance();
        long available = booked + ledger.pendingDebits();
        List<ExpectedBalance> list = new ArrayList<>();
        list.add(new ExpectedBalance(bookedType(a), booked, a.currency(), false));
        list.add(new ExpectedBalance("available", available, a.currency(), false));
        if (a.creditLimitMinor() > 0) {
            list.add(new ExpectedBalance("available", available + a.creditLimitMinor(), a.currency(), true));
        }
        return list;
    }

    /** Banks differ in which booked balance they report: half the accounts say closing, half interim_booked. */
    static String bookedType(AccountSpec a) {
        return a.ordinal() % 2 == 0 ? "closing" : "interim_booked";
    }

    /** Finqware's stable {@code utx_id}: derived from the origin, so it survives pending -> booked. */
    static String utxId(World world, AccountSpec a, long origin) {
        return Rng.hex(Rng.of(world.seed(), Rng.TXN_ID, a.key(), origin, 1), 32);
    }

    @Override
    public ProviderFaults newFaults() {
        return new FinqwareFaults();
    }

    @Override
    public ProviderApi api(World world, ProviderFaults faults) {
        return new FinqwareApi(world, (FinqwareFaults) faults);
    }
}
