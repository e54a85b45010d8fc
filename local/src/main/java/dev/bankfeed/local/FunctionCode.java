package dev.bankfeed.local;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code invoke --code JAR}: the function's JVM gets the class path of Lambda's Java runtime instead of this
 * runner's: the runtime interface client and its serialization library (copied by the build into
 * {@code local/target/lambda-runtime/}, see local/pom.xml), then the deployment jar. Nothing of the runner, so
 * a class the deployment jar lacks fails here as it would in Lambda.
 */
final class FunctionCode {

    /** Where the build copies the runtime's jars, beside the runner jar (or beside target/classes in tests). */
    static final String RUNTIME_DIRECTORY = "lambda-runtime";
    static final String RIC_ARTIFACT = "aws-lambda-java-runtime-interface-client";

    private FunctionCode() {
    }

    /** The class path for {@code jar} with the runtime's jars from beside this runner. */
    static String classPath(Path jar) throws UsageException, IOException {
        return classPath(jar, runtimeDirectory());
    }

    static String classPath(Path jar, Path runtimeDirectory) throws UsageException, IOException {
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("--code: no such file: " + jar
                    + " (build the function jar with: mvn -B -ntp package -DskipTests -pl local -am)");
        }
        List<Path> runtime = new ArrayList<>();
        if (Files.isDirectory(runtimeDirectory)) {
            try (Stream<Path> files = Files.list(runtimeDirectory)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(runtime::add);
            }
        }
        if (runtime.stream().noneMatch(p -> p.getFileName().toString().startsWith(RIC_ARTIFACT))) {
            throw new UsageException("--code: no " + RIC_ARTIFACT + " jar in " + runtimeDirectory
                    + " (the build copies it there: mvn -B -ntp package -DskipTests -pl local -am)");
        }
        List<String> entries = new ArrayList<>();
        runtime.forEach(p -> entries.add(p.toAbsolutePath().toString()));
        entries.add(jar.toAbsolutePath().toString());
        return String.join(File.pathSeparator, entries);
    }

    /** local/target/lambda-runtime: the directory of this runner's jar (or of its classes directory). */
    static Path runtimeDirectory() throws IOException {
        try {
            Path code = Path.of(FunctionCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent().resolve(RUNTIME_DIRECTORY);
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot tell where the runner's jar is: " + e.getMessage(), e);
        }
    }
}
