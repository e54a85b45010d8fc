package dev.bankfeed.sandbox;

/** All fault knobs of a sandbox, per provider; see {@link ProviderFaults}. */
public final class Faults {

    private final AtlarFaults atlar = new AtlarFaults();
    private final AtoaFaults atoa = new AtoaFaults();
    private final FinqwareFaults finqware = new FinqwareFaults();

    Faults() {
    }

    public AtlarFaults atlar() {
        return atlar;
    }

    public AtoaFaults atoa() {
        return atoa;
    }

    public FinqwareFaults finqware() {
        return finqware;
    }

    public ProviderFaults of(SandboxProvider provider) {
        return switch (provider) {
            case ATLAR -> atlar;
            case ATOA -> atoa;
            case FINQWARE -> finqware;
        };
    }

    /** Disarms every fault of every provider and restores every consent. */
    public void clearAll() {
        atlar.clear();
        atoa.clear();
        finqware.clear();
    }
}
