package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.ProviderModule;
import dev.bankfeed.provider.ProviderModules;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tunables of how units run. {@code inlineThreads}: accounts run at once when no queue is configured;
 * {@code maxConcurrency}: default units per connection at once, by provider (a connection may set its own);
 * {@code rateLimitPause}: how long a RATE_LIMITED answer holds back the connection's other units;
 * {@code busyDelay}: when a unit whose connection or account is busy is tried again; {@code maxReceives}: the
 * queue's maxReceiveCount (the last receive of a failing unit reports it failed to its run);
 * {@code maxAttempts}: postponements and continuations a unit may take before it is reported failed;
 * {@code answerBudget}: how long an HTTP request for one account may run before it is answered 202;
 * {@code staleAfter}: how old a connection's last success may get before each run's start counts it stale.
 */
public record RunSettings(int inlineThreads, Map<Provider, Integer> maxConcurrency, Duration rateLimitPause,
        Duration busyDelay, int maxReceives, int maxAttempts, Duration answerBudget, Duration staleAfter) {

    /** Two days before a connection counts stale: eight missed runs of a six-hourly schedule. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(48);

    public RunSettings {
        maxConcurrency = Map.copyOf(maxConcurrency);
        if (inlineThreads < 1 || maxReceives < 1 || maxAttempts < 1
                || maxConcurrency.values().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("threads, receives, attempts and concurrency must be at least 1");
        }
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive");
        }
    }

    /** Settings with the default staleness age. */
    public RunSettings(int inlineThreads, Map<Provider, Integer> maxConcurrency, Duration rateLimitPause,
            Duration busyDelay, int maxReceives, int maxAttempts, Duration answerBudget) {
        this(inlineThreads, maxConcurrency, rateLimitPause, busyDelay, maxReceives, maxAttempts, answerBudget,
                DEFAULT_STALE_AFTER);
    }

    /**
     * Four inline threads; each provider's own default units per connection
     * ({@link ProviderModule#defaultMaxConcurrency()}); one minute's pause after a 429; 25 s for a synchronous
     * answer, safely under API Gateway's 30.
     */
    public static RunSettings defaults() {
        Map<Provider, Integer> perProvider = ProviderModules.all().stream()
                .collect(Collectors.toMap(ProviderModule::provider, ProviderModule::defaultMaxConcurrency));
        return new RunSettings(4, perProvider, Duration.ofMinutes(1), Duration.ofSeconds(20), 5, 200,
                Duration.ofSeconds(25));
    }

    /** The connection's own limit, else its provider's default. */
    public int maxConcurrency(Connection connection) {
        return connection.maxConcurrency() != null ? connection.maxConcurrency()
                : maxConcurrency.getOrDefault(connection.provider(), 2);
    }

    public RunSettings withInlineThreads(int threads) {
        return new RunSettings(threads, maxConcurrency, rateLimitPause, busyDelay, maxReceives, maxAttempts,
                answerBudget, staleAfter);
    }

    public RunSettings withMaxConcurrency(Provider provider, int limit) {
        Map<Provider, Integer> m = new HashMap<>(maxConcurrency);
        m.put(provider, limit);
        return new RunSettings(inlineThreads, m, rateLimitPause, busyDelay, maxReceives, maxAttempts, answerBudget,
                staleAfter);
    }

    public RunSettings withStaleAfter(Duration age) {
        return new RunSettings(inlineThreads, maxConcurrency, rateLimitPause, busyDelay, maxReceives, maxAttempts,
                answerBudget, age);
    }
}
