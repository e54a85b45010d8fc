package dev.bankfeed.testing;

import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.provider.atlar.AtlarModule;
import dev.bankfeed.provider.atoa.AtoaModule;
import dev.bankfeed.provider.finqware.FinqwareModule;
import java.util.List;

/** The providers of this build, for tests that name one (main code looks them up in {@link ProviderModules}). */
public final class Providers {

    public static final Provider ATLAR = AtlarModule.PROVIDER;
    public static final Provider ATOA = AtoaModule.PROVIDER;
    public static final Provider FINQWARE = FinqwareModule.PROVIDER;

    private Providers() {
    }

    /** Every registered provider, for {@code @MethodSource("dev.bankfeed.testing.Providers#all")}. */
    public static List<Provider> all() {
        return ProviderModules.providers();
    }
}
