package dev.bankfeed.job;

/** The three jobs; {@link #id()} names the job in statuses, leases, logs and metrics. */
public enum JobKind {
    ACCOUNTS("accounts"),
    BALANCES("balances"),
    TRANSACTIONS("transactions");

    private final String id;

    JobKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
