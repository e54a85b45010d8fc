package dev.bankfeed.provider.atlar;

import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ModuleParts;

/** Atlar as a provider module: 4 units per connection at once (Atlar is an API of its own, not PSD2 banks behind a gateway); pending and booked transactions are separate resources. */
public final class AtlarModule extends ModuleParts {

    /** The provider's id in canonical ids, stored items and connection files. */
    public static final String ID = "atlar";
    /** The provider, as records carry it. */
    public static final Provider PROVIDER = new Provider(ID);

    public AtlarModule() {
        super(PROVIDER, AtlarCredentials::read, AtlarClient.dialect(), AtlarClient::new, new AtlarNormalizer(), 4, true);
    }
}
