package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedWalkTest {

    @Test
    void resumingAfterAnyKey_yieldsExactlyTheRestOfTheWalk() {
        World world = new World(SandboxConfig.builder().seed(4).today(LocalDate.of(2025, 3, 10)).historyDays(2)
                .transactionsPerAccount(200).build(), "http://127.0.0.1:1");
        List<AccountSpec> accounts = world.accounts("finqware-1");
        World.Snapshot snap = world.snapshot();
        List<MergedWalk.Key> full = keys(new MergedWalk(accounts, snap, null, (a, l, i) -> true));
        assertThat(full).hasSize(4 * 200).doesNotHaveDuplicates();

        for (int k = 0; k < full.size(); k += 7) {
            MergedWalk.Key key = MergedWalk.Key.decode(full.get(k).encode());
            assertThat(keys(new MergedWalk(accounts, snap, key, (a, l, i) -> true)))
                    .containsExactlyElementsOf(full.subList(k + 1, full.size()));
        }
    }

    @Test
    void accountsWithManyEqualTimes_mergeInAStrictOrderThatResumesExactly() {
        List<AccountSpec> accounts = new ArrayList<>();
        World.AccountState[] states = new World.AccountState[3];
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int a = 0; a < 3; a++) {
            accounts.add(AccountSpec.generate(1, SandboxModules.byId("finqware"), "finqware-1", 0, a, a));
            List<Ledger.Entry> entries = new ArrayList<>();
            for (int s = 0; s < 60; s++) {
                long time = 1_000L * r.nextInt(8);   // only 8 distinct times for 180 entries
                entries.add(new Ledger.Entry(time, s, s, false, 1, time, time));
            }
            states[a] = new World.AccountState(Ledger.of(entries, 0), 60, List.of());
        }
        World.Snapshot snap = new World.Snapshot(LocalDate.of(2025, 3, 10), states);

        List<MergedWalk.Key> full = keys(new MergedWalk(accounts, snap, null, (a, l, i) -> true));

        assertThat(full).hasSize(180).doesNotHaveDuplicates();
        for (int k = 1; k < full.size(); k++) {
            MergedWalk.Key prev = full.get(k - 1);
            MergedWalk.Key cur = full.get(k);
            boolean ordered = cur.time() < prev.time()
                    || (cur.time() == prev.time() && cur.ordinal() > prev.ordinal())
                    || (cur.time() == prev.time() && cur.ordinal() == prev.ordinal() && cur.serial() < prev.serial());
            assertThat(ordered).as(prev + " then " + cur).isTrue();
        }
        for (int k = 0; k < full.size(); k++) {
            assertThat(keys(new MergedWalk(accounts, snap, full.get(k), (a, l, i) -> true)))
                    .containsExactlyElementsOf(full.subList(k + 1, full.size()));
        }
    }

    @Test
    void filter_skipsRejectedEntriesOnly() {
        World world = new World(SandboxConfig.builder().seed(4).today(LocalDate.of(2025, 3, 10))
                .transactionsPerAccount(100).build(), "http://127.0.0.1:1");
        List<AccountSpec> accounts = world.accounts("atoa-1");

        List<MergedWalk.Key> credits = keys(new MergedWalk(accounts, world.snapshot(), null, (a, l, i) -> l.amount(i) > 0));
        List<MergedWalk.Key> all = keys(new MergedWalk(accounts, world.snapshot(), null, (a, l, i) -> true));

        assertThat(credits).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(all).containsSubsequence(credits);
    }

    private static List<MergedWalk.Key> keys(MergedWalk walk) {
        List<MergedWalk.Key> keys = new ArrayList<>();
        while (walk.hasNext()) {
            walk.advance();
            keys.add(walk.key());
        }
        return keys;
    }
}
