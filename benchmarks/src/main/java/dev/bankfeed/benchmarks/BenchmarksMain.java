package dev.bankfeed.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark jar's entry point: JMH's own command line, with {@link NormalizeBenchmark}'s {@code provider}
 * parameter filled from the registered {@link PageShape}s unless the arguments set it ({@code -p provider=...}).
 * A JMH parameter's values are fixed when the benchmark is compiled; this keeps the provider list in one place,
 * the registrations, in place of the placeholder {@value #REGISTERED_PROVIDERS}.
 */
public final class BenchmarksMain {

    /** {@link NormalizeBenchmark}'s compile-time placeholder for "every registered provider". */
    static final String REGISTERED_PROVIDERS = "registered";

    private BenchmarksMain() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withProviders(args));
    }

    /** {@code args} plus {@code -p provider=<registered ids>} when they do not set the parameter. */
    static String[] withProviders(String[] args) {
        for (int i = 0; i < args.length; i++) {
            boolean separate = args[i].equals("-p") && i + 1 < args.length && args[i + 1].startsWith("provider=");
            if (separate || args[i].startsWith("-pprovider=")) {
                return args;
            }
        }
        List<String> out = new ArrayList<>(List.of(args));
        out.add("-p");
        out.add("provider=" + String.join(",", PageShape.ids()));
        return out.toArray(String[]::new);
    }
}
