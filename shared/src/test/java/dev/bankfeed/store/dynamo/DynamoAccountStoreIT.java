package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.Account;
import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.AccountStore;
import dev.bankfeed.store.WriteCounts;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoAccountStoreIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private DynamoStores stores;
    private AccountStore accounts;

    @BeforeEach
    void setUp() {
        stores = DynamoStores.create(DYNAMO.client(), DYNAMO.table(),
                new MutableClock(Instant.parse("2026-03-12T08:00:00Z")), ProviderModules.twinning());
        accounts = stores.accounts();
    }

    private static Account account(Provider p, String id, String name) {
        return Account.builder().provider(p).providerAccountId(id).name(name).alias("alias-" + id).currency("EUR")
                .bankName("Testbank").bic("ATLRSESSXXX")
                .identifiers(List.of(new AccountIdentifier("IBAN", "DE77500105175554166345", "DE"),
                        new AccountIdentifier("BBAN", "500105175554166345", null)))
                .status("OPEN").type("CURRENT").subType("CurrentAccount").rawJson("{\"id\":\"" + id + "\"}").build();
    }

    @Test
    void upsertAccounts_newAccounts_roundTripByConnection() {
        Account a = account(Providers.ATLAR, "a1", "Main");
        Account sparse = Account.builder().provider(Providers.ATOA).providerAccountId("acc_001").currency("GBP")
                .build();

        WriteCounts counts = accounts.upsertAccounts("conn-1", List.of(a, sparse));

        assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
        assertThat(accounts.accounts("conn-1")).containsExactly(a, sparse);
        assertThat(accounts.accounts("conn-2")).isEmpty();
    }

    @Test
    void find_byCanonicalId_theStoredAccount_orEmpty() {
        Account a = account(Providers.ATLAR, "a1", "Main");
        accounts.upsertAccounts("conn-1", List.of(a));

        assertThat(accounts.find(a.canonicalId())).contains(a);
        assertThat(accounts.find("atlar:unknown")).isEmpty();
        assertThat(accounts.find("a1")).isEmpty();
    }

    @Test
    void upsertAccounts_unchanged_writesNothing() {
        List<Account> list = List.of(account(Providers.ATLAR, "a1", "Main"), account(Providers.ATLAR, "a2", "Payroll"));
        accounts.upsertAccounts("conn-1", list);
        CapacityMeter.Reading before = stores.meter().reading();

        WriteCounts counts = accounts.upsertAccounts("conn-1", list);

        assertThat(counts).isEqualTo(new WriteCounts(0, 0, 2));
        assertThat(stores.meter().reading().minus(before).writeUnits()).isZero();
    }

    @Test
    void upsertAccounts_changedName_rewritesOnlyThatAccount() {
        accounts.upsertAccounts("conn-1", List.of(account(Providers.ATLAR, "a1", "Main"),
                account(Providers.ATLAR, "a2", "Payroll")));
        Account renamed = account(Providers.ATLAR, "a2", "Payroll EUR");

        WriteCounts counts = accounts.upsertAccounts("conn-1", List.of(account(Providers.ATLAR, "a1", "Main"), renamed));

        assertThat(counts).isEqualTo(new WriteCounts(0, 1, 1));
        assertThat(accounts.accounts("conn-1")).contains(renamed);
    }

    @Test
    void upsertAccounts_accountMovesToAnotherConnection_listedOnlyThere() {
        Account a = account(Providers.FINQWARE, "f1", "Main");
        accounts.upsertAccounts("conn-old", List.of(a));

        WriteCounts counts = accounts.upsertAccounts("conn-new", List.of(a));

        assertThat(counts.changed()).isEqualTo(1);
        assertThat(accounts.accounts("conn-new")).containsExactly(a);
        assertThat(accounts.accounts("conn-old")).isEmpty();
    }
}
