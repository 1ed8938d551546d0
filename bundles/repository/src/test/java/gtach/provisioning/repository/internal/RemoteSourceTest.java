package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.PackageInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Adding from http(s) URLs and from the local Maven repository. */
class RemoteSourceTest {

    @TempDir
    Path temp;

    private HttpServer server;
    private RepositoryStore store;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        store = RepositoryStore.open(temp.resolve("repository"), temp.resolve("m2"),
                new DownloadTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                new DownloadRetries(3, Duration.ofMillis(10), Duration.ofMillis(100)), SilentLogger.INSTANCE);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void serve(String path, int status, byte[] body) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @Test
    void aDownloadTellsHowManyBytesHaveArrived() throws Exception {
        // Given
        Path jar = TestBundle.named("remote.progress", "1.0.0").writeTo(temp.resolve("served/progress.jar"));
        byte[] bytes = Files.readAllBytes(jar);
        serve("/progress.jar", 200, bytes);
        List<String> progress = new java.util.ArrayList<>();

        // When
        store.add(url("/progress.jar"), progress::add);

        // Then every report names the download, and the last one has all of it
        assertThat(progress).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("Downloading " + url("/progress.jar") + ": "));
        String size = Sizes.approximate(bytes.length);
        assertThat(progress.get(progress.size() - 1)).endsWith(": " + size + " of " + size);
    }

    @Test
    void addsAJarFromAnHttpUrl() throws Exception {
        // Given
        Path jar = TestBundle.named("remote.tach", "2.0.0").writeTo(temp.resolve("served/tach.jar"));
        serve("/bundles/tach.jar", 200, Files.readAllBytes(jar));
        String url = url("/bundles/tach.jar");

        // When
        List<AddOutcome> outcomes = store.add(url);

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.ADDED);
            assertThat(outcome.origin()).isEqualTo(url);
            assertThat(outcome.message()).isEqualTo("Added remote.tach 2.0.0 from " + url + ".");
        });
        PackageInfo info = store.get("remote.tach", "2.0.0").orElseThrow();
        assertThat(info.source()).isEqualTo(url);
        assertThat(info.sha256()).isEqualTo(DurableFiles.hash(jar).sha256());
        assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(jar);
    }

    @Test
    void followsRedirects() throws Exception {
        // Given
        Path jar = TestBundle.named("moved", "1.0.0").writeTo(temp.resolve("served/moved.jar"));
        serve("/new/moved.jar", 200, Files.readAllBytes(jar));
        server.createContext("/old/moved.jar", exchange -> {
            exchange.getResponseHeaders().add("Location", url("/new/moved.jar"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });

        // When
        List<AddOutcome> outcomes = store.add(url("/old/moved.jar"));

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
        assertThat(store.get("moved", "1.0.0").orElseThrow().source()).isEqualTo(url("/old/moved.jar"));
    }

    @Test
    void aDownloadThatIsNoJarIsRefused() throws Exception {
        // Given
        serve("/page.jar", 200, "<html>not found, but nicely</html>".getBytes());
        String url = url("/page.jar");

        // When
        List<AddOutcome> outcomes = store.add(url);

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.REFUSED);
            assertThat(outcome.message()).isEqualTo(
                    "Refused " + url + ": it is not a JAR (it does not start with a ZIP header); nothing was changed.");
        });
        AddTest.assertNothingStored(store);
    }

    @Test
    void anHttpErrorIsRefused() throws Exception {
        // Given
        serve("/missing.jar", 404, new byte[0]);
        String url = url("/missing.jar");

        // When / Then
        assertThatThrownBy(() -> store.add(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + url + ": the server answered HTTP 404; nothing was changed.");
        AddTest.assertNothingStored(store);
        try (var entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void anUnreachableHostIsRefused() throws Exception {
        // Given: a port that was free a moment ago
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/tach.jar";

        // When / Then
        assertThatThrownBy(() -> store.add(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + url + " after 3 attempts: connection refused; nothing was changed.");
        AddTest.assertNothingStored(store);
    }

    @Test
    void aUrlWithoutHostIsRefused() {
        // When / Then
        assertThatThrownBy(() -> store.add("http:///tach.jar"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add http:///tach.jar: the URL names no host; nothing was changed.");
    }

    @Test
    void addsAnArtifactFromTheLocalMavenRepository() throws Exception {
        // Given
        Path jar = TestBundle.named("org.example.tach", "1.4.0")
                .writeTo(temp.resolve("m2/org/example/tach/1.4.0/tach-1.4.0.jar"));

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/tach/1.4.0");

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.ADDED);
            assertThat(outcome.origin()).isEqualTo("mvn:org.example/tach/1.4.0");
            assertThat(outcome.message()).isEqualTo("Added org.example.tach 1.4.0 from mvn:org.example/tach/1.4.0.");
        });
        PackageInfo info = store.get("org.example.tach", "1.4.0").orElseThrow();
        assertThat(info.source()).isEqualTo("mvn:org.example/tach/1.4.0");
        assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(jar);
    }

    @Test
    void addsAClassifiedArtifactFromTheLocalMavenRepository() throws Exception {
        // Given
        TestBundle.named("org.example.tach.osgi", "1.4.0").writeTo(temp.resolve("m2/org/example/tach/1.4.0/tach-1.4.0-osgi.jar"));

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/tach/1.4.0/jar/osgi");

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
        assertThat(store.get("org.example.tach.osgi", "1.4.0")).isPresent();
    }

    @Test
    void anUnknownCoordinateIsRefused() throws IOException {
        // Given
        Path expected = temp.resolve("m2/org/example/nothing/9.9/nothing-9.9.jar");

        // When / Then
        assertThatThrownBy(() -> store.add("mvn:org.example/nothing/9.9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add mvn:org.example/nothing/9.9: it is not in the local Maven repository (looked at "
                        + expected + "); nothing was changed.");
        AddTest.assertNothingStored(store);
    }

    @Test
    void aMalformedCoordinateIsRefused() {
        // When / Then
        assertThatThrownBy(() -> store.add("mvn:org.example/tach"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add mvn:org.example/tach: a Maven coordinate is mvn:group/artifact/version[/type[/classifier]];"
                        + " nothing was changed.");
        assertThatThrownBy(() -> store.add("mvn:org.example/../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add mvn:org.example/../../etc/passwd: \"..\" is not a valid part of a Maven coordinate;"
                        + " nothing was changed.");
    }
}
