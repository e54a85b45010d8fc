package dev.bankfeed.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.model.Provider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * One provider's transaction page for the benchmarks, in the provider's own package; registered as a line in
 * {@code META-INF/services/dev.bankfeed.benchmarks.PageShape}. {@link NormalizeBenchmark} measures every
 * registered shape.
 */
public interface PageShape {

    /** The provider id, as in {@code ProviderModules}. */
    String providerId();

    /** A page of {@code size} transactions (see {@link TransactionPages#fill}), drawing only from {@code random}. */
    ObjectNode page(int size, SplittableRandom random);

    /** Every registered shape, in registration order. */
    static List<PageShape> all() {
        return ServiceLoader.load(PageShape.class, PageShape.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    /** The ids of every registered shape, in registration order. */
    static List<String> ids() {
        return all().stream().map(PageShape::providerId).toList();
    }

    /** The shape of {@code provider}; throws IllegalArgumentException when none is registered. */
    static PageShape of(Provider provider) {
        return all().stream().filter(s -> s.providerId().equals(provider.id())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no page generator for " + provider));
    }
}
