package dev.bankfeed.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a fresh JVM on the test class path, for code that reads the process
 * environment once (Powertools, X-Ray): a test cannot set its own JVM's variables.
 */
public final class ChildJava {

    private ChildJava() {
    }

    /**
     * Runs {@code main} with {@code env} added to this process's environment ({@code null} values removed) and
     * {@code jvmArgs} before the class; returns stdout and stderr together, after asserting it exited 0.
     */
    public static String run(Class<?> main, Map<String, String> env, String... jvmArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        applyEnv(pb, env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Puts {@code env} into the builder's environment; a null value removes the variable. */
    public static void applyEnv(ProcessBuilder pb, Map<String, String> env) {
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
    }
}
