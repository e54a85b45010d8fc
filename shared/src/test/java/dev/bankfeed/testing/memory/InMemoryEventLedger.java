package dev.bankfeed.testing.memory;

import dev.bankfeed.store.EventLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link EventLedger} in memory: an IN_PROGRESS claim expires by itself; a COMPLETED one is kept its retention. */
public final class InMemoryEventLedger implements EventLedger {

    private record Entry(Claim state, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Clock clock;

    public InMemoryEventLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Claim begin(String eventKey, Duration inProgressFor) {
        Instant now = clock.instant();
        Entry e = entries.get(eventKey);
        if (e != null && e.expiresAt.isAfter(now)) {
            return e.state;
        }
        entries.put(eventKey, new Entry(Claim.IN_PROGRESS, now.plus(inProgressFor)));
        return Claim.CLAIMED;
    }

    @Override
    public synchronized void complete(String eventKey, Duration retention) {
        entries.put(eventKey, new Entry(Claim.COMPLETED, clock.instant().plus(retention)));
    }

    @Override
    public synchronized void release(String eventKey) {
        Entry e = entries.get(eventKey);
        if (e != null && e.state == Claim.IN_PROGRESS) {
            entries.remove(eventKey);
        }
    }
}
