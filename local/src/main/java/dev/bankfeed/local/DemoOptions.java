package dev.bankfeed.local;

import dev.bankfeed.job.JobSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The demo's options: sandbox size and seed, the sync's page size (as the PAGE_SIZE variable sets it; each
 * client caps it at its provider's maximum), where template.yaml and events/ are, and which AWS engine to run
 * on: {@code aws} ({@code moto}, the default, or {@code localstack}) or an endpoint already running.
 */
record DemoOptions(int accounts, int transactions, long seed, int pageSize, Path template, Path events, String aws,
        URI awsEndpoint) {

    private static final Set<String> ENGINES = Set.of("moto", "localstack");

    static DemoOptions from(CliArgs a) throws UsageException {
        String aws = a.value("aws") == null ? "moto" : a.value("aws");
        if (!ENGINES.contains(aws)) {
            throw new UsageException("--aws must be moto or localstack (or give --aws-endpoint URL)");
        }
        if (a.value("aws") != null && a.value("aws-endpoint") != null) {
            throw new UsageException("give --aws or --aws-endpoint, not both");
        }
        return new DemoOptions(positive(a, "accounts", 2), positive(a, "transactions", 250),
                a.value("seed") == null ? 42L : number(a, "seed"),
                positive(a, "page-size", JobSettings.defaults().pageSize()),
                ProjectFiles.resolve(a.value("template"), "template.yaml"),
                ProjectFiles.resolve(a.value("events"), "events"), aws, endpoint(a.value("aws-endpoint")));
    }

    private static URI endpoint(String value) throws UsageException {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the rule
        }
        throw new UsageException("--aws-endpoint must be an http(s) URL such as http://localhost:4566");
    }

    private static int positive(CliArgs a, String name, int fallback) throws UsageException {
        if (a.value(name) == null) {
            return fallback;
        }
        long v = number(a, name);
        if (v < 1 || v > 1_000_000) {
            throw new UsageException("--" + name + " must be from 1 to 1000000");
        }
        return (int) v;
    }

    private static long number(CliArgs a, String name) throws UsageException {
        try {
            return Long.parseLong(a.value(name));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number");
        }
    }
}
