package dev.bankfeed.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Everything that shapes a sandbox: its data (seed, sizes, dates) and its behaviour (page sizing, token TTL,
 * job cooldown). Immutable; build with {@link #builder()} or start from {@link #defaults()}.
 *
 * <p>Data depends only on the seed, the sizes and {@code today}; ids depend only on the seed and sizes, so
 * they are stable across restarts. {@code clock} drives only wall-clock behaviour (token expiry, job cooldown,
 * Retry-After dates), never data.
 */
public final class SandboxConfig {

    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_CONNECTIONS_PER_PROVIDER = 1;
    public static final int DEFAULT_ACCOUNTS_PER_CONNECTION = 4;
    public static final int DEFAULT_TRANSACTIONS_PER_ACCOUNT = 150;
    public static final int DEFAULT_PENDING_PER_ACCOUNT = 3;
    public static final int DEFAULT_NEW_TRANSACTIONS_PER_ADVANCE = 5;
    public static final int DEFAULT_HISTORY_DAYS = 90;
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofSeconds(300);
    public static final Duration DEFAULT_JOB_COOLDOWN = Duration.ofMinutes(5);
    public static final int DEFAULT_JOB_POLLS_TO_COMPLETE = 2;
    public static final int DEFAULT_THREADS = 4;
    /** The most server threads; also the most requests a latency can hold at once. */
    public static final int MAX_THREADS = 64;

    private final long seed;
    private final int port;
    private final int connectionsPerProvider;
    private final int accountsPerConnection;
    private final int transactionsPerAccount;
    private final int pendingPerAccount;
    private final int newTransactionsPerAdvance;
    private final int historyDays;
    private final LocalDate today;
    private final ShortPages shortPages;
    private final Duration tokenTtl;
    private final Duration jobCooldown;
    private final int jobPollsToComplete;
    private final boolean accountListHasIds;
    private final Clock clock;
    private final int threads;
    private final Duration latency;

    private SandboxConfig(Builder b) {
        this.seed = b.seed;
        this.port = b.port;
        this.connectionsPerProvider = b.connectionsPerProvider;
        this.accountsPerConnection = b.accountsPerConnection;
        this.transactionsPerAccount = b.transactionsPerAccount;
        this.pendingPerAccount = Math.min(b.pendingPerAccount, b.transactionsPerAccount);
        this.newTransactionsPerAdvance = b.newTransactionsPerAdvance;
        this.historyDays = b.historyDays;
        this.today = b.today != null ? b.today : LocalDate.now(b.clock.withZone(ZoneOffset.UTC));
        this.shortPages = b.shortPages;
        this.tokenTtl = b.tokenTtl;
        this.jobCooldown = b.jobCooldown;
        this.jobPollsToComplete = b.jobPollsToComplete;
        this.accountListHasIds = b.accountListHasIds;
        this.clock = b.clock;
        this.threads = b.threads;
        this.latency = b.latency;
    }

    /** All defaults: seed 42, ephemeral port, 1 connection per provider, 4 accounts, 150 transactions each, today from the clock. */
    public static SandboxConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.port = port;
        b.connectionsPerProvider = connectionsPerProvider;
        b.accountsPerConnection = accountsPerConnection;
        b.transactionsPerAccount = transactionsPerAccount;
        b.pendingPerAccount = pendingPerAccount;
        b.newTransactionsPerAdvance = newTransactionsPerAdvance;
        b.historyDays = historyDays;
        b.today = today;
        b.shortPages = shortPages;
        b.tokenTtl = tokenTtl;
        b.jobCooldown = jobCooldown;
        b.jobPollsToComplete = jobPollsToComplete;
        b.accountListHasIds = accountListHasIds;
        b.clock = clock;
        b.threads = threads;
        b.latency = latency;
        return b;
    }

    public long seed() {
        return seed;
    }

    /** The port to bind on 127.0.0.1; 0 picks a free one. */
    public int port() {
        return port;
    }

    public int connectionsPerProvider() {
        return connectionsPerProvider;
    }

    public int accountsPerConnection() {
        return accountsPerConnection;
    }

    /** Transactions generated per account at start, pending ones included. */
    public int transactionsPerAccount() {
        return transactionsPerAccount;
    }

    /** Of those, how many are PENDING (Atlar serves them on its pending-transactions list). */
    public int pendingPerAccount() {
        return pendingPerAccount;
    }

    /** New transactions per account on each day of {@code advance}, one of them back-dated, one pending. */
    public int newTransactionsPerAdvance() {
        return newTransactionsPerAdvance;
    }

    /** Transactions are dated within this many days before {@code today}. */
    public int historyDays() {
        return historyDays;
    }

    /** The sandbox's "today": generated data ends just before its midnight (UTC). */
    public LocalDate today() {
        return today;
    }

    public ShortPages shortPages() {
        return shortPages;
    }

    /** Lifetime of Atlar access tokens, measured on {@link #clock()}. */
    public Duration tokenTtl() {
        return tokenTtl;
    }

    /** Minimum interval between Finqware jobs/create calls for one consent. */
    public Duration jobCooldown() {
        return jobCooldown;
    }

    /** How many jobs/get calls a Finqware job needs before it reports {@code job_completed}. */
    public int jobPollsToComplete() {
        return jobPollsToComplete;
    }

    /**
     * Whether an account list whose documented shape has no accountId and currency (Atoa's) carries them
     * anyway; false mimics the documented shape.
     */
    public boolean accountListHasIds() {
        return accountListHasIds;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Server threads: the requests served at once. A {@link #latency()} holds a thread for its whole length, so
     * N concurrent clients need at least N threads or they queue behind each other.
     */
    public int threads() {
        return threads;
    }

    /** How long every request waits on its server thread before it is answered, as a bank's round trip would. */
    public Duration latency() {
        return latency;
    }

    @Override
    public String toString() {
        return "SandboxConfig{seed=" + seed + ", port=" + port + ", connectionsPerProvider=" + connectionsPerProvider
                + ", accountsPerConnection=" + accountsPerConnection + ", transactionsPerAccount="
                + transactionsPerAccount + ", pendingPerAccount=" + pendingPerAccount + ", historyDays=" + historyDays
                + ", today=" + today + ", shortPages=" + shortPages + ", tokenTtl=" + tokenTtl + ", jobCooldown="
                + jobCooldown + ", threads=" + threads + ", latency=" + latency + "}";
    }

    /** Builder for {@link SandboxConfig}; every setter validates its argument. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int port = 0;
        private int connectionsPerProvider = DEFAULT_CONNECTIONS_PER_PROVIDER;
        private int accountsPerConnection = DEFAULT_ACCOUNTS_PER_CONNECTION;
        private int transactionsPerAccount = DEFAULT_TRANSACTIONS_PER_ACCOUNT;
        private int pendingPerAccount = DEFAULT_PENDING_PER_ACCOUNT;
        private int newTransactionsPerAdvance = DEFAULT_NEW_TRANSACTIONS_PER_ADVANCE;
        private int historyDays = DEFAULT_HISTORY_DAYS;
        private LocalDate today;
        private ShortPages shortPages = ShortPages.SOMETIMES;
        private Duration tokenTtl = DEFAULT_TOKEN_TTL;
        private Duration jobCooldown = DEFAULT_JOB_COOLDOWN;
        private int jobPollsToComplete = DEFAULT_JOB_POLLS_TO_COMPLETE;
        private boolean accountListHasIds = true;
        private Clock clock = Clock.systemUTC();
        private int threads = DEFAULT_THREADS;
        private Duration latency = Duration.ZERO;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder port(int port) {
            this.port = check(port, 0, 65535, "port");
            return this;
        }

        public Builder connectionsPerProvider(int n) {
            this.connectionsPerProvider = check(n, 1, 100, "connectionsPerProvider");
            return this;
        }

        public Builder accountsPerConnection(int n) {
            this.accountsPerConnection = check(n, 1, 1000, "accountsPerConnection");
            return this;
        }

        public Builder transactionsPerAccount(int n) {
            this.transactionsPerAccount = check(n, 0, 10_000_000, "transactionsPerAccount");
            return this;
        }

        public Builder pendingPerAccount(int n) {
            this.pendingPerAccount = check(n, 0, 10_000_000, "pendingPerAccount");
            return this;
        }

        public Builder newTransactionsPerAdvance(int n) {
            this.newTransactionsPerAdvance = check(n, 0, 100_000, "newTransactionsPerAdvance");
            return this;
        }

        public Builder historyDays(int days) {
            this.historyDays = check(days, 1, 3650, "historyDays");
            return this;
        }

        public Builder today(LocalDate today) {
            this.today = Objects.requireNonNull(today, "today");
            return this;
        }

        public Builder shortPages(ShortPages mode) {
            this.shortPages = Objects.requireNonNull(mode, "shortPages");
            return this;
        }

        public Builder tokenTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("tokenTtl must be positive");
            }
            this.tokenTtl = ttl;
            return this;
        }

        public Builder jobCooldown(Duration cooldown) {
            if (cooldown.isNegative()) {
                throw new IllegalArgumentException("jobCooldown must not be negative");
            }
            this.jobCooldown = cooldown;
            return this;
        }

        public Builder jobPollsToComplete(int polls) {
            this.jobPollsToComplete = check(polls, 1, 100, "jobPollsToComplete");
            return this;
        }

        /** See {@link SandboxConfig#accountListHasIds()}. */
        public Builder accountListHasIds(boolean hasIds) {
            this.accountListHasIds = hasIds;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder threads(int threads) {
            this.threads = check(threads, 1, MAX_THREADS, "threads");
            return this;
        }

        /** Every request is answered after {@code latency} (zero: at once); see {@link #threads(int)}. */
        public Builder latency(Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative");
            }
            this.latency = latency;
            return this;
        }

        /** Builds the configuration; pending transactions are capped at the transaction count. */
        public SandboxConfig build() {
            return new SandboxConfig(this);
        }

        private static int check(int value, int min, int max, String name) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
