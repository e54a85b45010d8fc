package dev.bankfeed.job;

import dev.bankfeed.config.Connection;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceContinuity;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.BalanceType;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.SyncCursor;
import dev.bankfeed.store.WriteCounts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the latest balances of every known account and appends them to its balance history, then checks balance
 * continuity against the stored booked transactions (see {@link BalanceContinuity}) and records the result in the
 * account's status. A break never stops or undoes a write.
 */
public final class SnapshotBalancesJob extends AccountJob {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotBalancesJob.class);
    /** Metric: breaks found by one account's check. */
    static final String BREAKS_METRIC = JobMetrics.BALANCE_CONTINUITY_BREAKS;
    /** How many snapshots of a type the pair check looks back over for a pair the transactions cover. */
    private static final int PAIR_LOOKBACK = 8;

    public SnapshotBalancesJob(JobDependencies deps) {
        super(JobKind.BALANCES, deps);
    }

    @Override
    protected AccountOutcome runAccount(Connection connection, ProviderClient client, Account account,
            JobRequest request) {
        long started = System.nanoTime();
        NormalizationResult<BalanceSnapshot> result = ProviderModules.of(connection.provider()).normalizer()
                .balances(client.latestBalances(account.providerAccountId(), request.deadline()),
                        context(account.providerAccountId()));
        // Finqware answers with the balances of every account of the consent: keep this account's.
        List<BalanceSnapshot> mine = result.records().stream()
                .filter(b -> account.providerAccountId().equals(b.providerAccountId()))
                .toList();
        WriteCounts counts = deps.balances().appendSnapshots(mine);
        checkContinuity(account.canonicalId(), mine);
        logRejections(result.rejections());
        AccountOutcome outcome = AccountOutcome.ok(connection.id(), connection.provider().id(), account.canonicalId(),
                counts, 1, result.rejections().size(), null, millisSince(started));
        if (result.hasRejections()) {
            throw new RejectedPageException(outcome.failedForRejections(rejectionSummary(result.rejections())));
        }
        return outcome;
    }

    /**
     * Checks the balance-after chain of the stored booked transactions and, per end-of-day booked type just
     * fetched, the newest pair of its snapshots whose later date the transactions cover. Only after a complete
     * transaction walk: a walk in progress leaves gaps that would look like breaks.
     */
    private void checkContinuity(String accountId, List<BalanceSnapshot> fetched) {
        Optional<SyncCursor> cursor = deps.cursors().load(accountId);
        if (cursor.isEmpty() || cursor.get().walkInProgress() || cursor.get().updatedAt() == null) {
            LOG.info("balance continuity not checked: no complete transaction sync of the account yet");
            return;
        }
        Optional<Instant> lastChecked = deps.statuses().status(accountId, kind().id())
                .map(AccountStatus::continuityCheckedAt);
        if (lastChecked.isPresent() && !lastChecked.get().isBefore(cursor.get().updatedAt())) {
            // Nothing the check reads has changed since it last ran (the transactions move only with a sync, and
            // the pair it may use is bounded by that sync's time): its verdict stands. Skipping keeps the cost, a
            // read of the account's transaction items, to one per transaction sync instead of one per snapshot.
            return;
        }
        List<BalanceContinuity.Entry> booked = deps.transactions().bookedEntries(accountId);
        List<BalanceContinuity.Break> breaks = new ArrayList<>();
        boolean checked = false;
        try {
            if (booked.stream().anyMatch(e -> e.balanceAfter() != null)) {
                breaks.addAll(BalanceContinuity.balanceAfterChain(booked));
                checked = true;
            }
            Set<BalanceType> types = new LinkedHashSet<>();
            fetched.stream().filter(BalanceContinuity::isEndOfDayBooked).forEach(b -> types.add(b.type()));
            for (BalanceType type : types) {
                Optional<List<BalanceSnapshot>> pair = newestCoveredPair(
                        deps.balances().history(accountId, type, PAIR_LOOKBACK), cursor.get().updatedAt());
                if (pair.isEmpty()) {
                    LOG.info("balance continuity of {} not checked: no two end-of-day balances whose later date "
                            + "the last complete transaction sync ({}) covers", type, cursor.get().updatedAt());
                    continue;
                }
                BalanceContinuity.between(pair.get().get(0), pair.get().get(1), booked).ifPresent(breaks::add);
                checked = true;
            }
        } catch (ArithmeticException e) {
            LOG.warn("balance continuity not checked: a sum overflows a long");
            return;
        }
        if (!checked) {
            return;
        }
        for (BalanceContinuity.Break b : breaks) {
            LOG.warn("balance continuity break: {}", b.describe());
        }
        if (!breaks.isEmpty()) {
            deps.metrics().count(BREAKS_METRIC, breaks.size());
        }
        deps.statuses().recordContinuity(accountId, kind().id(), now(),
                breaks.stream().max(Comparator.comparing(BalanceContinuity.Break::toDate)).orElse(null));
    }

    /**
     * Among snapshots of one type (newest first), the newest two consecutive end-of-day ones of one currency and
     * provider type, older first, whose later date ended before the transaction sync at {@code syncedAt} (in UTC,
     * the latest a booking date ends for the European banks we serve). A re-fetched day counts once, newest copy.
     */
    static Optional<List<BalanceSnapshot>> newestCoveredPair(List<BalanceSnapshot> history, Instant syncedAt) {
        Map<LocalDate, BalanceSnapshot> byDay = new LinkedHashMap<>();
        String providerType = null;
        for (BalanceSnapshot s : history) {
            if (!BalanceContinuity.isEndOfDayBooked(s)) {
                continue;
            }
            if (providerType == null) {
                providerType = s.providerType();
            }
            if (Objects.equals(providerType, s.providerType())) {
                byDay.putIfAbsent(s.localDate(), s);
            }
        }
        List<BalanceSnapshot> days = new ArrayList<>(byDay.values());
        days.sort(Comparator.comparing(BalanceSnapshot::localDate).reversed());
        for (int i = 0; i + 1 < days.size(); i++) {
            BalanceSnapshot newer = days.get(i);
            BalanceSnapshot older = days.get(i + 1);
            boolean covered = !syncedAt.isBefore(newer.localDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            if (covered && older.amount().currency().equals(newer.amount().currency())) {
                return Optional.of(List.of(older, newer));
            }
        }
        return Optional.empty();
    }
}
