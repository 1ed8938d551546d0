package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Adding from a real nginx: what is served is added, and every fault is refused in one sentence with nothing stored. */
class NginxDownloadTest {

    @TempDir
    Path temp;

    /** Three attempts in all, a few milliseconds apart: the retries of the default, without the waiting. */
    private static final DownloadRetries QUICK = new DownloadRetries(3, Duration.ofMillis(20), Duration.ofSeconds(2));

    private Path published;
    private RepositoryStore store;

    @BeforeEach
    void prepare() throws Exception {
        NginxServer.requireInstalled();
        published = Files.createDirectories(temp.resolve("published"));
        store = open(new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    private RepositoryStore open(DownloadTimeouts timeouts) throws Exception {
        return open(timeouts, QUICK);
    }

    private RepositoryStore open(DownloadTimeouts timeouts, DownloadRetries retries) throws Exception {
        return RepositoryStore.open(temp.resolve("repository"), temp.resolve("m2"), timeouts, retries, SilentLogger.INSTANCE);
    }

    /** How many requests for {@code path} nginx answered, whatever their status. */
    private static long requests(NginxServer nginx, String path) {
        return nginx.accessLog().lines().filter(line -> line.contains("\"GET " + path + " HTTP/1.1\"")).count();
    }

    private void assertNothingLeft() throws IOException {
        AddTest.assertNothingStored(store);
        try (var entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).isEmpty();
        }
    }

    /**
     * Nothing stored, nothing staged, only the bytes that arrived from {@code url}, kept to be
     * resumed, and beside them the version of the file they belong to (nginx's ETag).
     */
    private Path assertOnlyPartialLeft(String url) throws IOException {
        AddTest.assertNothingStored(store);
        Path partial = partialOf(url);
        Path validator = partial.resolveSibling(partial.getFileName() + ".validator");
        try (var entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).containsExactlyInAnyOrder(partial, validator);
        }
        assertThat(Files.readString(validator)).startsWith("\"");
        return partial;
    }

    private Path partialOf(String url) {
        return store.root().resolve("tmp").resolve(HttpFetcher.partialName(URI.create(url)));
    }

    /** A JAR of about 1.5 MiB: large enough that a rate limit makes it take a while. */
    private Path publishLarge(String name) throws IOException {
        Path jar = published.resolve(name);
        Files.copy(TestBundle.real("jackson-databind-2.17.2.jar"), jar);
        return jar;
    }

    @Test
    void aJarServedByNginxIsAdded() throws Exception {
        // Given
        Path jar = TestBundle.named("served.tach", "1.0.0").writeTo(published.resolve("tach.jar"));

        try (NginxServer nginx = NginxServer.serving(published).start()) {
            String url = nginx.url("/tach.jar");

            // When
            List<AddOutcome> outcomes = store.add(url);

            // Then
            assertThat(outcomes).singleElement().satisfies(outcome -> {
                assertThat(outcome.status()).isEqualTo(Status.ADDED);
                assertThat(outcome.message()).isEqualTo("Added served.tach 1.0.0 from " + url + ".");
            });
            PackageInfo info = store.get("served.tach", "1.0.0").orElseThrow();
            assertThat(info.source()).isEqualTo(url);
            assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(jar);
        }
    }

    @Test
    void aJarInAMavenRepositoryLayoutIsAdded() throws Exception {
        // Given
        Path maven = temp.resolve("maven");
        Path jar = TestBundle.named("org.example.display", "2.1.0")
                .writeTo(maven.resolve("org/example/display/2.1.0/display-2.1.0.jar"));

        try (NginxServer nginx = NginxServer.serving(published).alias("/maven/", maven).start()) {
            String url = nginx.url("/maven/org/example/display/2.1.0/display-2.1.0.jar");

            // When
            List<AddOutcome> outcomes = store.add(url);

            // Then
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            PackageInfo info = store.get("org.example.display", "2.1.0").orElseThrow();
            assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(jar);
        }
    }

    @Test
    void aMissingJarIsRefusedNamingTheStatus() throws Exception {
        try (NginxServer nginx = NginxServer.serving(published).start()) {
            String url = nginx.url("/missing.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url + ": the server answered HTTP 404; nothing was changed.");
            assertNothingLeft();
            // a file that is not there will not be there a moment later: asked once
            assertThat(requests(nginx, "/missing.jar")).isEqualTo(1);
        }
    }

    @Test
    void aServerErrorIsRetriedThenRefusedNamingTheStatusAndTheAttempts() throws Exception {
        // Given
        TestBundle.named("broken", "1.0.0").writeTo(published.resolve("broken.jar"));

        try (NginxServer nginx = NginxServer.serving(published).failing("/broken.jar").start()) {
            String url = nginx.url("/broken.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url + " after 3 attempts: the server answered HTTP 500; nothing was changed.");
            assertNothingLeft();
            assertThat(requests(nginx, "/broken.jar")).isEqualTo(3);
        }
    }

    @Test
    void anUnavailableServerIsAskedThreeTimesThenRefused() throws Exception {
        // Given
        TestBundle.named("busy", "1.0.0").writeTo(published.resolve("busy.jar"));
        List<String> progress = new java.util.ArrayList<>();

        try (NginxServer nginx = NginxServer.serving(published).answering("/busy.jar", 503).start()) {
            String url = nginx.url("/busy.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url, progress::add))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url + " after 3 attempts: the server answered HTTP 503; nothing was changed.");
            assertNothingLeft();
            assertThat(nginx.accessLog().lines().filter(line -> line.contains("\"GET /busy.jar HTTP/1.1\" 503 ")))
                    .hasSize(3);
            // the operator hears of each retry
            assertThat(progress).filteredOn(line -> line.contains("trying again")).hasSize(2)
                    .allSatisfy(line -> assertThat(line).startsWith("Downloading " + url + ": the server answered HTTP 503;"
                            + " trying again in "));
        }
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheWaitTheServerAsksFor() throws Exception {
        try (NginxServer nginx = NginxServer.serving(published).answering("/busy.jar", 429, "Retry-After", "1").start()) {
            String url = nginx.url("/busy.jar");

            // When / Then: the 1 s asked for is within the 2 s a download waits at most
            assertThatThrownBy(() -> store.add(url))
                    .hasMessage("Cannot add " + url + " after 3 attempts: the server answered HTTP 429 (too many requests);"
                            + " nothing was changed.");
            assertThat(requests(nginx, "/busy.jar")).isEqualTo(3);
        }
    }

    @Test
    void aRetryAfterLongerThanTheLongestWaitEndsTheDownloadAtOnce() throws Exception {
        try (NginxServer nginx = NginxServer.serving(published).answering("/busy.jar", 503, "Retry-After", "120").start()) {
            String url = nginx.url("/busy.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .hasMessage("Cannot add " + url + ": the server answered HTTP 503 and asked for a retry after 2 min,"
                            + " longer than the 2 s a download waits between attempts; nothing was changed.");
            assertThat(requests(nginx, "/busy.jar")).isEqualTo(1);
            assertNothingLeft();
        }
    }

    @Test
    void theAttemptsAreSettable() throws Exception {
        // Given
        store = open(new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)),
                new DownloadRetries(5, Duration.ofMillis(10), Duration.ofMillis(50)));

        try (NginxServer nginx = NginxServer.serving(published).answering("/busy.jar", 502).start()) {
            String url = nginx.url("/busy.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .hasMessage("Cannot add " + url + " after 5 attempts: the server answered HTTP 502; nothing was changed.");
            assertThat(requests(nginx, "/busy.jar")).isEqualTo(5);

            // and one attempt is one request, named as before
            RepositoryStore once = open(new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)),
                    DownloadRetries.NONE);
            assertThatThrownBy(() -> once.add(url))
                    .hasMessage("Cannot add " + url + ": the server answered HTTP 502; nothing was changed.");
            assertThat(requests(nginx, "/busy.jar")).isEqualTo(6);
        }
    }

    @Test
    void aRedirectWithinTheOriginIsFollowed() throws Exception {
        // Given
        TestBundle.named("moved", "1.0.0").writeTo(published.resolve("new/moved.jar"));

        try (NginxServer nginx = NginxServer.serving(published).redirecting("/old/moved.jar", "/new/moved.jar").start()) {
            String url = nginx.url("/old/moved.jar");

            // When
            List<AddOutcome> outcomes = store.add(url);

            // Then
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            assertThat(store.get("moved", "1.0.0").orElseThrow().source()).isEqualTo(url);
        }
    }

    @Test
    void aRedirectToAnotherOriginIsRefused() throws Exception {
        // Given: the other origin serves a JAR that would be accepted
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        TestBundle.named("elsewhere", "1.0.0").writeTo(elsewhere.resolve("tach.jar"));

        try (NginxServer other = NginxServer.serving(elsewhere).start();
             NginxServer nginx = NginxServer.serving(published).redirecting("/tach.jar", other.url("/tach.jar")).start()) {
            String url = nginx.url("/tach.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url + ": it was redirected to " + other.url("/tach.jar")
                            + ", another origin, which downloads do not follow; nothing was changed.");
            assertNothingLeft();
            assertThat(requests(nginx, "/tach.jar")).isEqualTo(1);
            assertThat(requests(other, "/tach.jar")).isZero();
        }
    }

    @Test
    void aJarCutShortByTheServerIsRefusedKeepingWhatArrived() throws Exception {
        // Given: a slow location, and the served file truncated once the download has begun, so nginx
        // closes the connection before the length it announced
        Path jar = publishLarge("cut.jar");
        long announced = Files.size(jar);
        AtomicBoolean truncated = new AtomicBoolean();

        // one attempt: a retry would fetch the truncated file, now another version, all over again
        store = open(new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), DownloadRetries.NONE);

        try (NginxServer nginx = NginxServer.serving(published).slow("/", "256k", "64k").start()) {
            String url = nginx.url("/cut.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url, line -> {
                if (truncated.compareAndSet(false, true)) {
                    truncate(jar, 1000);
                }
            }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Cannot add " + url + ": the server closed the connection after ")
                    .hasMessageEndingWith(" of the " + announced + " bytes it announced; nothing was changed.");
            assertThat(Files.size(assertOnlyPartialLeft(url))).isPositive().isLessThan(announced);
        }
    }

    private static void truncate(Path file, long size) {
        try (RandomAccessFile access = new RandomAccessFile(file.toFile(), "rw")) {
            access.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * nginx cannot be made to announce a length it does not send, so a raw socket does it here: it
     * announces the JAR and one more KiB, sends the JAR and closes, at every attempt. It names no
     * version of what it sends (no ETag, no Last-Modified), so nothing is kept to resume.
     */
    @Test
    void aJarWhoseContentLengthLiesIsRetriedThenRefusedWithNothingLeft() throws Exception {
        // Given
        byte[] bytes = Files.readAllBytes(TestBundle.named("lying", "1.0.0").writeTo(temp.resolve("lying.jar")));
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread answer = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                        socket.getInputStream().read(new byte[4096]);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (bytes.length + 1024)
                                + "\r\nContent-Type: application/java-archive\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(bytes);
                        answered.incrementAndGet();
                    } catch (IOException e) {
                        // the client gave up
                    }
                }
            }, "lying-test-server");
            answer.setDaemon(true);
            answer.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/lying.jar";

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url + " after 3 attempts: the server closed the connection after " + bytes.length
                            + " of the " + (bytes.length + 1024) + " bytes it announced; nothing was changed.");
            // with neither ETag nor Last-Modified, what arrived could not be resumed safely
            assertNothingLeft();
            answer.join();
            assertThat(answered).hasValue(3);
        }
    }

    @Test
    void aSlowServerEndsWithTheTotalTimeout() throws Exception {
        // Given: 1.5 MiB at 16 KiB a second, and four seconds for all of it; nginx sends a burst about
        // every second, so the idle timeout stays out of the way
        publishLarge("slow.jar");
        store = open(new DownloadTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4)), DownloadRetries.NONE);

        try (NginxServer nginx = NginxServer.serving(published).slow("/", "16k", "0").start()) {
            String url = nginx.url("/slow.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url
                            + ": the download took longer than 4 s (the download total timeout); nothing was changed.");
            assertThat(Files.size(assertOnlyPartialLeft(url))).isPositive();
        }
    }

    @Test
    void aDownloadCutByATimeoutIsResumedWhereItStopped() throws Exception {
        // Given: the first download slow enough for its total timeout, a resumed one at full speed
        Path jar = publishLarge("resumed.jar");
        String sha256 = DurableFiles.hash(jar).sha256();
        RepositoryStore impatient = open(new DownloadTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)), DownloadRetries.NONE);

        try (NginxServer nginx = NginxServer.serving(published).slowUntilResumed("/", "64k", true).start()) {
            String url = nginx.url("/resumed.jar");
            assertThatThrownBy(() -> impatient.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url
                            + ": the download took longer than 3 s (the download total timeout); nothing was changed.");
            long kept = Files.size(assertOnlyPartialLeft(url));
            assertThat(kept).isPositive().isLessThan(Files.size(jar));

            // When: the next attempt, from a store opened afresh
            List<AddOutcome> outcomes = open(new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60))).add(url);

            // Then it asked for the rest only, and the JAR is whole
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            PackageInfo info = store.get("com.fasterxml.jackson.core.jackson-databind", "2.17.2").orElseThrow();
            assertThat(info.sha256()).isEqualTo(sha256);
            assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(jar);
            assertThat(nginx.accessLog()).contains("\"GET /resumed.jar HTTP/1.1\" 206 " + (Files.size(jar) - kept) + " ");
            assertThat(partialOf(url)).doesNotExist();
            assertNothingLeftButThePackage();
        }
    }

    @Test
    void aDownloadCutByATimeoutIsResumedByTheRetryWithinOneAdd() throws Exception {
        // Given: the first attempt slow enough for its total timeout, a resumed one at full speed
        Path jar = publishLarge("retried.jar");
        store = open(new DownloadTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        List<String> progress = new java.util.ArrayList<>();

        try (NginxServer nginx = NginxServer.serving(published).slowUntilResumed("/", "64k", true).start()) {
            String url = nginx.url("/retried.jar");

            // When
            List<AddOutcome> outcomes = store.add(url, progress::add);

            // Then the retry asked for the rest only, and the JAR is whole
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            PackageInfo info = store.get("com.fasterxml.jackson.core.jackson-databind", "2.17.2").orElseThrow();
            assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(jar);
            List<String> requests = nginx.accessLog().lines().filter(line -> line.contains("\"GET /retried.jar ")).toList();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1)).contains("\" 206 ");
            long resumed = Long.parseLong(requests.get(1).split("\" 206 ")[1].split(" ")[0]);
            assertThat(resumed).isPositive().isLessThan(Files.size(jar));
            assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("Downloading " + url
                    + ": the download took longer than 3 s (the download total timeout); trying again in "));
            assertNothingLeftButThePackage();
        }
    }

    @Test
    void aServerThatIgnoresRangesSendsItAllAgain() throws Exception {
        // Given
        Path jar = publishLarge("again.jar");
        String sha256 = DurableFiles.hash(jar).sha256();
        RepositoryStore impatient = open(new DownloadTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)), DownloadRetries.NONE);

        try (NginxServer nginx = NginxServer.serving(published).slowUntilResumed("/", "64k", false).start()) {
            String url = nginx.url("/again.jar");
            assertThatThrownBy(() -> impatient.add(url)).isInstanceOf(IllegalArgumentException.class);
            assertThat(Files.size(assertOnlyPartialLeft(url))).isPositive();

            // When
            List<AddOutcome> outcomes = store.add(url);

            // Then the whole JAR came again, and replaced what was kept
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            PackageInfo info = store.get("com.fasterxml.jackson.core.jackson-databind", "2.17.2").orElseThrow();
            assertThat(info.sha256()).isEqualTo(sha256);
            assertThat(nginx.accessLog()).doesNotContain("\" 206 ")
                    .contains("\"GET /again.jar HTTP/1.1\" 200 " + Files.size(jar) + " ");
            assertThat(partialOf(url)).doesNotExist();
            assertNothingLeftButThePackage();
        }
    }

    @Test
    void aFileChangedSinceTheInterruptionIsDownloadedAfresh() throws Exception {
        // Given: a download cut by its timeout, then another JAR published at the same URL
        Path jar = publishLarge("changing.jar");
        RepositoryStore impatient = open(new DownloadTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)), DownloadRetries.NONE);

        try (NginxServer nginx = NginxServer.serving(published).slowUntilResumed("/", "64k", true).start()) {
            String url = nginx.url("/changing.jar");
            assertThatThrownBy(() -> impatient.add(url)).isInstanceOf(IllegalArgumentException.class);
            assertThat(Files.size(assertOnlyPartialLeft(url))).isPositive();
            Files.copy(TestBundle.real("jackson-core-2.17.2.jar"), jar, StandardCopyOption.REPLACE_EXISTING);

            // When
            List<AddOutcome> outcomes = store.add(url);

            // Then the server's If-Range check sent all of the new JAR, and nothing of the old one is in it
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            PackageInfo info = store.get("com.fasterxml.jackson.core.jackson-core", "2.17.2").orElseThrow();
            assertThat(info.sha256()).isEqualTo(DurableFiles.hash(jar).sha256());
            assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(jar);
            assertThat(nginx.accessLog()).doesNotContain("\" 206 ")
                    .contains("\"GET /changing.jar HTTP/1.1\" 200 " + Files.size(jar) + " ");
            assertNothingLeftButThePackage();
        }
    }

    private void assertNothingLeftButThePackage() throws IOException {
        try (var entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void missingCredentialsAreNamedAsSuch() throws Exception {
        // Given
        TestBundle.named("secret", "1.0.0").writeTo(published.resolve("private/secret.jar"));

        try (NginxServer nginx = NginxServer.serving(published).protectedBy("/private/", "deployer", "s3cret").start()) {
            String url = nginx.url("/private/secret.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url + ": the server answered HTTP 401 (authentication required:"
                            + " the credentials are missing or wrong); nothing was changed.");
            assertNothingLeft();
            assertThat(requests(nginx, "/private/secret.jar")).isEqualTo(1);
        }
    }

    @Test
    void forbiddenIsNamedAsSuch() throws Exception {
        // Given
        TestBundle.named("closed", "1.0.0").writeTo(published.resolve("closed.jar"));

        try (NginxServer nginx = NginxServer.serving(published).answering("/closed.jar", 403).start()) {
            String url = nginx.url("/closed.jar");

            // When / Then
            assertThatThrownBy(() -> store.add(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add " + url + ": the server answered HTTP 403 (forbidden: the credentials, if any,"
                            + " do not grant access); nothing was changed.");
            assertNothingLeft();
            assertThat(requests(nginx, "/closed.jar")).isEqualTo(1);
        }
    }
}
