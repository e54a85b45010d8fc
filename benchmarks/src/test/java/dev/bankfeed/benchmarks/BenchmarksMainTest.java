package dev.bankfeed.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ProviderModules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks take their providers from the registrations: page shapes of registered provider modules. */
class BenchmarksMainTest {

    /** Every provider with a registered page shape, for {@code @MethodSource}. */
    static List<Provider> shapes() {
        return PageShape.ids().stream().map(Provider::of).toList();
    }

    @Test
    void pageShapes_areRegisteredOncePerProviderModule() {
        assertThat(PageShape.ids()).isNotEmpty().doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(ProviderModules.ids()).contains(id));
    }

    @Test
    void withProviders_noProviderArgument_addsEveryRegisteredShape() {
        assertThat(BenchmarksMain.withProviders(new String[] {"NormalizeBenchmark", "-f", "1"})).containsExactly(
                "NormalizeBenchmark", "-f", "1", "-p", "provider=" + String.join(",", PageShape.ids()));
    }

    @Test
    void withProviders_providerOnTheCommandLine_keepsTheArgumentsAsGiven() {
        String[] separate = {"NormalizeBenchmark", "-p", "provider=atoa"};
        String[] joined = {"NormalizeBenchmark", "-pprovider=atoa"};

        assertThat(BenchmarksMain.withProviders(separate)).containsExactly(separate);
        assertThat(BenchmarksMain.withProviders(joined)).containsExactly(joined);
    }
}
