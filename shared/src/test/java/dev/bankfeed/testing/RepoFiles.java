package dev.bankfeed.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's own files, for tests that must use exactly what users and `sam` use: the root (the
 * directory holding template.yaml, found by walking up from the working directory, so any module's tests
 * find it), template.yaml and the events/ files.
 */
public final class RepoFiles {

    private static volatile Path root;

    private RepoFiles() {
    }

    /** The repository root. */
    public static Path root() {
        Path r = root;
        if (r == null) {
            Path start = Path.of("").toAbsolutePath();
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                    r = dir;
                    break;
                }
            }
            if (r == null) {
                throw new IllegalStateException("no template.yaml in " + start + " or any directory above it");
            }
            root = r;
        }
        return r;
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    public static Path eventsDir() {
        return root().resolve("events");
    }

    /** The file events/{@code name}; fails when it does not exist. */
    public static Path event(String name) {
        Path file = eventsDir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no event file events/" + name);
        }
        return file;
    }

    /** The exact bytes of events/{@code name}, as `sam local invoke -e` would send them. */
    public static byte[] eventBytes(String name) {
        try {
            return Files.readAllBytes(event(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** events/{@code name} as a JSON object a test may change. */
    public static ObjectNode eventJson(String name) {
        try {
            return (ObjectNode) BankJson.mapper().readTree(eventBytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of every events/*.json file, sorted. */
    public static List<String> eventNames() {
        try (Stream<Path> files = Files.list(eventsDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
