package dev.bankfeed.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registered {@link CredentialsReader}s (every provider module), in registration order. */
public final class CredentialsReaders {

    private static final Map<String, CredentialsReader> BY_ID = load();

    private CredentialsReaders() {
    }

    private static Map<String, CredentialsReader> load() {
        Map<String, CredentialsReader> out = new LinkedHashMap<>();
        for (CredentialsReader r : ServiceLoader.load(CredentialsReader.class, CredentialsReader.class.getClassLoader())) {
            if (out.putIfAbsent(r.providerId(), r) != null) {
                throw new IllegalStateException("provider '" + r.providerId() + "' is registered twice");
            }
        }
        if (out.isEmpty()) {
            // A jar built without the services file (a shade step dropping META-INF/services) must not start.
            throw new IllegalStateException("no provider registered in META-INF/services/"
                    + CredentialsReader.class.getName());
        }
        return out;
    }

    /** Every registered reader. */
    public static List<CredentialsReader> all() {
        return List.copyOf(BY_ID.values());
    }

    /** The reader of the provider {@code id} (lower-case), if one is registered. */
    public static Optional<CredentialsReader> find(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    /** The registered ids for a message or usage text: "a, b or c". */
    public static String describeIds() {
        List<String> ids = new ArrayList<>(BY_ID.keySet());
        if (ids.size() == 1) {
            return ids.get(0);
        }
        return String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    }
}
