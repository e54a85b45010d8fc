package dev.bankfeed.provider.finqware;

import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ModuleParts;

/** Finqware as a provider module: 2 units per connection at once (the PSD2 banks behind Finqware are strict); a transaction keeps its utx_id from pending to booked. */
public final class FinqwareModule extends ModuleParts {

    /** The provider's id in canonical ids, stored items and connection files. */
    public static final String ID = "finqware";
    /** The provider, as records carry it. */
    public static final Provider PROVIDER = new Provider(ID);

    public FinqwareModule() {
        super(PROVIDER, FinqwareCredentials::read, FinqwareClient.dialect(), FinqwareClient::new, new FinqwareNormalizer(), 2, false);
    }
}
