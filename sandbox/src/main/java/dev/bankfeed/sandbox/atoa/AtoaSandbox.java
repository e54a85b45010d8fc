package dev.bankfeed.sandbox.atoa;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bankfeed.sandbox.AccountSpec;
import dev.bankfeed.sandbox.ExpectedBalance;
import dev.bankfeed.sandbox.Ledger;
import dev.bankfeed.sandbox.ProviderApi;
import dev.bankfeed.sandbox.ProviderFaults;
import dev.bankfeed.sandbox.Rng;
import dev.bankfeed.sandbox.SandboxConnection;
import dev.bankfeed.sandbox.SandboxModule;
import dev.bankfeed.sandbox.World;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Atoa in the sandbox: UK current accounts in GBP behind a consent, one merchant secret key for all connections. */
public final class AtoaSandbox extends SandboxModule {

    /** The provider id. */
    public static final String ID = "atoa";
    private static final String[] UK_BANKS = {"Monzo", "Barclays", "Lloyds Bank", "NatWest", "HSBC UK", "Starling Bank"};

    /** Made by the service loader. */
    public AtoaSandbox() {
        super(ID, 1);
    }

    @Override
    public AccountSpec account(SplittableRandom r, String connectionId, int slot, int ordinal, long key) {
        String id = "acc_" + Rng.hex(r, 20);
        return new AccountSpec(this, connectionId, slot, ordinal, key, id, "GBP", 2,
                "Current account", null, "GB", null, null, null, Rng.digits(r, 6), Rng.digits(r, 8),
                Rng.pick(r, UK_BANKS), 0, AccountSpec.target(r, "GBP", false));
    }

    @Override
    public SandboxConnection connection(String id, String baseUrl, SplittableRandom own, SplittableRandom shared,
            List<String> accountIds) {
        // The secret key belongs to the merchant: shared by its connections.
        return new SandboxConnection(id, ID, baseUrl,
                Map.of("secretKey", "sk_test_" + Rng.hex(shared, 32), "accountAuthId", Rng.uuid(own)), accountIds);
    }

    @Override
    public void writeCredentials(JsonGenerator g, SandboxConnection c) throws IOException {
        g.writeStringField("secretKey", c.secretKey());
        g.writeStringField("accountAuthId", c.accountAuthId());
        g.writeArrayFieldStart("accountIds");
        for (String id : c.accountIds()) {
            g.writeString(id);
        }
        g.writeEndArray();
    }

    @Override
    public String transactionId(SplittableRandom r) {
        return "txn_" + Rng.hex(r, 24);
    }

    @Override
    public List<ExpectedBalance> latestBalances(AccountSpec a, Ledger ledger) {
        return List.of(new ExpectedBalance("CURRENT", ledger.bookedBalance(), a.currency(), false));
    }

    @Override
    public ProviderFaults newFaults() {
        return new AtoaFaults();
    }

    @Override
    public ProviderApi api(World world, ProviderFaults faults) {
        return new AtoaApi(world, (AtoaFaults) faults);
    }
}
