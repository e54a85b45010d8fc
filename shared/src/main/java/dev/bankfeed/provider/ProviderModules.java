package dev.bankfeed.provider;

import dev.bankfeed.config.CredentialsReader;
import dev.bankfeed.config.CredentialsReaders;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.TwinningProviders;
import java.util.ArrayList;
import java.util.List;

/** The registered provider modules (see {@link ProviderModule}): the one place providers are looked up. */
public final class ProviderModules {

    private static final List<ProviderModule> ALL = load();

    private ProviderModules() {
    }

    private static List<ProviderModule> load() {
        List<ProviderModule> out = new ArrayList<>();
        for (CredentialsReader r : CredentialsReaders.all()) {
            if (!(r instanceof ProviderModule m)) {
                throw new IllegalStateException(r.getClass().getName() + " is registered for provider '"
                        + r.providerId() + "' but is not a " + ProviderModule.class.getSimpleName());
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    /** Every module, in registration order. */
    public static List<ProviderModule> all() {
        return ALL;
    }

    /** Every provider, in registration order. */
    public static List<Provider> providers() {
        return ALL.stream().map(ProviderModule::provider).toList();
    }

    /** Every provider id, in registration order. */
    public static List<String> ids() {
        return ALL.stream().map(ProviderModule::providerId).toList();
    }

    /** The module of {@code provider}; throws IllegalArgumentException for one that is not registered. */
    public static ProviderModule of(Provider provider) {
        return byId(provider.id());
    }

    /** The module of the provider named {@code id} (trimmed, any case); throws IllegalArgumentException if none. */
    public static ProviderModule byId(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(java.util.Locale.ROOT);
        return CredentialsReaders.find(key).map(ProviderModule.class::cast).orElseThrow(() ->
                new IllegalArgumentException("unknown provider '" + id + "' (expected " + describeIds() + ")"));
    }

    /** The providers the twin rule applies to, as the transaction store is given them. */
    public static TwinningProviders twinning() {
        return provider -> of(provider).booksPendingUnderNewId();
    }

    /** The registered ids for a message or usage text: "a, b or c". */
    public static String describeIds() {
        return CredentialsReaders.describeIds();
    }
}
