package dev.bankfeed.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Connections from a local JSON file ({@code {"connections":[...]}}, see {@link ConnectionJson}), read on first
 * use and kept; {@link #invalidate(String)} makes the next call read the file again.
 */
public final class FileConnectionSource implements ConnectionSource {

    private final Path file;
    private List<Connection> cached;

    public FileConnectionSource(Path file) {
        this.file = file;
    }

    /**
     * @throws ConnectionConfigException when the file cannot be read or a connection is invalid
     */
    @Override
    public synchronized List<Connection> connections() {
        if (cached == null) {
            String json;
            try {
                json = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConnectionConfigException("cannot read connections file " + file.getFileName() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            cached = ConnectionJson.parseFile(json);
        }
        return cached;
    }

    @Override
    public synchronized void invalidate(String connectionId) {
        cached = null;
    }
}
