package dev.bankfeed.provider.atoa;

import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ModuleParts;

/** Atoa as a provider module: 2 units per connection at once (the PSD2 banks behind Atoa are strict); a booked transaction gets a new id. */
public final class AtoaModule extends ModuleParts {

    /** The provider's id in canonical ids, stored items and connection files. */
    public static final String ID = "atoa";
    /** The provider, as records carry it. */
    public static final Provider PROVIDER = new Provider(ID);

    public AtoaModule() {
        super(PROVIDER, AtoaCredentials::read, AtoaClient.dialect(), AtoaClient::new, new AtoaNormalizer(), 2, true);
    }
}
