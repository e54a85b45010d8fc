package dev.bankfeed.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a fresh JVM on this runner's own class path with a given environment. `invoke` and `start-api`
 * run functions this way so that each one starts as in Lambda: new JVM, real environment variables (the AWS
 * SDK reads AWS_REGION and the AWS_ENDPOINT_URL variables itself).
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static ProcessBuilder builder(Map<String, String> environment, List<String> jvmOptions, String mainClass,
            List<String> args) {
        return builder(environment, jvmOptions, System.getProperty("java.class.path"), mainClass, args);
    }

    /** The same JVM on another class path (`invoke --code JAR`: a deployment jar plus the runtime client). */
    static ProcessBuilder builder(Map<String, String> environment, List<String> jvmOptions, String classPath,
            String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = environment.get("JAVA_TOOL_OPTIONS");
        if (options == null) {
            command.add("-XX:+TieredCompilation");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb;
    }
}
