package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fetching a remote published with the real Publisher from a real nginx on loopback. */
class RemoteFetchTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private Path site;
    private Path repository;
    private SigningKey key;

    @BeforeEach
    void prepare() throws Exception {
        NginxServer.requireInstalled();
        RemoteFetch.retries = DownloadRetries.of(3, Duration.ofMillis(20));
        site = temp.resolve("site");
        repository = Files.createDirectories(temp.resolve("repository"));
        key = SigningKey.generate();
    }

    private void publish(String name, String version, Duration validity, Instant now) throws Exception {
        Path jar = TestBundle.named(name, version).writeTo(temp.resolve("in/" + name + "-" + version + ".jar"));
        Publisher.publish(List.of(jar), site, key, validity, now);
    }

    @AfterEach
    void restoreRetries() {
        RemoteFetch.retries = DownloadRetries.DEFAULT;
    }

    private RemoteFetch.Fetched fetch(NginxServer nginx, SigningKey pinned) throws RepositoryException {
        return RemoteFetch.fetch("main", URI.create(nginx.url("/")), pinned.publicOnly(), false, repository, Instant.now(), TIMEOUT);
    }

    private Path kept() {
        return RemoteFetch.directory(repository, "main");
    }

    @Test
    void aPublishedReleaseIsFetchedAndReadOfflineAfterwards() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        publish("display", "2.1.0", Duration.ofDays(7), Instant.now());

        RemoteFetch.Fetched fetched;
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            fetched = fetch(nginx, key);
        }

        assertThat(fetched.release().counter()).isEqualTo(2);
        assertThat(fetched.entries()).extracting(RemoteIndexEntry::symbolicName).containsExactly("display", "tach");
        RemoteFetch.Fetched offline = RemoteFetch.stored(repository, "main", key.publicOnly()).orElseThrow();
        assertThat(offline.release()).isEqualTo(fetched.release());
        assertThat(offline.entries()).extracting(RemoteIndexEntry::symbolicName).containsExactly("display", "tach");
    }

    @Test
    void anUnchangedReleaseIsAskedForConditionallyAndAnswered304() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            RemoteFetch.Fetched first = fetch(nginx, key);
            RemoteFetch.Fetched second = fetch(nginx, key);

            assertThat(second.release()).isEqualTo(first.release());
            assertThat(second.entries()).hasSameSizeAs(first.entries());
            assertThat(nginx.accessLog().lines().filter(l -> l.contains("GET /release.json")))
                    .extracting(l -> l.contains("\" 304 "))
                    .containsExactly(false, true);
        }
    }

    @Test
    void aSecondFetchOfAnUnchangedReleaseRequestsOnlyTheReleaseMetadataAnswered304() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        publish("display", "2.1.0", Duration.ofDays(7), Instant.now());

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            fetch(nginx, key);
            List<String> first = nginx.accessLog().lines().toList();
            fetch(nginx, key);
            List<String> second = nginx.accessLog().lines().skip(first.size()).toList();

            assertThat(first).anyMatch(l -> l.contains("GET /index") && l.contains("\" 200 "));
            assertThat(second).hasSize(1);
            assertThat(second.get(0)).contains("GET /release.json").contains("\" 304 ");
        }
    }

    @Test
    void aNewReleaseOfTheSameIndexIsFetchedWithoutDownloadingTheIndexAgain() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            fetch(nginx, key);
            List<String> first = nginx.accessLog().lines().toList();
            // a release that only extends the expiry: nothing added, the same index signed again
            Publisher.publish(List.of(), site, key, Duration.ofDays(30), Instant.now().plusSeconds(5));
            // nginx's ETag is the modification second and the size, both of which may not have changed yet
            java.nio.file.Files.setLastModifiedTime(site.resolve("release.json"),
                    java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(10)));
            RemoteFetch.Fetched again = fetch(nginx, key);
            List<String> second = nginx.accessLog().lines().skip(first.size()).toList();

            assertThat(again.release().counter()).isEqualTo(2);
            assertThat(again.entries()).extracting(RemoteIndexEntry::symbolicName).containsExactly("tach");
            assertThat(second).hasSize(1);
            assertThat(second.get(0)).contains("GET /release.json").contains("\" 200 ");
        }
    }

    @Test
    void aServerThatIsGoneIsNamedAsSuchAndWhatWasFetchedBeforeIsKept() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        String url;
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            fetch(nginx, key);
            url = nginx.url("/");
        }
        byte[] keptRelease = Files.readAllBytes(kept().resolve("last-release.json"));

        assertThatThrownBy(() -> RemoteFetch.fetch("main", URI.create(url), key.publicOnly(), false, repository,
                Instant.now(), TIMEOUT))
                .isInstanceOf(RepositoryException.class)
                .hasMessage("Cannot fetch remote main after 3 attempts: the server refused the connection or cannot be reached;"
                        + " nothing was changed.");
        assertThat(Files.readAllBytes(kept().resolve("last-release.json"))).isEqualTo(keptRelease);
    }

    @Test
    void anUnavailableServerIsAskedThreeTimesThenNamedAndWhatWasFetchedBeforeIsKept() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            fetch(nginx, key);
        }
        byte[] keptRelease = Files.readAllBytes(kept().resolve("last-release.json"));

        try (NginxServer nginx = NginxServer.serving(site).answering("/release.json", 503).start()) {
            assertThatThrownBy(() -> fetch(nginx, key))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessage("Cannot fetch " + nginx.url("/release.json") + " from remote main after 3 attempts:"
                            + " the server answered HTTP 503; nothing was changed.");
            assertThat(nginx.accessLog().lines().filter(l -> l.contains("GET /release.json") && l.contains("\" 503 ")))
                    .hasSize(3);
        }
        assertThat(Files.readAllBytes(kept().resolve("last-release.json"))).isEqualTo(keptRelease);
    }

    @Test
    void aMissingReleaseIsAskedForOnce() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        try (NginxServer nginx = NginxServer.serving(site).answering("/release.json", 404).start()) {
            assertThatThrownBy(() -> fetch(nginx, key))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessage("Cannot fetch " + nginx.url("/release.json") + " from remote main: the server answered HTTP 404;"
                            + " nothing was changed.");
            assertThat(nginx.accessLog().lines().filter(l -> l.contains("GET /release.json"))).hasSize(1);
        }
    }

    @Test
    void aJarTheServerCannotGiveForNowIsAskedForThreeTimes() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        RemoteFetch.Fetched fetched;
        String jarPath;
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            fetched = fetch(nginx, key);
        }
        RemoteIndexEntry entry = fetched.entries().get(0);
        jarPath = "/" + entry.url();
        try (NginxServer nginx = NginxServer.serving(site).answering(jarPath, 502).start()) {
            Path target = temp.resolve("tach.jar");
            assertThatThrownBy(() -> RemoteFetch.download("main", URI.create(nginx.url("/")), entry, target, TIMEOUT))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageContaining("after 3 attempts: the server answered HTTP 502");
            assertThat(nginx.accessLog().lines().filter(l -> l.contains("GET " + jarPath))).hasSize(3);
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void aReleaseSignedWithAnotherKeyIsRefusedAndNothingKept() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            assertThatThrownBy(() -> fetch(nginx, SigningKey.generate()))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageStartingWith("Remote main is refused: the release is refused: it is signed with key " + key.keyId())
                    .hasMessageEndingWith("; nothing was changed.");
        }
        assertThat(kept()).doesNotExist();
    }

    @Test
    void anOlderReleaseServedAgainIsRefusedAsARollbackAndTheNewerOneKept() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        byte[] first = Files.readAllBytes(site.resolve("release.json"));
        publish("tach", "1.1.0", Duration.ofDays(7), Instant.now());

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            assertThat(fetch(nginx, key).release().counter()).isEqualTo(2);
            byte[] second = Files.readAllBytes(kept().resolve(RemoteFetch.RELEASE_FILE));
            Files.write(site.resolve("release.json"), first);
            // as a replayed old file would be: another Last-Modified, so nginx's ETag differs even for the same length
            Files.setLastModifiedTime(site.resolve("release.json"),
                    java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));

            assertThatThrownBy(() -> fetch(nginx, key))
                    .hasMessage("Remote main is refused: the release is refused as a rollback attack: its counter 1 is lower"
                            + " than 2, the last one seen; nothing was changed.");
            assertThat(Files.readAllBytes(kept().resolve(RemoteFetch.RELEASE_FILE))).isEqualTo(second);
        }
    }

    @Test
    void anExpiredReleaseIsRefused() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(1), Instant.now().minus(Duration.ofDays(3)));

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            assertThatThrownBy(() -> fetch(nginx, key))
                    .hasMessageStartingWith("Remote main is refused: the release 1 is refused: it expired at ")
                    .hasMessageEndingWith("; nothing was changed.");
        }
        assertThat(kept()).doesNotExist();
    }

    @Test
    void anIndexWhoseHashDiffersFromTheSignedOneIsRefused() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        Path index = site.resolve("index-1.xml.gz");
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 1;
        Files.write(index, bytes);

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            assertThatThrownBy(() -> fetch(nginx, key))
                    .hasMessageStartingWith("Remote main is refused: the index index-1.xml.gz is refused: its SHA-256 ")
                    .hasMessageEndingWith("; nothing was changed.");
        }
        assertThat(kept()).doesNotExist();
    }

    @Test
    void aJarWhoseHashDiffersFromTheSignedIndexIsRefusedAndNotWritten() throws Exception {
        publish("tach", "1.0.0", Duration.ofDays(7), Instant.now());
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            RemoteIndexEntry entry = fetch(nginx, key).entries().get(0);
            Path served = site.resolve(entry.url());
            byte[] bytes = Files.readAllBytes(served);
            bytes[bytes.length / 2] ^= 1;
            Files.write(served, bytes);
            Path target = temp.resolve("download.jar");

            assertThatThrownBy(() -> RemoteFetch.download("main", URI.create(nginx.url("/")), entry, target, TIMEOUT))
                    .hasMessageStartingWith("The JAR tach 1.0.0 of remote main is refused: its SHA-256 ")
                    .hasMessageEndingWith("is not in the signed index; nothing was changed.");
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void aDownloadCutByTheTimeoutIsResumedByTheNextOneWithTheRestOnly() throws Exception {
        // Given: a published 1.5 MiB JAR, served at full speed for its first 64 KiB and then stalling, unless a range is asked for
        Path jar = Files.copy(TestBundle.real("jackson-databind-2.17.2.jar"), Files.createDirectories(temp.resolve("in"))
                .resolve("jackson-databind-2.17.2.jar"));
        Publisher.publish(List.of(jar), site, key, Duration.ofDays(7), Instant.now());
        Path target = Files.createDirectories(temp.resolve("incoming")).resolve("jackson-databind.jar");
        try (NginxServer nginx = NginxServer.serving(site).stallingUntilResumed("/", "64k").start()) {
            RemoteIndexEntry entry = fetch(nginx, key).entries().get(0);
            URI base = URI.create(nginx.url("/"));
            Path partial = target.getParent().resolve(HttpFetcher.partialName(base.resolve(entry.url())));
            RemoteFetch.retries = DownloadRetries.NONE;
            assertThatThrownBy(() -> RemoteFetch.download("main", base, entry, target, Duration.ofSeconds(1)))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageStartingWith("Cannot download com.fasterxml.jackson.core.jackson-databind 2.17.2 of remote main:"
                            + " no data arrived for 1 s (the download idle timeout)");
            long kept = Files.size(partial);
            assertThat(kept).isPositive().isLessThan(entry.size());
            assertThat(target).doesNotExist();

            // When
            RemoteFetch.download("main", base, entry, target, TIMEOUT);

            // Then nginx sent the rest only, and the JAR is the published one
            assertThat(nginx.accessLog().lines().filter(line -> line.contains("\"GET /" + entry.url() + " ")))
                    .anySatisfy(line -> assertThat(line).contains("\" 206 " + (entry.size() - kept) + " "))
                    .noneSatisfy(line -> assertThat(line).contains("\" 200 " + entry.size() + " "));
            assertThat(target).hasSameBinaryContentAs(jar);
            assertThat(partial).doesNotExist();
        }
    }

    @Test
    void aJarOutsideTheRemotesBaseUrlIsNotDownloaded() {
        Path target = temp.resolve("download.jar");
        for (String url : List.of("https://elsewhere.example/tach.jar", "../other/tach.jar", "//elsewhere.example/tach.jar")) {
            RemoteIndexEntry entry = new RemoteIndexEntry("tach", new org.osgi.framework.Version("1.0.0"), "osgi.bundle",
                    "0".repeat(64), 10, url, List.of(), List.of());
            assertThatThrownBy(() -> RemoteFetch.download("main", URI.create("http://127.0.0.1:9/site/"), entry, target, TIMEOUT))
                    .hasMessageContaining("from remote main: it lies outside the remote's base URL http://127.0.0.1:9/site/;"
                            + " nothing was changed.");
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void plainHttpIsAcceptedOnlyOnLoopbackUnlessInsecure() {
        assertThat(RemoteFetch.locationProblem(URI.create("https://example.org/repo"), false)).isEmpty();
        assertThat(RemoteFetch.locationProblem(URI.create("http://127.0.0.1:8080/"), false)).isEmpty();
        assertThat(RemoteFetch.locationProblem(URI.create("http://[::1]:8080/"), false)).isEmpty();
        assertThat(RemoteFetch.locationProblem(URI.create("http://localhost/"), false)).isEmpty();
        assertThat(RemoteFetch.locationProblem(URI.create("http://example.org/"), false)).isPresent();
        assertThat(RemoteFetch.locationProblem(URI.create("http://example.org/"), true)).isEmpty();
        assertThat(RemoteFetch.locationProblem(URI.create("ftp://example.org/"), true)).isPresent();
        assertThatThrownBy(() -> RemoteFetch.fetch("main", URI.create("http://example.org/"), key.publicOnly(), false,
                repository, Instant.now(), TIMEOUT))
                .hasMessage("Cannot fetch remote main: plain http is accepted only on loopback (127.0.0.1, ::1, localhost)"
                        + " unless --insecure is given; nothing was changed.");
    }
}
