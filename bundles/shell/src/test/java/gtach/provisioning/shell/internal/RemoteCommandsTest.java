package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.repository.remote.Credentials;
import gtach.provisioning.repository.remote.FetchResult;
import gtach.provisioning.repository.remote.ReleaseMetadata;
import gtach.provisioning.repository.remote.Remote;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final ReleaseMetadata RELEASE = new ReleaseMetadata(3, Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-31T00:00:00Z"), "index-3.xml.gz", "0".repeat(64), 100, "0123456789abcdef");

    /** Remotes in memory; "broken" refuses to fetch. */
    static final class FakeRemotes implements RemoteRepositories {
        final Map<String, Remote> remotes = new TreeMap<>();
        final List<String> added = new ArrayList<>();
        final Map<String, Credentials> credentials = new TreeMap<>();

        @Override
        public Remote add(String name, String url, Path keyFile, boolean insecure, Credentials given) throws RepositoryException {
            Remote remote = add(name, url, keyFile, insecure);
            if (given != null) {
                credentials.put(name, given);
            }
            return remote;
        }

        @Override
        public Remote addMaven(String name, String url, boolean insecure, Credentials given) throws RepositoryException {
            Remote remote = addMaven(name, url, insecure);
            if (given != null) {
                credentials.put(name, given);
            }
            return remote;
        }

        @Override
        public Optional<String> credentials(String name) {
            Credentials given = credentials.get(name);
            return given == null ? Optional.empty() : Optional.of(given.kind() == Credentials.Kind.BASIC
                    ? "basic (user " + given.user() + ")" : "bearer token");
        }

        @Override
        public Remote add(String name, String url, Path keyFile, boolean insecure) throws RepositoryException {
            if (remotes.containsKey(name)) {
                throw new RepositoryException("Cannot add remote " + name + ": a remote of that name exists already; nothing was changed.");
            }
            Remote remote = new Remote(name, URI.create(url), "0123456789abcdef", insecure);
            remotes.put(name, remote);
            return remote;
        }

        @Override
        public Remote addMaven(String name, String url, boolean insecure) throws RepositoryException {
            if (remotes.containsKey(name)) {
                throw new RepositoryException("Cannot add remote " + name + ": a remote of that name exists already; nothing was changed.");
            }
            Remote remote = new Remote(name, URI.create(url), null, insecure, Remote.Kind.MAVEN);
            remotes.put(name, remote);
            return remote;
        }

        @Override
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (remotes.containsKey("fleet")) {
                problems.add("remote fleet: release 7 expired at 2026-12-01T00:00:00Z; nothing new is taken from it,"
                        + " the running application is unchanged; fetch again.");
            }
            remotes.values().stream().filter(Remote::insecure).forEach(r -> problems.add("remote " + r.name()
                    + ": added with --insecure, so it is read over plain http that anyone on the way can read and change."));
            return problems;
        }

        @Override
        public List<Remote> list() {
            return List.copyOf(remotes.values());
        }

        @Override
        public Remote remove(String name) throws RepositoryException {
            Remote removed = remotes.remove(name);
            if (removed == null) {
                throw new RepositoryException("Cannot remove remote " + name + ": no remote of that name is configured; nothing was changed.");
            }
            return removed;
        }

        @Override
        public FetchResult fetch(String name) throws RepositoryException {
            if (name.equals("broken")) {
                throw new RepositoryException("Remote broken is refused: the release is refused as a rollback attack; nothing was changed.");
            }
            return new FetchResult(name, RELEASE, 2);
        }

        @Override
        public org.osgi.service.repository.Repository candidates() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RemotePackage> packages(String name) {
            return List.of(new RemotePackage(name, "gtach.example.tach", "1.1.0", 2048));
        }

        @Override
        public Optional<ReleaseMetadata> release(String name) {
            return remotes.containsKey(name) ? Optional.of(RELEASE) : Optional.empty();
        }

        @Override
        public List<AddOutcome> add(String remote, String symbolicName, String version) {
            added.add(remote + "/" + symbolicName + "/" + version);
            return List.of();
        }
    }

    private final FakeRemotes remotes = new FakeRemotes();
    private final RemoteCommands commands = new RemoteCommands(remotes);

    @Test
    void remotesAreAddedListedWithInsecureOnesMarkedAndRemoved() throws Exception {
        assertThat(commands.remote(null, "/keys/release.pub", false, "", "", "", "add", "main", "https://example.org/gtach"))
                .isEqualTo("Added remote main at https://example.org/gtach with key 0123456789abcdef; gtach:fetch main reads its packages." + NL);
        commands.remote(null, "/keys/release.pub", true, "", "", "", "add", "lab", "http://example.net/");

        assertThat(commands.remote(null, "", false, "", "", "", "list")).isEqualTo(
                "lab  published  http://example.net/  key 0123456789abcdef  insecure" + NL
                + "main  published  https://example.org/gtach  key 0123456789abcdef" + NL);
        assertThat(commands.remote(null, "", false, "", "", "", "remove", "lab")).isEqualTo("Removed remote lab and what was fetched from it." + NL);
        assertThat(remotes.remotes).containsOnlyKeys("main");
    }

    @Test
    void aMavenRemoteIsAddedWithoutKeyListedWithItsKindSkippedByFetchAndRemoved() throws Exception {
        assertThat(commands.remote(null, "", false, "", "", "", "add", "central", "maven", "https://example.org/maven2/")).isEqualTo(
                "Added Maven remote central at https://example.org/maven2/; gtach:add mvn:<group>/<artifact>/<version or range>"
                        + " looks there when ~/.m2 lacks it." + NL);
        commands.remote(null, "", true, "", "", "", "add", "lab", "maven", "http://example.net/m2/");
        commands.remote(null, "/keys/release.pub", false, "", "", "", "add", "main", "https://example.org/gtach");

        assertThat(commands.remote(null, "", false, "", "", "", "list")).isEqualTo(
                "central  maven  https://example.org/maven2/" + NL
                + "lab  maven  http://example.net/m2/  insecure" + NL
                + "main  published  https://example.org/gtach  key 0123456789abcdef" + NL);
        assertThat(commands.fetch()).isEqualTo("main: release 3, 2 packages, valid until 2026-12-31T00:00:00Z" + NL
                + "central: a Maven repository, read when an mvn: coordinate is added; nothing to fetch" + NL
                + "lab: a Maven repository, read when an mvn: coordinate is added; nothing to fetch" + NL);
        assertThat(commands.fetch("central")).isEqualTo(
                "central: a Maven repository, read when an mvn: coordinate is added; nothing to fetch" + NL);
        assertThat(commands.remote(null, "", false, "", "", "", "remove", "central")).isEqualTo("Removed remote central and what was fetched from it." + NL);
        assertThat(remotes.remotes).containsOnlyKeys("lab", "main");
    }

    @Test
    void credentialsOptionsReachTheRemotesAsFilesAndAreListedWithoutSecret() throws Exception {
        assertThat(commands.remote(null, "/keys/release.pub", false, "alice", "/secrets/password", "", "add", "main",
                "https://example.org/gtach")).isEqualTo("Added remote main at https://example.org/gtach with key 0123456789abcdef,"
                        + " basic (user alice); gtach:fetch main reads its packages." + NL);
        commands.remote(null, "", false, "", "", "/secrets/token", "add", "central", "maven", "https://example.org/maven2/");

        assertThat(remotes.credentials.get("main")).isEqualTo(Credentials.basic("alice", Path.of("/secrets/password")));
        assertThat(remotes.credentials.get("central")).isEqualTo(Credentials.bearer(Path.of("/secrets/token")));
        assertThat(commands.remote(null, "", false, "", "", "", "list")).isEqualTo(
                "central  maven  https://example.org/maven2/  bearer token" + NL
                + "main  published  https://example.org/gtach  key 0123456789abcdef  basic (user alice)" + NL);
    }

    @Test
    void credentialsOptionsThatDoNotGoTogetherAreRefused() {
        assertThatThrownBy(() -> commands.remote(null, "/k.pub", false, "alice", "", "", "add", "main", "https://example.org/"))
                .hasMessage("Cannot add remote main: --user and --password-file go together; nothing was changed.");
        assertThatThrownBy(() -> commands.remote(null, "/k.pub", false, "", "/p", "", "add", "main", "https://example.org/"))
                .hasMessage("Cannot add remote main: --user and --password-file go together; nothing was changed.");
        assertThatThrownBy(() -> commands.remote(null, "/k.pub", false, "alice", "/p", "/t", "add", "main", "https://example.org/"))
                .hasMessage("Cannot add remote main: --token-file cannot be given with --user or --password-file; nothing was changed.");
        assertThat(remotes.remotes).isEmpty();
    }

    @Test
    void aRemoteWithoutKeyOrWithUnknownActionIsRefused() {
        assertThatThrownBy(() -> commands.remote(null, "", false, "", "", "", "add", "main", "https://example.org/"))
                .hasMessage("Cannot add remote main: --key <public key file> is required; nothing was changed.");
        assertThatThrownBy(() -> commands.remote(null, "", false, "", "", "", "rename", "main"))
                .hasMessage("Unknown action rename: gtach:remote takes add, list, remove or packages; nothing was changed.");
        assertThat(remotes.remotes).isEmpty();
    }

    @Test
    void fetchPrintsOneLinePerRemoteAndFailsWhenOneIsRefused() throws Exception {
        remotes.remotes.put("main", new Remote("main", URI.create("https://example.org/"), "k", false));
        assertThat(commands.fetch()).isEqualTo("main: release 3, 2 packages, valid until 2026-12-31T00:00:00Z" + NL);
        remotes.remotes.put("broken", new Remote("broken", URI.create("https://example.net/"), "k", false));

        assertThatThrownBy(() -> commands.fetch())
                .hasMessage("broken: Remote broken is refused: the release is refused as a rollback attack; nothing was changed." + NL
                        + "main: release 3, 2 packages, valid until 2026-12-31T00:00:00Z");
    }

    @Test
    void searchShowsRemotePackagesMarkedAsRemoteAndAddTakesThemByRemoteName() throws Exception {
        remotes.remotes.put("main", new Remote("main", URI.create("https://example.org/"), "k", false));
        RepositoryCommands repository = new RepositoryCommands(FakeRepository.holding(List.of()));
        repository.remotes = remotes;

        assertThat(repository.search(FakeSession.with(), false, "", "tach")).isEqualTo(
                "gtach.example.tach 1.1.0  [remote main]  not downloaded: gtach:add remote:main/gtach.example.tach/1.1.0" + NL);
        assertThat(repository.info(FakeSession.with(), false, "gtach.example.tach")).isEqualTo(
                "gtach.example.tach 1.1.0  [remote main]" + NL + "Not downloaded (2.0 KiB); gtach:add"
                        + " remote:main/gtach.example.tach/1.1.0 stores it after checking it against the signed index." + NL);
        assertThatThrownBy(() -> repository.info(FakeSession.with(), false, "gtach.example.tach", "1.0.0"))
                .hasMessage("No package gtach.example.tach 1.0.0 in the repository.");
        repository.add(FakeSession.with(), false, "remote:main/gtach.example.tach/1.1.0");
        assertThat(remotes.added).containsExactly("main/gtach.example.tach/1.1.0");
        assertThatThrownBy(() -> repository.add(FakeSession.with(), false, "remote:main/gtach.example.tach"))
                .hasMessage("Cannot add remote:main/gtach.example.tach: a remote package is named"
                        + " remote:<remote>/<symbolic name>/<version>; nothing was changed.");
    }

    @Test
    void aRemotePackageStoredLocallyIsShownOnceAsStored() throws Exception {
        remotes.remotes.put("main", new Remote("main", URI.create("https://example.org/"), "k", false));
        gtach.provisioning.repository.PackageInfo stored = new gtach.provisioning.repository.PackageInfo(
                new gtach.provisioning.repository.PackageId("gtach.example.tach", org.osgi.framework.Version.parseVersion("1.1.0")),
                "a".repeat(64), 2048, "GTach example tachometer", "", List.of(), List.of(), "remote:main/gtach.example.tach/1.1.0",
                java.time.Instant.parse("2026-12-01T10:00:00Z"));
        RepositoryCommands repository = new RepositoryCommands(FakeRepository.holding(List.of(stored)));
        repository.remotes = remotes;

        assertThat(repository.search(FakeSession.with(), false, "", "tach")).contains("gtach.example.tach  1.1.0")
                .doesNotContain("[remote main]");
    }
}
