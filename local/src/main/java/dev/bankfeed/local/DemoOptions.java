package dev.bankfeed.local;

import dev.bankfeed.job.JobSettings;
import java.nio.file.Path;

/**
 * The demo's options: sandbox size and seed, the sync's page size (as the PAGE_SIZE variable sets it; each
 * client caps it at its provider's maximum), and where template.yaml and events/ are.
 */
record DemoOptions(int accounts, int transactions, long seed, int pageSize, Path template, Path events) {

    static DemoOptions from(CliArgs a) throws UsageException {
        return new DemoOptions(positive(a, "accounts", 2), positive(a, "transactions", 250),
                a.value("seed") == null ? 42L : number(a, "seed"),
                positive(a, "page-size", JobSettings.defaults().pageSize()),
                ProjectFiles.resolve(a.value("template"), "template.yaml"),
                ProjectFiles.resolve(a.value("events"), "events"));
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
