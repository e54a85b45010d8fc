package dev.bankfeed.sandbox;

/** The providers the sandbox plays; {@link #id()} is the lower-case name used in connection files. */
public enum SandboxProvider {
    ATLAR,
    ATOA,
    FINQWARE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
