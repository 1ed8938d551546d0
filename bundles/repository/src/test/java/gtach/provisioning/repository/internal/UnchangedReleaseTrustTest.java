package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A release answered 304 is trusted only as a new one would be, even after earlier fetches of the
 * same remote verified and remembered it: the kept release must still verify with the pinned key,
 * not be expired, and sign the kept index.
 */
class UnchangedReleaseTrustTest {

    @TempDir
    Path temp;

    private final InMemoryConfigurationAdmin configurations = new InMemoryConfigurationAdmin();
    private final SettableClock clock = new SettableClock(Instant.now());
    private RepositoryStore store;
    private ConfiguredRemotes remotes;
    private SigningKey key;
    private Path site;

    @BeforeEach
    void prepare() throws Exception {
        NginxServer.requireInstalled();
        store = RepositoryStore.open(temp.resolve("repository"), temp.resolve("m2"),
                new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), SilentLogger.INSTANCE);
        remotes = new ConfiguredRemotes(configurations.service(), store, clock);
        key = SigningKey.generate();
        site = temp.resolve("site");
        Path tach = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach-1.0.0.jar"));
        Publisher.publish(List.of(tach), site, key, Duration.ofDays(7), clock.instant());
    }

    @Test
    void anUnchangedReleaseIsTrustedAgainWithItsPackagesCounted() throws Exception {
        try (NginxServer nginx = served()) {
            // Given a remote fetched once
            FetchResult first = remotes.fetch("main");

            // When it is fetched twice more, unchanged
            FetchResult second = remotes.fetch("main");
            FetchResult third = remotes.fetch("main");

            // Then both are answered 304 and report what the first fetch did
            assertThat(releaseRequests(nginx)).containsExactly("200", "304", "304");
            assertThat(List.of(second, third)).allSatisfy(result -> {
                assertThat(result.release()).isEqualTo(first.release());
                assertThat(result.packages()).isEqualTo(1);
            });
        }
    }

    @Test
    void aKeptReleaseTamperedWithAfterItWasTrustedIsRefused() throws Exception {
        try (NginxServer nginx = served()) {
            // Given a remote fetched and its unchanged release trusted again on a 304
            remotes.fetch("main");
            remotes.fetch("main");

            // When one character of the kept release's signature is changed in place, its size and time kept
            TamperedFiles.changeSignature(kept(RemoteFetch.RELEASE_FILE));

            // Then neither the next fetch nor a read of the release trusts it
            assertThatThrownBy(() -> remotes.fetch("main")).isInstanceOf(RepositoryException.class)
                    .hasMessage("Cannot fetch remote main: the release kept from an earlier fetch does not verify with the"
                            + " pinned key, so its counter cannot be checked; nothing was changed.");
            assertThatThrownBy(() -> remotes.release("main")).isInstanceOf(RepositoryException.class)
                    .hasMessage("The fetched state of remote main is not used: the release is refused: its signature does"
                            + " not verify with the pinned key " + key.keyId() + "; fetch it again.");
        }
    }

    @Test
    void aKeptReleaseThatExpiredAfterItWasTrustedIsRefusedOnA304() throws Exception {
        try (NginxServer nginx = served()) {
            // Given a remote fetched and its unchanged release trusted again on a 304
            FetchResult first = remotes.fetch("main");
            remotes.fetch("main");

            // When the release's expiry has passed and the server still answers 304
            clock.set(first.release().expires().plusSeconds(1));

            // Then the release is refused, though nothing on disk changed since it was trusted
            assertThatThrownBy(() -> remotes.fetch("main")).isInstanceOf(RepositoryException.class)
                    .hasMessage("Remote main is refused: the release 1 is refused: it expired at " + first.release().expires()
                            + ", so nothing new is installed from it until the remote publishes again; nothing was changed.");
            assertThat(releaseRequests(nginx)).containsExactly("200", "304", "304");
        }
    }

    @Test
    void aKeptIndexChangedAfterItWasCountedIsRefusedOnA304() throws Exception {
        try (NginxServer nginx = served()) {
            // Given a remote fetched and its unchanged release and index trusted again on a 304
            FetchResult first = remotes.fetch("main");
            remotes.fetch("main");

            // When one byte of the kept index is changed in place, its size and time kept
            TamperedFiles.changeOneByte(kept(RemoteFetch.INDEX_FILE));

            // Then the next fetch, answered 304, refuses it
            assertThatThrownBy(() -> remotes.fetch("main")).isInstanceOf(RepositoryException.class)
                    .hasMessageStartingWith("Remote main is refused: the index " + first.release().indexPath()
                            + " is refused: its SHA-256 ")
                    .hasMessageEndingWith(" signed in release 1; nothing was changed.");
            assertThat(releaseRequests(nginx)).containsExactly("200", "304", "304");
        }
    }

    @Test
    void aKeptReleaseTrustedWithOneKeyIsRefusedOnceAnotherKeyIsPinned() throws Exception {
        try (NginxServer nginx = served()) {
            // Given a remote fetched and its unchanged release trusted again on a 304
            remotes.fetch("main");
            remotes.fetch("main");

            // When its configuration pins another key
            SigningKey other = SigningKey.generate();
            configurations.stored.get(ConfiguredRemotes.FACTORY_PID + "~main")
                    .put("key", new String(other.publicOnly().publicFile(), StandardCharsets.UTF_8));

            // Then the kept release is not trusted any more
            assertThatThrownBy(() -> remotes.fetch("main")).isInstanceOf(RepositoryException.class)
                    .hasMessage("Cannot fetch remote main: the release kept from an earlier fetch does not verify with the"
                            + " pinned key, so its counter cannot be checked; nothing was changed.");
            assertThatThrownBy(() -> remotes.release("main")).isInstanceOf(RepositoryException.class)
                    .hasMessage("The fetched state of remote main is not used: the release is refused: it is signed with key "
                            + key.keyId() + ", which is not a pinned key of this remote; fetch it again.");
        }
    }

    private NginxServer served() throws Exception {
        NginxServer nginx = NginxServer.serving(site).start();
        remotes.add("main", nginx.url("/"), Files.write(temp.resolve("release.pub"), key.publicOnly().publicFile()), false);
        return nginx;
    }

    private Path kept(String file) {
        return RemoteFetch.directory(store.root(), "main").resolve(file);
    }

    /** The status of each request for release.json, in order. */
    private static List<String> releaseRequests(NginxServer nginx) {
        return nginx.accessLog().lines().filter(line -> line.contains("GET /release.json"))
                .map(line -> line.substring(line.indexOf("\" ") + 2, line.indexOf("\" ") + 5)).toList();
    }

    /** A clock a test moves on. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
