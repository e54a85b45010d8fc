package dev.bankfeed.sandbox.atlar;

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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Atlar in the sandbox: organization-wide accounts in several currencies, access key and secret per connection. */
public final class AtlarSandbox extends SandboxModule {

    /** The provider id. */
    public static final String ID = "atlar";
    private static final List<String> CURRENCIES = List.of("EUR", "JPY", "KWD", "NOK", "SEK", "GBP");

    /** Made by the service loader. */
    public AtlarSandbox() {
        super(ID, 0);
    }

    @Override
    public AccountSpec account(SplittableRandom r, String connectionId, int slot, int ordinal, long key) {
        String currency = CURRENCIES.get(ordinal % CURRENCIES.size());
        String market = switch (currency) {
            case "EUR" -> "DE";
            case "JPY" -> "JP";
            case "KWD" -> "KW";
            case "NOK" -> "NO";
            case "SEK" -> "SE";
            default -> "GB";
        };
        String id = Rng.uuid(r);
        String iban = Iban.supports(market) ? Iban.random(market, r) : null;
        String bban = iban == null ? Rng.digits(r, 14) : null;
        String bic = "ATLR" + market + "SS" + "XXX";
        return new AccountSpec(this, connectionId, slot, ordinal, key, id, currency,
                SandboxCurrency.exponent(currency), "Operating account " + currency + " " + (ordinal + 1),
                "Ops " + currency, market, iban, bban, bic, null, null, null, 0, AccountSpec.target(r, currency, false));
    }

    @Override
    public SandboxConnection connection(String id, String baseUrl, SplittableRandom own, SplittableRandom shared,
            List<String> accountIds) {
        // Arguments are evaluated left to right: the access key is drawn first, as it always was.
        return new SandboxConnection(id, ID, baseUrl,
                Map.of("accessKey", "ak_" + Rng.hex(own, 20), "secret", "as_" + Rng.hex(own, 40)), accountIds);
    }

    @Override
    public void writeCredentials(JsonGenerator g, SandboxConnection c) throws IOException {
        g.writeStringField("accessKey", c.accessKey());
        g.writeStringField("secret", c.secret());
    }

    @Override
    public List<ExpectedBalance> latestBalances(AccountSpec a, Ledger ledger) {
        long booked = ledger.bookedBalance();
        // Atlar reports several types for the same day with the same amount; that is not duplication.
        return List.of(new ExpectedBalance("BOOKED", booked, a.currency(), false),
                new ExpectedBalance("BOOKED_ADJUSTED", booked, a.currency(), false),
                new ExpectedBalance("AVAILABLE", booked, a.currency(), false));
    }

    @Override
    public ProviderFaults newFaults() {
        return new AtlarFaults();
    }

    @Override
    public ProviderApi api(World world, ProviderFaults faults) {
        return new AtlarApi(world, (AtlarFaults) faults);
    }
}
