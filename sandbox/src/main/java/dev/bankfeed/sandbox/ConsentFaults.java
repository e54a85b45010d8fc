package dev.bankfeed.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Faults of a provider whose data sits behind an end-user consent that can expire (Atoa, Finqware). */
public class ConsentFaults extends ProviderFaults {

    private final Set<String> expired = ConcurrentHashMap.newKeySet();

    protected ConsentFaults(String provider) {
        super(provider);
    }

    /**
     * Marks a consent as expired until {@link #restoreConsent(String)}: Atoa then answers 404
     * {@code CONSENT_NOT_FOUND} (accepts an accountAuthId or a single account id), Finqware 400
     * {@code consent_not_active} (accepts a consent id).
     */
    public void expireConsent(String consentOrAccountId) {
        expired.add(consentOrAccountId);
    }

    public void restoreConsent(String consentOrAccountId) {
        expired.remove(consentOrAccountId);
    }

    /** Whether {@code id} (a consent or account id) is marked expired. */
    public boolean isExpired(String id) {
        return id != null && expired.contains(id);
    }

    @Override
    public void clear() {
        super.clear();
        expired.clear();
    }
}
