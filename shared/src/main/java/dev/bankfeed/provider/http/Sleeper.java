package dev.bankfeed.provider.http;

import java.time.Duration;

/** Waits between retries; injectable so tests assert the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
