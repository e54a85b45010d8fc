package dev.bankfeed.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.provider.atlar.AtlarCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConnectionSourceTest {

    @TempDir
    Path dir;

    private static String file(String id, String secret) {
        return "{\"connections\":[{\"id\":\"" + id + "\",\"provider\":\"atlar\",\"baseUrl\":\"https://api.atlar.com\","
                + "\"accessKey\":\"ak\",\"secret\":\"" + secret + "\"}]}";
    }

    @Test
    void connections_readOnce_thenRereadAfterInvalidate() throws Exception {
        Path f = dir.resolve("connections.json");
        Files.writeString(f, file("atlar-1", "old"));
        FileConnectionSource source = new FileConnectionSource(f);

        assertThat(source.connections().get(0).credentials(AtlarCredentials.class).secret().reveal()).isEqualTo("old");
        Files.writeString(f, file("atlar-1", "new"));
        assertThat(source.connections().get(0).credentials(AtlarCredentials.class).secret().reveal()).isEqualTo("old");

        source.invalidate("atlar-1");

        assertThat(source.connections().get(0).credentials(AtlarCredentials.class).secret().reveal()).isEqualTo("new");
    }

    @Test
    void connections_missingFile_namesTheFileOnly() {
        FileConnectionSource source = new FileConnectionSource(dir.resolve("absent.json"));

        assertThatThrownBy(source::connections)
                .isInstanceOf(ConnectionConfigException.class)
                .hasMessage("cannot read connections file absent.json (NoSuchFileException)");
    }
}
