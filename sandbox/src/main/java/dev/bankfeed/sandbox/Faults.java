package dev.bankfeed.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * All fault knobs of a sandbox, one {@link ProviderFaults} per provider: {@code of(AtlarFaults.class)} for a
 * provider's own knobs, {@code of("atlar")} for the common ones.
 */
public final class Faults {

    private final Map<String, ProviderFaults> byProvider = new LinkedHashMap<>();

    Faults(List<SandboxModule> modules) {
        for (SandboxModule m : modules) {
            byProvider.put(m.id(), m.newFaults());
        }
    }

    /** The knobs of the provider with this id. */
    public ProviderFaults of(String providerId) {
        ProviderFaults f = byProvider.get(providerId);
        if (f == null) {
            throw new NoSuchElementException("no sandbox provider '" + providerId + "'");
        }
        return f;
    }

    /** The knobs of the one provider whose fault class is {@code type}. */
    public <F extends ProviderFaults> F of(Class<F> type) {
        return byProvider.values().stream().filter(f -> f.getClass() == type).map(type::cast).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no sandbox provider has " + type.getSimpleName()));
    }

    /** Disarms every fault of every provider and restores every consent. */
    public void clearAll() {
        byProvider.values().forEach(ProviderFaults::clear);
    }
}
