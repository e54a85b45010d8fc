package dev.bankfeed.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/** The registered sandbox modules (see {@link SandboxModule}), ordered by {@link SandboxModule#seedIndex()}. */
public final class SandboxModules {

    private static final List<SandboxModule> ALL = load();

    private SandboxModules() {
    }

    private static List<SandboxModule> load() {
        List<SandboxModule> out = new ArrayList<>();
        ServiceLoader.load(SandboxModule.class, SandboxModule.class.getClassLoader()).forEach(out::add);
        out.sort(Comparator.comparingInt(SandboxModule::seedIndex));
        Set<String> ids = new HashSet<>();
        Set<Integer> indexes = new HashSet<>();
        for (SandboxModule m : out) {
            if (!ids.add(m.id()) || !indexes.add(m.seedIndex())) {
                throw new IllegalStateException("sandbox module " + m.getClass().getName() + " repeats id '" + m.id()
                        + "' or seed index " + m.seedIndex() + " of another module");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no sandbox module is registered in META-INF/services/"
                    + SandboxModule.class.getName());
        }
        return List.copyOf(out);
    }

    /** Every module, by seed index: the order of connections and accounts. */
    public static List<SandboxModule> all() {
        return ALL;
    }

    /** Every provider id, in the same order. */
    public static List<String> ids() {
        return ALL.stream().map(SandboxModule::id).toList();
    }

    /** The module of the provider named {@code id} (trimmed, any case); throws IllegalArgumentException if none. */
    public static SandboxModule byId(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(m -> m.id().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no sandbox module for provider '" + id + "' (registered: "
                        + ALL.stream().map(SandboxModule::id).collect(Collectors.joining(", ")) + ")"));
    }
}
