package dev.bankfeed.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects every slf4j line (all levels, with the text of any throwable and its causes) while open. Backed by
 * {@link CapturingLoggerProvider}, registered for tests as the slf4j provider.
 */
public final class LogCapture implements AutoCloseable {

    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static volatile boolean active;

    private LogCapture() {
    }

    /** Starts capturing; fails when another slf4j provider won the binding, since nothing would be seen. */
    public static LogCapture start() {
        if (!(LoggerFactory.getILoggerFactory() instanceof CapturingLoggerProvider.Factory)) {
            throw new IllegalStateException("slf4j is bound to " + LoggerFactory.getILoggerFactory().getClass()
                    + ", not the capturing test provider: another provider is on the test class path");
        }
        LINES.clear();
        active = true;
        return new LogCapture();
    }

    static boolean active() {
        return active;
    }

    static void add(String line) {
        if (active) {
            LINES.add(line);
        }
    }

    public List<String> lines() {
        return List.copyOf(LINES);
    }

    @Override
    public void close() {
        active = false;
        LINES.clear();
    }
}
