package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Adding {@code mvn:} sources from a Maven repository served by a real nginx, laid out by Maven's
 * own {@code deploy:deploy-file}: exact versions, ranges and {@code LATEST} are added; a missing
 * artifact, a wrong or missing checksum and a metadata file with a DOCTYPE are refused with nothing stored.
 */
class MavenRemoteTest {

    private static final String DEPLOY_PLUGIN = "org.apache.maven.plugins:maven-deploy-plugin:3.1.2:deploy-file";
    private static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "2.0.0");

    @TempDir
    static Path deployed;

    @TempDir
    Path temp;

    private Path maven;
    private RepositoryStore store;
    private NginxServer nginx;

    /**
     * Deploys org.example:display in three versions, once for all tests: Maven takes seconds to start.
     * Not with {@code -o}: the deploy plugin refuses to deploy offline, even to a {@code file:} URL; the
     * plugin itself (the version the parent pom pins) must already be in the local repository.
     */
    @BeforeAll
    static void deploy() throws Exception {
        NginxServer.requireInstalled();
        Path work = Files.createDirectories(deployed.resolve("work"));
        for (String version : VERSIONS) {
            Path jar = TestBundle.named("org.example.display", version).content("display " + version)
                    .writeTo(work.resolve("display-" + version + ".jar"));
            run(work, "mvn", "-B", "-ntp", "-q", DEPLOY_PLUGIN, "-Dfile=" + jar, "-DgroupId=org.example",
                    "-DartifactId=display", "-Dversion=" + version, "-Dpackaging=jar",
                    "-Durl=" + deployed.resolve("layout").toUri());
        }
        deploySnapshots(work);
    }

    /** Deploys 2.1.0-SNAPSHOT twice, as two builds do: two timestamped files, the second the newest. */
    private static void deploySnapshots(Path work) throws IOException, InterruptedException {
        for (String build : List.of("first", "second")) {
            Path jar = TestBundle.named("org.example.display", "2.1.0.SNAPSHOT").content("snapshot " + build)
                    .writeTo(work.resolve("display-snapshot-" + build + ".jar"));
            run(work, "mvn", "-B", "-ntp", "-q", DEPLOY_PLUGIN, "-Dfile=" + jar, "-DgroupId=org.example",
                    "-DartifactId=display", "-Dversion=2.1.0-SNAPSHOT", "-Dpackaging=jar",
                    "-Durl=" + deployed.resolve("layout").toUri());
        }
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Path output = directory.resolve("mvn.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("mvn deploy:deploy-file did not finish: " + Files.readString(output));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("mvn deploy:deploy-file failed: " + Files.readString(output));
        }
    }

    @BeforeEach
    void serve() throws Exception {
        maven = temp.resolve("maven");
        copyTree(deployed.resolve("layout"), maven);
        nginx = NginxServer.serving(maven).start();
        store = RepositoryStore.open(temp.resolve("repository"), temp.resolve("m2"),
                new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), SilentLogger.INSTANCE,
                () -> List.of(URI.create(nginx.url("/"))));
    }

    @AfterEach
    void stop() {
        nginx.close();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private Path served(String version, String suffix) {
        return maven.resolve("org/example/display/" + version + "/display-" + version + ".jar" + suffix);
    }

    private void assertNothingLeft() throws IOException {
        AddTest.assertNothingStored(store);
        try (var entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).isEmpty();
        }
    }

    private void assertAdded(List<AddOutcome> outcomes, String version) throws IOException {
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
        PackageInfo info = store.get("org.example.display", version).orElseThrow();
        assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(served(version, ""));
        assertThat(store.list("*")).hasSize(1);
    }

    @Test
    void theLayoutIsMavensOwn() {
        // Given / When: deploy:deploy-file wrote it
        // Then
        assertThat(maven.resolve("org/example/display/maven-metadata.xml")).content()
                .contains("<version>1.0.0</version>", "<version>2.0.0</version>", "<release>2.0.0</release>");
        assertThat(served("1.1.0", ".sha1")).exists();
    }

    @Test
    void anExactVersionIsAdded() throws Exception {
        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/1.1.0");

        // Then
        assertAdded(outcomes, "1.1.0");
        assertThat(store.get("org.example.display", "1.1.0").orElseThrow().source()).isEqualTo("mvn:org.example/display/1.1.0");
    }

    @Test
    void aRangePicksTheHighestVersionItAdmits() throws Exception {
        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/[1.0,2.0)");

        // Then
        assertAdded(outcomes, "1.1.0");
    }

    @Test
    void anOpenRangePicksTheNewest() throws Exception {
        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/[1.0,)");

        // Then
        assertAdded(outcomes, "2.0.0");
    }

    @Test
    void latestPicksTheNewest() throws Exception {
        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/LATEST");

        // Then
        assertAdded(outcomes, "2.0.0");
    }

    @Test
    void releasePicksWhatTheMetadataCallsTheRelease() throws Exception {
        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/RELEASE");

        // Then
        assertAdded(outcomes, "2.0.0");
    }

    @Test
    void aMavenRemoteKeptInConfigAdminIsAskedForARangeAfterAnEmptyOneAddedBefore() throws Exception {
        // Given: two Maven remotes configured as gtach:remote add <name> maven <url> keeps them, the first empty
        InMemoryConfigurationAdmin admin = new InMemoryConfigurationAdmin();
        Path empty = Files.createDirectories(temp.resolve("empty"));
        try (NginxServer first = NginxServer.serving(empty).start()) {
            RepositoryStore configured = RepositoryStore.open(temp.resolve("configured"), temp.resolve("m2"),
                    new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), SilentLogger.INSTANCE, () -> {
                        try {
                            return ConfiguredRemotes.mavenBases(admin.service());
                        } catch (gtach.provisioning.repository.RepositoryException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            ConfiguredRemotes remotes = new ConfiguredRemotes(admin.service(), configured);
            assertThatThrownBy(() -> configured.add("mvn:org.example/display/[1.0,2.0)"))
                    .hasMessageContaining("mvn:org.example/display/[1.0,2.0)");
            remotes.addMaven("zempty", first.url("/"), false);
            remotes.addMaven("central", nginx.url("/"), false);

            // When
            List<AddOutcome> outcomes = configured.add("mvn:org.example/display/[1.0,2.0)");

            // Then
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            assertThat(configured.get("org.example.display", "1.1.0")).isPresent();
            assertThat(ConfiguredRemotes.mavenBases(admin.service()))
                    .containsExactly(URI.create(first.url("/")), URI.create(nginx.url("/")));

            // and once removed, the remote is asked no more
            remotes.remove("central");
            assertThatThrownBy(() -> configured.add("mvn:org.example/display/2.0.0"))
                    .hasMessageContaining(first.url("/org/example/display/2.0.0/")).hasMessageContaining("404");
            assertThat(configured.get("org.example.display", "2.0.0")).isEmpty();
        }
    }

    @Test
    void aMavenRemoteBehindBasicAuthenticationIsAskedWithItsCredentialsAndWrongOnesAreRefusedAsSuch() throws Exception {
        // Given: the layout behind HTTP basic, and two Maven remotes for it, one with the wrong password
        String password = "mvn-pw-2c81d0";
        Path right = Files.writeString(temp.resolve("password"), password + "\n");
        Path wrong = Files.writeString(temp.resolve("wrong"), "nope\n");
        InMemoryConfigurationAdmin admin = new InMemoryConfigurationAdmin();
        RecordingLogger log = new RecordingLogger();
        Path root = temp.resolve("configured").toAbsolutePath();
        try (NginxServer guarded = NginxServer.serving(maven).protectedBy("/", "deployer", password).start()) {
            RepositoryStore configured = RepositoryStore.openWithMavenRemotes(root, temp.resolve("m2"),
                    new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), DownloadRetries.DEFAULT,
                    log.logger, () -> {
                        try {
                            return ConfiguredRemotes.mavenRemotes(admin.service(), root);
                        } catch (gtach.provisioning.repository.RepositoryException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            ConfiguredRemotes remotes = new ConfiguredRemotes(admin.service(), configured);
            remotes.addMaven("private", guarded.url("/"), false,
                    gtach.provisioning.repository.remote.Credentials.basic("deployer", wrong));

            // When / Then: the wrong password is refused naming the remote and the status, nothing stored
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> configured.add("mvn:org.example/display/[1.0,2.0)"));
            assertThat(refused).hasMessageContaining("the server of remote private refused the credentials (HTTP 401)")
                    .hasMessageEndingWith("; nothing was changed.");
            assertThat(configured.list("*")).isEmpty();

            // When: added again with the right one
            remotes.remove("private");
            remotes.addMaven("private", guarded.url("/"), false,
                    gtach.provisioning.repository.remote.Credentials.basic("deployer", right));
            List<AddOutcome> outcomes = configured.add("mvn:org.example/display/[1.0,2.0)");

            // Then
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            assertThat(configured.get("org.example.display", "1.1.0")).isPresent();
            assertThat(guarded.accessLog()).contains("GET /org/example/display/maven-metadata.xml");
            for (Throwable t = refused; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(password);
            }
            assertThat(log.lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(password)
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString(("deployer:" + password).getBytes())));
            assertThat(ConfiguredRemotes.mavenRemotes(admin.service(), root).toString()).doesNotContain("Basic");
        }
    }

    @Test
    void aMavenRemoteWithoutCredentialsIsToldItNeedsThem() throws Exception {
        InMemoryConfigurationAdmin admin = new InMemoryConfigurationAdmin();
        Path root = temp.resolve("configured").toAbsolutePath();
        try (NginxServer guarded = NginxServer.serving(maven).protectedBy("/", "deployer", "secret").start()) {
            RepositoryStore configured = RepositoryStore.openWithMavenRemotes(root, temp.resolve("m2"),
                    new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), DownloadRetries.DEFAULT,
                    SilentLogger.INSTANCE, () -> {
                        try {
                            return ConfiguredRemotes.mavenRemotes(admin.service(), root);
                        } catch (gtach.provisioning.repository.RepositoryException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            new ConfiguredRemotes(admin.service(), configured).addMaven("private", guarded.url("/"), false);

            assertThatThrownBy(() -> configured.add("mvn:org.example/display/1.0.0"))
                    .hasMessage("Cannot add " + guarded.url("/org/example/display/1.0.0/display-1.0.0.jar")
                            + ": remote private needs credentials (HTTP 401); nothing was changed.");
            assertThat(configured.list("*")).isEmpty();
        }
    }

    @Test
    void theRemotesAreAskedInOrder() throws Exception {
        // Given: a first remote without the artifact
        Path empty = Files.createDirectories(temp.resolve("empty"));
        try (NginxServer first = NginxServer.serving(empty).start()) {
            RepositoryStore both = RepositoryStore.open(temp.resolve("both"), temp.resolve("m2"),
                    new DownloadTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)), SilentLogger.INSTANCE,
                    () -> List.of(URI.create(first.url("/")), URI.create(nginx.url("/"))));

            // When
            List<AddOutcome> outcomes = both.add("mvn:org.example/display/[1.0,2.0)");

            // Then
            assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
            assertThat(both.get("org.example.display", "1.1.0")).isPresent();
            assertThat(first.accessLog()).contains("\"GET /org/example/display/maven-metadata.xml HTTP/1.1\" 404 ");

            // and what neither has is named with both
            assertThatThrownBy(() -> both.add("mvn:org.example/absent/1.0.0"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot add mvn:org.example/absent/1.0.0: none of the Maven remotes (" + first.url("/")
                            + ", " + nginx.url("/") + ") has it; nothing was changed.");
        }
    }

    @Test
    void aRangeNothingMatchesIsRefused() throws Exception {
        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/[3.0,4.0)");

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.REFUSED);
            assertThat(outcome.message()).isEqualTo("Refused mvn:org.example/display/[3.0,4.0): none of the versions in "
                    + nginx.url("/org/example/display/maven-metadata.xml")
                    + " (1.0.0, 1.1.0, 2.0.0, 2.1.0-SNAPSHOT) matches [3.0,4.0); nothing was changed.");
        });
        assertNothingLeft();
    }

    @Test
    void aMissingArtifactIsNamed() throws Exception {
        // When / Then
        String url = nginx.url("/org/example/absent/1.0.0/absent-1.0.0.jar");
        assertThatThrownBy(() -> store.add("mvn:org.example/absent/1.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + url + ": the server answered HTTP 404; nothing was changed.");
        assertNothingLeft();
    }

    @Test
    void aTamperedSha1IsRefusedAndNothingStored() throws Exception {
        // Given
        String genuine = Files.readString(served("1.0.0", ".sha1")).trim();
        String forged = "0".repeat(40);
        Files.writeString(served("1.0.0", ".sha1"), forged);

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/1.0.0");

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.REFUSED);
            assertThat(outcome.message()).isEqualTo("Refused mvn:org.example/display/1.0.0: the SHA-1 of display-1.0.0.jar is "
                    + genuine + " but display-1.0.0.jar.sha1 says " + forged + "; nothing was changed.");
        });
        assertNothingLeft();
    }

    @Test
    void aSha256IsPreferredToTheSha1() throws Exception {
        // Given: a right SHA-1 and a wrong SHA-256
        String sha256 = DurableFiles.hash(served("1.0.0", "")).sha256();
        String forged = "f".repeat(64);
        Files.writeString(served("1.0.0", ".sha256"), forged + "  display-1.0.0.jar\n");

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/1.0.0");

        // Then
        assertThat(outcomes).singleElement().extracting(AddOutcome::message)
                .isEqualTo("Refused mvn:org.example/display/1.0.0: the SHA-256 of display-1.0.0.jar is " + sha256
                        + " but display-1.0.0.jar.sha256 says " + forged + "; nothing was changed.");
        assertNothingLeft();

        // and with the right SHA-256 it is added
        Files.writeString(served("1.0.0", ".sha256"), sha256 + "\n");
        assertAdded(store.add("mvn:org.example/display/1.0.0"), "1.0.0");
    }

    @Test
    void aJarWithoutChecksumsIsRefused() throws Exception {
        // Given
        Files.delete(served("2.0.0", ".sha1"));
        Files.delete(served("2.0.0", ".md5"));

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/2.0.0");

        // Then
        assertThat(outcomes).singleElement().extracting(AddOutcome::message)
                .isEqualTo("Refused mvn:org.example/display/2.0.0: the Maven repository publishes neither"
                        + " display-2.0.0.jar.sha256 nor display-2.0.0.jar.sha1, so it cannot be verified; nothing was changed.");
        assertNothingLeft();
    }

    @Test
    void metadataWithAnEntityBombIsRefusedWithoutExpansion() throws Exception {
        // Given: the billion laughs
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE metadata [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        bomb.append("]>\n<metadata><versioning><versions><version>&lol9;</version></versions></versioning></metadata>\n");
        Files.writeString(maven.resolve("org/example/display/maven-metadata.xml"), bomb, StandardCharsets.UTF_8);

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/LATEST");

        // Then
        assertThat(outcomes).singleElement().extracting(AddOutcome::message)
                .isEqualTo("Refused mvn:org.example/display/LATEST: its maven-metadata.xml declares a DOCTYPE,"
                        + " which is not read; nothing was changed.");
        assertNothingLeft();
    }

    @Test
    void aMissingVersionRangeArtifactIsNamed() throws Exception {
        // When / Then
        String url = nginx.url("/org/example/absent/maven-metadata.xml");
        assertThatThrownBy(() -> store.add("mvn:org.example/absent/[1.0,2.0)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + url + ": the server answered HTTP 404; nothing was changed.");
        assertNothingLeft();
    }

    @Test
    void aSnapshotIsItsNewestTimestampedFile() throws Exception {
        // Given: the file the second build deployed
        Path directory = maven.resolve("org/example/display/2.1.0-SNAPSHOT");
        Path newest;
        try (Stream<Path> files = Files.list(directory)) {
            newest = files.filter(file -> file.getFileName().toString().matches("display-2\\.1\\.0-\\d{8}\\.\\d{6}-2\\.jar"))
                    .findFirst().orElseThrow();
        }

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/2.1.0-SNAPSHOT");

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
        PackageInfo info = store.get("org.example.display", "2.1.0.SNAPSHOT").orElseThrow();
        assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(newest);
    }

    @Test
    void aSnapshotWhoseMetadataNamesNoJarIsRefused() throws Exception {
        // Given
        Path metadata = maven.resolve("org/example/display/2.1.0-SNAPSHOT/maven-metadata.xml");
        Files.writeString(metadata, Files.readString(metadata).replace("<extension>jar</extension>", "<extension>zip</extension>"));

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/2.1.0-SNAPSHOT");

        // Then
        assertThat(outcomes).singleElement().extracting(AddOutcome::message)
                .isEqualTo("Refused mvn:org.example/display/2.1.0-SNAPSHOT: " + nginx.url("/org/example/display/2.1.0-SNAPSHOT/maven-metadata.xml")
                        + " names no timestamped .jar file of 2.1.0-SNAPSHOT; nothing was changed.");
        assertNothingLeft();
    }

    @Test
    void theLocalMavenRepositoryIsAskedFirst() throws Exception {
        // Given
        Path local = TestBundle.named("org.example.display", "1.1.0").content("built here")
                .writeTo(temp.resolve("m2/org/example/display/1.1.0/display-1.1.0.jar"));

        // When
        List<AddOutcome> outcomes = store.add("mvn:org.example/display/1.1.0");

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
        PackageInfo info = store.get("org.example.display", "1.1.0").orElseThrow();
        assertThat(store.bundleFile(info.id())).hasSameBinaryContentAs(local);
        assertThat(nginx.accessLog()).isEmpty();
    }
}
