package dev.bankfeed.store;

/** What a batch of idempotent upserts did: records added, changed (and the change recorded), unchanged (no write). */
public record WriteCounts(long added, long changed, long unchanged) {

    public static final WriteCounts ZERO = new WriteCounts(0, 0, 0);

    public WriteCounts plus(WriteCounts o) {
        return new WriteCounts(added + o.added, changed + o.changed, unchanged + o.unchanged);
    }

    public long total() {
        return added + changed + unchanged;
    }
}
