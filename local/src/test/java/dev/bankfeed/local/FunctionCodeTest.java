package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code invoke --code JAR}: the function JVM's class path is the runtime's jars, then the deployment jar. */
class FunctionCodeTest {

    @TempDir
    Path dir;

    @Test
    void classPath_isTheRuntimeJarsSortedThenTheDeploymentJar_andNothingElse() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("lambda-runtime"));
        Path serialization = Files.createFile(runtime.resolve("aws-lambda-java-serialization-1.4.1.jar"));
        Path ric = Files.createFile(runtime.resolve("aws-lambda-java-runtime-interface-client-2.10.1.jar"));
        Files.createFile(runtime.resolve("notes.txt"));
        Path jar = Files.createFile(dir.resolve("bankfeed-list-accounts-lambda.jar"));

        assertThat(FunctionCode.classPath(jar, runtime).split(File.pathSeparator))
                .containsExactly(ric.toString(), serialization.toString(), jar.toString());
    }

    @Test
    void classPath_withoutTheJar_isAUsageErrorNamingIt() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("lambda-runtime"));
        Files.createFile(runtime.resolve("aws-lambda-java-runtime-interface-client-2.10.1.jar"));

        assertThatThrownBy(() -> FunctionCode.classPath(dir.resolve("missing.jar"), runtime))
                .isInstanceOf(UsageException.class).hasMessageContaining("missing.jar");
    }

    @Test
    void classPath_withoutTheRuntimeClient_isAUsageErrorSayingHowToBuildIt() throws Exception {
        Path jar = Files.createFile(dir.resolve("f.jar"));

        assertThatThrownBy(() -> FunctionCode.classPath(jar, dir.resolve("lambda-runtime")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(FunctionCode.RIC_ARTIFACT).hasMessageContaining("mvn");
    }

    @Test
    void runtimeDirectory_isBesideTheRunnersCode() throws Exception {
        // In tests the runner's code is local/target/classes; in use it is local/target/bankfeed.jar.
        assertThat(FunctionCode.runtimeDirectory().getFileName().toString())
                .isEqualTo(FunctionCode.RUNTIME_DIRECTORY);
        assertThat(FunctionCode.runtimeDirectory().getParent().getFileName().toString()).isEqualTo("target");
    }
}
