package dev.bankfeed.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where template.yaml and events/ are by default: the working directory when it holds them (as with
 * `sam`), else the repository the `bankfeed` script lives in, so the runner works from any directory.
 */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Path resolve(String given, String defaultName) {
        if (given != null) {
            return Path.of(given);
        }
        Path local = Path.of(defaultName);
        String home = System.getProperty("bankfeed.home");
        if (Files.exists(local) || home == null) {
            return local;
        }
        return Path.of(home).resolve(defaultName);
    }
}
