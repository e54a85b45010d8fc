package dev.bankfeed.store;

/** The final report of one work unit to its run: whether it succeeded, and what it stored over all its attempts. */
public record UnitReport(boolean ok, long added, long changed, long unchanged, long rejected, long pages) {
}
