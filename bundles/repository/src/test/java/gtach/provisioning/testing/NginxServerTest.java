package gtach.provisioning.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** The fixture itself: what it serves, and that it leaves no process and no directory behind. */
class NginxServerTest {

    @TempDir
    Path temp;

    private static HttpURLConnection get(String url, String authorization) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        return connection;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutNginxATestFailsUnderCiAndIsSkippedElsewhere() {
        // Given
        Path missing = temp.resolve("no-nginx");

        // When / Then
        assertThatThrownBy(() -> NginxServer.requireInstalled(missing, true))
                .isInstanceOf(AssertionError.class)
                .hasMessage("nginx is not installed (looked for " + missing
                        + "); .ci/run installs it, or run apt-get install nginx-light.");
        assertThatThrownBy(() -> NginxServer.requireInstalled(missing, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(".ci/run installs it");
    }

    @Test
    void servesTheRootAndTheConfiguredFaults() throws Exception {
        // Given
        Path root = Files.createDirectories(temp.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "hello");
        Files.createDirectories(root.resolve("private"));
        Files.writeString(root.resolve("private/secret.txt"), "secret");

        try (NginxServer nginx = NginxServer.serving(root)
                .failing("/broken.txt")
                .redirecting("/moved.txt", "http://127.0.0.1:1/elsewhere.txt")
                .protectedBy("/private/", "deployer", "s3cret")
                .start()) {

            // Then
            HttpURLConnection hello = get(nginx.url("/hello.txt"), null);
            assertThat(hello.getResponseCode()).isEqualTo(200);
            try (InputStream in = hello.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            }
            assertThat(get(nginx.url("/broken.txt"), null).getResponseCode()).isEqualTo(500);
            HttpURLConnection moved = get(nginx.url("/moved.txt"), null);
            assertThat(moved.getResponseCode()).isEqualTo(302);
            assertThat(moved.getHeaderField("Location")).isEqualTo("http://127.0.0.1:1/elsewhere.txt");
            assertThat(get(nginx.url("/private/secret.txt"), null).getResponseCode()).isEqualTo(401);
            assertThat(get(nginx.url("/private/secret.txt"), basic("deployer", "wrong")).getResponseCode()).isEqualTo(401);
            assertThat(get(nginx.url("/private/secret.txt"), basic("deployer", "s3cret")).getResponseCode()).isEqualTo(200);
        }
    }

    @Test
    void closingStopsItsProcessAndDeletesOnlyItsDirectory() throws Exception {
        // Given
        Path root = Files.createDirectories(temp.resolve("root"));
        Files.writeString(root.resolve("kept.txt"), "kept");
        NginxServer nginx = NginxServer.serving(root).start();
        ProcessHandle process = ProcessHandle.of(nginx.pid()).orElseThrow();
        assertThat(nginx.directory().resolve("nginx.conf")).exists();

        // When
        nginx.close();

        // Then
        assertThat(process.isAlive()).isFalse();
        assertThat(root.resolve("kept.txt")).hasContent("kept");
        assertThat(nginx.directory()).doesNotExist();
    }
}
