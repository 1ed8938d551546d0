package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.VerifyReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The index is a cache: rebuilt when missing, corrupt or stale, after crashes and behind-the-back
 * changes. Damaged packages are found by verify and quarantined, never deleted.
 */
class RecoveryTest {

    @TempDir
    Path temp;

    private Path root;
    private Path jars;

    @BeforeEach
    void fill() throws Exception {
        root = temp.resolve("repository");
        jars = temp.resolve("jars");
        TestBundle.named("tach", "1.0.0").exports("gtach.tach;version=1.0").writeTo(jars.resolve("tach.jar"));
        TestBundle.named("bus", "2.0.0").exports("gtach.bus;version=2.0").writeTo(jars.resolve("bus.jar"));
        RepositoryStore.open(root).add(jars.toString());
    }

    private static PackageId id(String name, String version) {
        return new PackageId(name, Version.parseVersion(version));
    }

    private static List<String> ids(List<PackageInfo> infos) {
        return infos.stream().map(info -> info.id().toString()).toList();
    }

    private static Path extraPackage(Path directory, String name, String version) throws Exception {
        // stage a package elsewhere, then move its directory in as a crashed writer would have
        RepositoryStore scratch = RepositoryStore.open(directory);
        scratch.add(TestBundle.named(name, version).writeTo(directory.resolve("in.jar")).toString());
        return directory.resolve("packages").resolve(name).resolve(version);
    }

    @Test
    void aMissingIndexIsRebuilt() throws Exception {
        // Given
        byte[] before = Files.readAllBytes(root.resolve("index.json"));
        Files.delete(root.resolve("index.json"));

        // When
        RepositoryStore store = RepositoryStore.open(root);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0", "tach 1.0.0");
        assertThat(root.resolve("index.json")).hasBinaryContent(before);
    }

    @Test
    void aCorruptIndexIsRebuiltSilently() throws Exception {
        // Given
        Files.writeString(root.resolve("index.json"), "{\"format\":1,\"generation\":1,\"packages\":[{\"n\":");

        // When
        RepositoryStore store = RepositoryStore.open(root);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0", "tach 1.0.0");
        assertThat(IndexFormat.read(root.resolve("index.json")).size()).isEqualTo(2);
    }

    @Test
    void anIndexOfAnotherFormatIsRebuilt() throws Exception {
        // Given
        Files.writeString(root.resolve("index.json"), "{\"format\":2,\"generation\":1,\"packages\":[]}");

        // When
        RepositoryStore store = RepositoryStore.open(root);

        // Then
        assertThat(store.list("*")).hasSize(2);
    }

    @Test
    void anIndexWithAnUnsafeNameIsRebuilt() throws Exception {
        // Given
        String index = Files.readString(root.resolve("index.json")).replace("\"n\":\"tach\"", "\"n\":\"../tach\"");
        Files.writeString(root.resolve("index.json"), index);

        // When
        RepositoryStore store = RepositoryStore.open(root);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0", "tach 1.0.0");
    }

    @Test
    void aCrashAfterBumpingTheGenerationLeavesAStaleIndexThatIsRebuilt() throws Exception {
        // Given: a writer bumped the generation and renamed its package in, then died before the index
        Path extra = extraPackage(temp.resolve("elsewhere"), "speed", "3.0.0");
        Files.createDirectories(root.resolve("packages/speed"));
        Files.move(extra, root.resolve("packages/speed/3.0.0"));
        Files.writeString(root.resolve("generation"), "2\n");

        // When
        RepositoryStore store = RepositoryStore.open(root);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0", "speed 3.0.0", "tach 1.0.0");
        assertThat(IndexFormat.read(root.resolve("index.json")).generation()).isEqualTo(2);
    }

    @Test
    void aRunningStoreNoticesACrashedWriterOfAnotherProcess() throws Exception {
        // Given
        RepositoryStore store = RepositoryStore.open(root);
        Path extra = extraPackage(temp.resolve("elsewhere"), "speed", "3.0.0");
        Files.createDirectories(root.resolve("packages/speed"));
        Files.move(extra, root.resolve("packages/speed/3.0.0"));
        Files.writeString(root.resolve("generation"), "2\n");

        // When
        List<PackageInfo> listed = store.list("*");

        // Then: nobody holds the lock, so the reader repaired the index
        assertThat(ids(listed)).containsExactly("bus 2.0.0", "speed 3.0.0", "tach 1.0.0");
        assertThat(IndexFormat.read(root.resolve("index.json")).generation()).isEqualTo(2);
    }

    @Test
    void anUnreadableGenerationIsReplacedAndTheIndexRebuilt() throws Exception {
        // Given
        Files.writeString(root.resolve("generation"), "garbage");

        // When
        RepositoryStore store = RepositoryStore.open(root);

        // Then
        assertThat(store.list("*")).hasSize(2);
        assertThat(root.resolve("generation")).hasContent("2");
        assertThat(IndexFormat.read(root.resolve("index.json")).generation()).isEqualTo(2);
    }

    @Test
    void aSecondInstanceSeesTheFirstOnesWrites() throws Exception {
        // Given
        RepositoryStore first = RepositoryStore.open(root);
        RepositoryStore second = RepositoryStore.open(root);
        assertThat(second.list("*")).hasSize(2);

        // When
        first.add(TestBundle.named("speed", "1.0.0").writeTo(temp.resolve("speed.jar")).toString());
        first.remove("bus", "2.0.0");

        // Then
        assertThat(ids(second.list("*"))).containsExactly("speed 1.0.0", "tach 1.0.0");
        assertThat(second.exporters("gtach.bus")).isEmpty();
        second.remove("tach", "1.0.0");
        assertThat(ids(first.list("*"))).containsExactly("speed 1.0.0");
        assertThat(root.resolve("generation")).hasContent("4");
    }

    @Test
    void aSecondInstanceSeesWritesMadeInQuickSuccession() throws Exception {
        // Given: writes closer together than file times can tell apart
        RepositoryStore reader = RepositoryStore.open(root);
        RepositoryStore writer = RepositoryStore.open(root);
        Path speed = TestBundle.named("speed", "1.0.0").writeTo(temp.resolve("speed.jar"));
        assertThat(reader.list("*")).hasSize(2);

        // When
        writer.add(speed.toString());
        writer.remove("speed", "1.0.0");
        writer.remove("bus", "2.0.0");

        // Then
        assertThat(ids(reader.list("*"))).containsExactly("tach 1.0.0");
    }

    @Test
    void aCorruptPackageJsonIsSkippedAtRebuildThenQuarantinedByVerify() throws Exception {
        // Given
        Path packageJson = root.resolve("packages/tach/1.0.0/package.json");
        Files.writeString(packageJson, "{ this is not json");
        Files.delete(root.resolve("index.json"));

        // When
        RepositoryStore store = RepositoryStore.open(root);

        // Then
        assertThat(ids(store.list("*"))).containsExactly("bus 2.0.0");
        assertThat(packageJson).exists();

        // When
        VerifyReport report = store.verify();

        // Then
        assertThat(report.checked()).isEqualTo(2);
        assertThat(report.quarantined()).singleElement().satisfies(quarantined -> {
            assertThat(quarantined.id()).isEqualTo(id("tach", "1.0.0"));
            assertThat(quarantined.reason()).startsWith("package.json is unreadable (Unexpected character");
            assertThat(quarantined.movedTo().getParent()).isEqualTo(root.resolve("quarantine/tach"));
            assertThat(quarantined.movedTo().getFileName().toString()).matches("1\\.0\\.0-\\d{8}T\\d{6}Z");
            assertThat(quarantined.movedTo().resolve("package.json")).hasContent("{ this is not json");
            assertThat(quarantined.movedTo().resolve("bundle.jar")).hasSameBinaryContentAs(jars.resolve("tach.jar"));
        });
        assertThat(root.resolve("packages/tach")).doesNotExist();
    }

    @Test
    void verifyQuarantinesATamperedJar() throws Exception {
        // Given
        RepositoryStore store = RepositoryStore.open(root);
        Path bundle = root.resolve("packages/bus/2.0.0/bundle.jar");
        String recorded = store.get("bus", "2.0.0").orElseThrow().sha256();
        Files.write(bundle, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        String found = DurableFiles.hash(bundle).sha256();

        // When
        VerifyReport report = store.verify();

        // Then
        assertThat(report.checked()).isEqualTo(2);
        assertThat(report.quarantined()).singleElement().satisfies(quarantined -> {
            assertThat(quarantined.id()).isEqualTo(id("bus", "2.0.0"));
            assertThat(quarantined.reason()).isEqualTo("bundle.jar does not match its recorded sha256 (recorded "
                    + recorded.substring(0, 12) + "…, found " + found.substring(0, 12) + "…)");
            assertThat(quarantined.movedTo().resolve("bundle.jar")).exists();
        });
        assertThat(store.get("bus", "2.0.0")).isEmpty();
        assertThat(store.exporters("gtach.bus")).isEmpty();
        assertThat(RepositoryStore.open(root).get("bus", "2.0.0")).isEmpty();
    }

    @Test
    void aDeletedJarIsReportedByBundleFileAndQuarantinedByVerify() throws Exception {
        // Given
        RepositoryStore store = RepositoryStore.open(root);
        Path bundle = root.resolve("packages/tach/1.0.0/bundle.jar");
        Files.delete(bundle);

        // When / Then
        assertThatThrownBy(() -> store.bundleFile(id("tach", "1.0.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The bundle.jar of tach 1.0.0 is missing (" + bundle + "); run verify to quarantine the package.");

        // When
        VerifyReport report = store.verify();

        // Then
        assertThat(report.quarantined()).singleElement().satisfies(quarantined -> {
            assertThat(quarantined.id()).isEqualTo(id("tach", "1.0.0"));
            assertThat(quarantined.reason()).isEqualTo("bundle.jar is missing");
            assertThat(quarantined.movedTo().resolve("package.json")).isRegularFile();
        });
        assertThat(store.get("tach", "1.0.0")).isEmpty();
    }

    @Test
    void aDeletedPackageJsonMakesTheResourceUnavailable() throws Exception {
        // Given
        RepositoryStore store = RepositoryStore.open(root);
        Path packageJson = root.resolve("packages/tach/1.0.0/package.json");
        Files.delete(packageJson);

        // When / Then
        assertThatThrownBy(() -> store.resource(id("tach", "1.0.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot read tach 1.0.0: its package.json is missing (" + packageJson + "); run verify to report it.");
        assertThat(store.verify().quarantined()).extracting(VerifyReport.Quarantined::reason)
                .containsExactly("package.json is missing");
    }

    @Test
    void verifyOfASoundRepositoryChangesNothing() throws Exception {
        // Given
        RepositoryStore store = RepositoryStore.open(root);

        // When
        VerifyReport report = store.verify();

        // Then
        assertThat(report.checked()).isEqualTo(2);
        assertThat(report.quarantined()).isEmpty();
        assertThat(root.resolve("generation")).hasContent("1");
        assertThat(store.list("*")).hasSize(2);
    }

    @Test
    void verifyIndexesASoundPackageTheIndexMissed() throws Exception {
        // Given: a package directory appeared without a generation bump
        RepositoryStore store = RepositoryStore.open(root);
        Path extra = extraPackage(temp.resolve("elsewhere"), "speed", "3.0.0");
        Files.createDirectories(root.resolve("packages/speed"));
        Files.move(extra, root.resolve("packages/speed/3.0.0"));
        assertThat(store.get("speed", "3.0.0")).isEmpty();

        // When
        VerifyReport report = store.verify();

        // Then
        assertThat(report.checked()).isEqualTo(3);
        assertThat(report.quarantined()).isEmpty();
        assertThat(store.get("speed", "3.0.0")).isPresent();
    }

    @Test
    void addingOverAnUnindexedDirectoryIsRefused() throws Exception {
        // Given
        Files.writeString(root.resolve("packages/tach/1.0.0/package.json"), "damaged");
        Files.delete(root.resolve("index.json"));
        RepositoryStore store = RepositoryStore.open(root);

        // When
        List<AddOutcome> outcomes = store.add(jars.resolve("tach.jar").toString());

        // Then
        assertThat(outcomes).singleElement().extracting(AddOutcome::message).isEqualTo("Refused tach.jar: a directory for"
                + " tach 1.0.0 exists but is not in the index (its package.json may be damaged; verify will quarantine it);"
                + " nothing was changed.");
    }

    @Test
    void staleTemporariesOfDeadProcessesAreDeletedAtOpen() throws Exception {
        // Given
        Path deadStaging = Files.createDirectories(root.resolve("tmp/999999999-0123456789abcdef"));
        Files.writeString(deadStaging.resolve("bundle.jar"), "half");
        Path foreign = Files.createDirectories(root.resolve("tmp/junk"));
        Path ours = Files.createDirectories(root.resolve("tmp/" + TemporaryNames.next()));

        // When
        RepositoryStore.open(root);

        // Then
        assertThat(deadStaging).doesNotExist();
        assertThat(foreign).doesNotExist();
        assertThat(ours).exists();
    }
}
