package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Channel;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.testing.NginxServer;
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

/** Remotes kept in Config Admin, fetched from a real nginx, and a package added from one. */
class ConfiguredRemotesTest {

    @TempDir
    Path temp;

    private final InMemoryConfigurationAdmin configurations = new InMemoryConfigurationAdmin();
    private RepositoryStore store;
    private ConfiguredRemotes remotes;
    private SigningKey key;
    private Path keyFile;
    private Path site;

    @BeforeEach
    void prepare() throws Exception {
        store = RepositoryStore.open(temp.resolve("repository"), temp.resolve("m2"),
                new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), SilentLogger.INSTANCE);
        remotes = new ConfiguredRemotes(configurations.service(), store);
        key = SigningKey.generate();
        keyFile = Files.write(temp.resolve("release.pub"), key.publicOnly().publicFile());
        site = temp.resolve("site");
    }

    @Test
    void aRemoteIsAddedListedAndRemoved() throws Exception {
        Remote added = remotes.add("main", "https://example.org/gtach", keyFile, false);
        remotes.add("lab", "http://example.net/", keyFile, true);

        assertThat(added).isEqualTo(new Remote("main", URI.create("https://example.org/gtach"), key.keyId(), false));
        assertThat(remotes.list()).extracting(Remote::name, Remote::insecure)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lab", true), org.assertj.core.groups.Tuple.tuple("main", false));
        var properties = configurations.stored.get(ConfiguredRemotes.FACTORY_PID + "~main");
        assertThat(properties.get("keyId")).isEqualTo(key.keyId());
        assertThat(SigningKey.parse(((String) properties.get("key")).getBytes(), false, "stored").keyId()).isEqualTo(key.keyId());

        assertThat(remotes.remove("main").name()).isEqualTo("main");
        assertThat(remotes.list()).extracting(Remote::name).containsExactly("lab");
    }

    @Test
    void aMavenRemoteIsKeptWithItsKindAndNoKeyAndHasNothingToFetch() throws Exception {
        remotes.add("main", "https://example.org/gtach", keyFile, false);
        Remote maven = remotes.addMaven("central", "https://repo.example.org/maven2", false);

        assertThat(maven).isEqualTo(new Remote("central", URI.create("https://repo.example.org/maven2/"), null, false,
                Remote.Kind.MAVEN));
        assertThat(remotes.list()).extracting(Remote::name, Remote::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("central", Remote.Kind.MAVEN),
                org.assertj.core.groups.Tuple.tuple("main", Remote.Kind.PUBLISHED));
        var properties = configurations.stored.get(ConfiguredRemotes.FACTORY_PID + "~central");
        assertThat(properties.get("kind")).isEqualTo("maven");
        assertThat(properties.get("key")).isNull();
        assertThat(remotes.packages("central")).isEmpty();
        assertThatThrownBy(() -> remotes.fetch("central")).hasMessage("Remote central is a Maven repository, which has"
                + " nothing to fetch: it is read when an mvn: coordinate is added.");
        assertThatThrownBy(() -> remotes.addMaven("central", "https://repo.example.org/other", false))
                .hasMessage("Cannot add remote central: a remote of that name exists already; nothing was changed.");
        assertThatThrownBy(() -> remotes.addMaven("plain", "http://repo.example.org/", false))
                .hasMessage("Cannot add remote plain: its URL http://repo.example.org/ is refused: plain http is accepted only on"
                        + " loopback (127.0.0.1, ::1, localhost) unless --insecure is given; nothing was changed.");
        assertThat(remotes.addMaven("lab", "http://repo.example.org/", true).insecure()).isTrue();
        assertThat(ConfiguredRemotes.mavenBases(configurations.service())).containsExactly(
                URI.create("https://repo.example.org/maven2/"), URI.create("http://repo.example.org/"));

        assertThat(remotes.remove("central").kind()).isEqualTo(Remote.Kind.MAVEN);
        assertThat(remotes.list()).extracting(Remote::name).containsExactly("lab", "main");
    }

    @Test
    void anExpiredKeptReleaseAndAnInsecureRemoteAreNamedAsProblems() throws Exception {
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach.jar"));
        Instant published = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Publisher.publish(List.of(jar), site, key, Duration.ofDays(7), published);
        Publisher.publish(List.of(jar), site, key, Duration.ofDays(7), published);
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            remotes.add("fleet", nginx.url("/"), keyFile, false);
            remotes.fetch("fleet");
        }
        remotes.addMaven("lab", "http://example.net/m2/", true);
        assertThat(remotes.problems()).containsExactly("remote lab: added with --insecure, so it is read over plain http"
                + " that anyone on the way can read and change.");

        ConfiguredRemotes later = new ConfiguredRemotes(configurations.service(), store,
                java.time.Clock.fixed(published.plus(Duration.ofDays(8)), java.time.ZoneOffset.UTC));
        Instant expires = published.plus(Duration.ofDays(7));

        assertThat(later.problems()).containsExactly(
                "remote fleet: release 2 expired at " + expires + "; nothing new is taken from it, the running application"
                        + " is unchanged; fetch again.",
                "remote lab: added with --insecure, so it is read over plain http that anyone on the way can read and change.");
    }

    @Test
    void badInputIsRefusedInOneSentenceAndNothingChanged() throws Exception {
        remotes.add("main", "https://example.org/", keyFile, false);
        Path notAKey = Files.writeString(temp.resolve("nonsense.pub"), "{}");

        assertThatThrownBy(() -> remotes.add("main", "https://example.org/", keyFile, false))
                .hasMessage("Cannot add remote main: a remote of that name exists already; nothing was changed.");
        assertThatThrownBy(() -> remotes.add("Bad Name", "https://example.org/", keyFile, false))
                .hasMessageStartingWith("Cannot add remote Bad Name: a remote name is").hasMessageEndingWith("; nothing was changed.");
        assertThatThrownBy(() -> remotes.add("plain", "http://example.org/", keyFile, false))
                .hasMessage("Cannot add remote plain: its URL http://example.org/ is refused: plain http is accepted only on loopback"
                        + " (127.0.0.1, ::1, localhost) unless --insecure is given; nothing was changed.");
        assertThatThrownBy(() -> remotes.add("nokey", "https://example.org/", temp.resolve("missing.pub"), false))
                .hasMessageStartingWith("Cannot add remote nokey: the key file").hasMessageEndingWith("; nothing was changed.");
        assertThatThrownBy(() -> remotes.add("badkey", "https://example.org/", notAKey, false))
                .hasMessageStartingWith("Cannot add remote badkey: the key file").hasMessageEndingWith("; nothing was changed.");
        assertThatThrownBy(() -> remotes.remove("other"))
                .hasMessage("Cannot remove remote other: no remote of that name is configured (gtach:remote list shows them);"
                        + " nothing was changed.");
        assertThat(remotes.list()).extracting(Remote::name).containsExactly("main");
    }

    @Test
    void aFetchedPackageIsListedOfflineAndAddedAfterItsHashAndManifestAreChecked() throws Exception {
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach.jar"));
        Publisher.publish(List.of(jar), site, key, Duration.ofDays(7), Instant.now());
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            remotes.add("main", nginx.url("/"), keyFile, false);
            FetchResult fetched = remotes.fetch("main");
            assertThat(fetched.release().counter()).isEqualTo(1);
            assertThat(fetched.packages()).isEqualTo(1);
        }
        // the server is gone: what was fetched is read offline
        assertThat(remotes.packages("main")).extracting(p -> p.symbolicName() + " " + p.version()).containsExactly("tach 1.0.0");

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            configurations.stored.get(ConfiguredRemotes.FACTORY_PID + "~main").put("url", nginx.url("/"));
            List<AddOutcome> outcomes = remotes.add("main", "tach", "1.0.0");
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(AddOutcome.Status.ADDED);
        }
        assertThat(store.get("tach", "1.0.0")).isPresent();
        assertThat(RemoteFetch.directory(store.root(), "main").resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void theFetchedPackagesAreResolverCandidatesNamingTheirRemoteUntilTheReleaseExpiresOrTheRemoteGoes() throws Exception {
        Path tach = TestBundle.named("tach", "1.0.0").exports("gtach.tach;version=1.0.0").writeTo(temp.resolve("in/tach.jar"));
        Path display = TestBundle.named("display", "1.0.0").imports("gtach.tach;version=\"[1.0,2)\"")
                .writeTo(temp.resolve("in/display.jar"));
        Instant issued = Instant.now();
        Publisher.publish(List.of(tach, display), site, key, Duration.ofDays(1), issued);
        assertThat(candidates(remotes, "osgi.wiring.package", "(osgi.wiring.package=gtach.tach)")).isEmpty();
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            remotes.add("fleet", nginx.url("/"), keyFile, false);
            remotes.fetch("fleet");

            // a package requirement finds the exporter the index lists, read offline, with its remote and absolute URL
            List<org.osgi.resource.Capability> found = candidates(remotes, "osgi.wiring.package",
                    "(&(osgi.wiring.package=gtach.tach)(version>=1.0.0))");
            assertThat(found).hasSize(1);
            org.osgi.resource.Resource resource = found.get(0).getResource();
            assertThat(resource.getCapabilities("osgi.identity").get(0).getAttributes())
                    .containsEntry("osgi.identity", "tach").containsEntry("gtach.remote", "fleet");
            assertThat((String) resource.getCapabilities("osgi.content").get(0).getAttributes().get("url"))
                    .startsWith(nginx.url("/"));
            assertThat(candidates(remotes, "osgi.wiring.package", "(&(osgi.wiring.package=gtach.tach)(version>=2.0.0))")).isEmpty();
            assertThat(candidates(remotes, "osgi.identity", "(osgi.identity=display)")).singleElement()
                    .satisfies(c -> assertThat(c.getResource().getRequirements("osgi.wiring.package")).hasSize(1));
            assertThat(nginx.accessLog()).doesNotContain(".jar");
        }
        ConfiguredRemotes afterExpiry = new ConfiguredRemotes(configurations.service(), store,
                java.time.Clock.fixed(issued.plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC));
        assertThat(candidates(afterExpiry, "osgi.identity", "(osgi.identity=tach)")).isEmpty();

        remotes.remove("fleet");
        assertThat(candidates(remotes, "osgi.identity", "(osgi.identity=tach)")).isEmpty();
    }

    private static List<org.osgi.resource.Capability> candidates(ConfiguredRemotes remotes, String namespace, String filter)
            throws RepositoryException {
        org.osgi.resource.Requirement requirement = TestRequirement.of(namespace, filter);
        return List.copyOf(remotes.candidates().findProviders(List.of(requirement)).get(requirement));
    }

    @Test
    void nothingIsAddedOnTheWordOfAnExpiredRelease() throws Exception {
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach.jar"));
        Instant issued = Instant.now();
        Publisher.publish(List.of(jar), site, key, Duration.ofDays(1), issued);
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            remotes.add("main", nginx.url("/"), keyFile, false);
            remotes.fetch("main");
            Instant later = issued.plus(Duration.ofDays(2));
            ConfiguredRemotes afterExpiry = new ConfiguredRemotes(configurations.service(), store,
                    java.time.Clock.fixed(later, java.time.ZoneOffset.UTC));
            Instant expires = RemoteFetch.stored(store.root(), "main", key.publicOnly()).orElseThrow().release().expires();

            assertThatThrownBy(() -> afterExpiry.add("main", "tach", "1.0.0"))
                    .hasMessage("Cannot add tach 1.0.0 from remote main: the release fetched from it expired at " + expires
                            + "; fetch it again (gtach:fetch main); nothing was changed.");
            assertThat(nginx.accessLog()).doesNotContain(".jar");
        }
        AddTest.assertNothingStored(store);
    }

    @Test
    void aJarWhoseHashDiffersFromTheSignedIndexIsRefusedAndNothingStored() throws Exception {
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach.jar"));
        Publisher.publish(List.of(jar), site, key, Duration.ofDays(7), Instant.now());
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            remotes.add("main", nginx.url("/"), keyFile, false);
            remotes.fetch("main");
            Path served;
            try (var files = Files.list(site.resolve("jars"))) {
                served = files.findFirst().orElseThrow();
            }
            Path other = TestBundle.named("tach", "1.0.0").exports("evil;version=1").writeTo(temp.resolve("other/tach.jar"));
            Files.copy(other, served, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            assertThatThrownBy(() -> remotes.add("main", "tach", "1.0.0"))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageEndingWith("; nothing was changed.");
        }
        AddTest.assertNothingStored(store);
    }

    @Test
    void aJarWhoseManifestIsNotTheSignedEntrysIsRefused() throws Exception {
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("in/tach.jar"));
        DurableFiles.Content content = DurableFiles.hash(jar);
        RemoteIndexEntry entry = new RemoteIndexEntry("display", new org.osgi.framework.Version("1.0.0"), "osgi.bundle",
                content.sha256(), content.size(), "jars/tach.jar", List.of(), List.of());

        assertThatThrownBy(() -> ConfiguredRemotes.checkManifest(jar, entry, "display 1.0.0 from remote main"))
                .hasMessage("The JAR of display 1.0.0 from remote main is refused: its manifest names tach 1.0.0,"
                        + " not the display 1.0.0 of the signed index; nothing was changed.");
    }

    @Test
    void theFetchedReleaseShowsItsChannelsOfflineAndNothingBeforeAFetch() throws Exception {
        // Given a published release with two channels and a report URL, and the remote added but not fetched
        Path app10 = TestBundle.named("gtach.example.app", "1.0.0").writeTo(temp.resolve("in/app-1.0.0.jar"));
        Path app11 = TestBundle.named("gtach.example.app", "1.1.0").writeTo(temp.resolve("in/app-1.1.0.jar"));
        Instant issued = Instant.now().minus(Duration.ofDays(1));
        Publisher.publish(List.of(app10, app11), site, key, Duration.ofDays(7), issued, new Publisher.Changes(
                List.of(new Channel("stable", "gtach.example.app", "1.0.0", 100),
                        new Channel("beta", "gtach.example.app", "1.1.0", 25)), "https://fleet.example.org/status"));
        try (NginxServer nginx = NginxServer.serving(site).start()) {
            remotes.add("fleet", nginx.url("/"), keyFile, false);
            assertThat(remotes.release("fleet")).isEmpty();

            // When it is fetched
            remotes.fetch("fleet");
        }

        // Then, the server gone, the kept release names the channels and the report URL
        ReleaseMetadata release = remotes.release("fleet").orElseThrow();
        assertThat(release.counter()).isEqualTo(1);
        assertThat(release.channels()).containsExactly(new Channel("beta", "gtach.example.app", "1.1.0", 25),
                new Channel("stable", "gtach.example.app", "1.0.0", 100));
        assertThat(release.reportUrl()).isEqualTo("https://fleet.example.org/status");

        // and once expired it is still the release kept, its expiry saying so
        ConfiguredRemotes afterExpiry = new ConfiguredRemotes(configurations.service(), store,
                java.time.Clock.fixed(issued.plus(Duration.ofDays(30)), java.time.ZoneOffset.UTC));
        assertThat(afterExpiry.release("fleet")).contains(release);

        // and a kept release that no longer verifies with the pinned key is refused in one sentence
        Path kept = RemoteFetch.directory(store.root(), "fleet").resolve(RemoteFetch.RELEASE_FILE);
        SigningKey other = SigningKey.generate();
        Files.write(kept, ReleaseTrust.write(new ReleaseMetadata(9, issued, issued.plus(Duration.ofDays(7)), "index-9.xml.gz",
                "ab".repeat(32), 1, other.keyId()), other));
        assertThatThrownBy(() -> remotes.release("fleet")).isInstanceOf(RepositoryException.class)
                .hasMessageStartingWith("The fetched state of remote fleet is not used: the release is refused: it is signed with key ")
                .hasMessageEndingWith("; fetch it again.");
    }

    @Test
    void aMavenRemoteOrAnUnknownNameHasNoRelease() throws Exception {
        remotes.addMaven("central", "https://repo.example.org/maven2", false);

        assertThatThrownBy(() -> remotes.release("central"))
                .hasMessage("Remote central is a Maven repository, which has no signed release: it is read when an mvn:"
                        + " coordinate is added.");
        assertThatThrownBy(() -> remotes.release("nowhere"))
                .hasMessage("Cannot read the release of remote nowhere: no remote of that name is configured"
                        + " (gtach:remote list shows them); nothing was changed.");
    }

    @Test
    void fetchingAnUnknownRemoteIsRefused() {
        assertThatThrownBy(() -> remotes.fetch("nowhere"))
                .hasMessage("Cannot fetch remote nowhere: no remote of that name is configured (gtach:remote list shows them);"
                        + " nothing was changed.");
    }
}
