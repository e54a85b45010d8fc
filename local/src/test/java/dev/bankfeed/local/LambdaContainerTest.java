package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Which of the RIC's native libraries a platform gets. */
class LambdaContainerTest {

    @Test
    void nativeLibrary_linux_isTheRicsGlibcOrMuslBuildForTheArchitecture() throws IOException {
        assertThat(LambdaContainer.NativeLibrary.resourceName("Linux", "amd64", false))
                .isEqualTo("libaws-lambda-jni.linux-x86_64.so");
        assertThat(LambdaContainer.NativeLibrary.resourceName("Linux", "aarch64", true))
                .isEqualTo("libaws-lambda-jni.linux_musl-aarch_64.so");
    }

    @Test
    void nativeLibrary_macOs_failsWithOneSentenceNamingTheWayOut() {
        assertThatThrownBy(() -> LambdaContainer.NativeLibrary.resourceName("Mac OS X", "aarch64", false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("runs on Linux (x86_64 or arm64) only, not Mac OS X aarch64")
                .hasMessageContaining("sam local invoke");
    }
}
