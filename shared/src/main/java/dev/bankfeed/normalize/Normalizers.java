package dev.bankfeed.normalize;

import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.atlar.AtlarNormalizer;
import dev.bankfeed.provider.atoa.AtoaNormalizer;
import dev.bankfeed.provider.finqware.FinqwareNormalizer;
import java.util.EnumMap;
import java.util.Map;

/** The normalizer of each provider; adding a provider is one line here. Normalizers are stateless. */
public final class Normalizers {

    private static final Map<Provider, ProviderNormalizer> BY_PROVIDER = new EnumMap<>(Provider.class);

    static {
        register(new AtlarNormalizer());
        register(new AtoaNormalizer());
        register(new FinqwareNormalizer());
    }

    private Normalizers() {
    }

    private static void register(ProviderNormalizer n) {
        BY_PROVIDER.put(n.provider(), n);
    }

    public static ProviderNormalizer forProvider(Provider provider) {
        ProviderNormalizer n = BY_PROVIDER.get(provider);
        if (n == null) {
            throw new IllegalArgumentException("no normalizer for " + provider);
        }
        return n;
    }
}
