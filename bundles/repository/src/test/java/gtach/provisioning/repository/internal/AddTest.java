package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.RepositoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/** Adding from files and directories, and what each outcome says. */
class AddTest {

    @TempDir
    Path temp;

    private RepositoryStore open() throws RepositoryException {
        return RepositoryStore.open(temp.resolve("repository"));
    }

    @Test
    void addsAJarFileAndStoresItsDescription() throws Exception {
        // Given
        Path jar = TestBundle.named("tach", "1.2.3")
                .header("Bundle-Name", "Tachometer")
                .header("Bundle-Description", "Shows engine speed")
                .exports("gtach.tach.api;version=1.2.3")
                .imports("gtach.bus;version=\"[1.0,2)\",gtach.log;resolution:=optional")
                .writeTo(temp.resolve("jars/tach-1.2.3.jar"));
        RepositoryStore store = open();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // When
        List<AddOutcome> outcomes = store.add(jar.toString());

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.ADDED);
            assertThat(outcome.origin()).isEqualTo(jar.toString());
            assertThat(outcome.message()).isEqualTo("Added tach 1.2.3 from tach-1.2.3.jar.");
        });
        PackageInfo info = store.get("tach", "1.2.3").orElseThrow();
        assertThat(outcomes.get(0).added()).contains(info);
        assertThat(info.id()).isEqualTo(new PackageId("tach", new Version(1, 2, 3)));
        assertThat(info.name()).isEqualTo("Tachometer");
        assertThat(info.description()).isEqualTo("Shows engine speed");
        assertThat(info.exports()).containsExactly(new ExportedPackage("gtach.tach.api", new Version(1, 2, 3)));
        assertThat(info.imports()).containsExactly(
                new ImportedPackage("gtach.bus", new VersionRange("[1.0.0,2.0.0)"), false),
                new ImportedPackage("gtach.log", new VersionRange("0.0.0"), true));
        assertThat(info.size()).isEqualTo(Files.size(jar));
        assertThat(info.sha256()).isEqualTo(DurableFiles.hash(jar).sha256());
        assertThat(info.source()).isEqualTo(jar.toUri().toString());
        assertThat(info.added()).isBetween(before, Instant.now());
        Path stored = store.root().resolve("packages/tach/1.2.3");
        assertThat(stored.resolve("bundle.jar")).hasSameBinaryContentAs(jar);
        assertThat(stored.resolve("package.json")).isRegularFile();
        assertThat(store.bundleFile(info.id())).isEqualTo(stored.resolve("bundle.jar"));
        assertThat(store.root().resolve("generation")).hasContent("1");
    }

    @Test
    void aNameOrVersionThatDiffersOnlyInCaseFromAStoredOneIsRefusedAndNotStoredBesideIt() throws Exception {
        RepositoryStore store = open();
        store.add(TestBundle.named("gtach.example.tach", "1.0.0.rc1").writeTo(temp.resolve("jars/a.jar")).toString());
        Path twinName = TestBundle.named("gtach.Example.Tach", "2.0.0").writeTo(temp.resolve("jars/b.jar"));
        Path twinVersion = TestBundle.named("gtach.example.tach", "1.0.0.RC1").writeTo(temp.resolve("jars/c.jar"));
        // in one add, the second of two twins is refused too
        Path first = TestBundle.named("gtach.bus", "1.0.0").writeTo(temp.resolve("pair/a.jar"));
        TestBundle.named("gtach.BUS", "1.0.0").writeTo(temp.resolve("pair/b.jar"));

        List<AddOutcome> name = store.add(twinName.toString());
        List<AddOutcome> version = store.add(twinVersion.toString());
        List<AddOutcome> pair = store.add(temp.resolve("pair").toString());

        assertThat(name).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.REFUSED);
            assertThat(o.message()).isEqualTo("Refused b.jar: gtach.Example.Tach differs only in case from the stored"
                    + " gtach.example.tach, and the file systems of macOS and Windows do not tell the two apart; give it a name"
                    + " that differs in more than case; nothing was changed.");
        });
        assertThat(version).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.REFUSED);
            assertThat(o.message()).contains("gtach.example.tach 1.0.0.RC1 differs only in case from the stored version"
                    + " 1.0.0.rc1");
        });
        assertThat(pair).extracting(AddOutcome::status).containsExactly(Status.ADDED, Status.REFUSED);
        assertThat(pair.get(0).origin()).isEqualTo(first.toString());
        assertThat(store.list("*")).extracting(p -> p.id().symbolicName() + " " + p.id().version())
                .containsExactlyInAnyOrder("gtach.bus 1.0.0", "gtach.example.tach 1.0.0.rc1");
        assertThat(store.root().resolve("packages")).isDirectoryNotContaining("glob:**/gtach.Example.Tach")
                .isDirectoryNotContaining("glob:**/gtach.BUS");
    }

    @Test
    void addsEveryJarOfADirectoryInNameOrderAndABadOneDoesNotStopTheOthers() throws Exception {
        // Given
        Path directory = temp.resolve("jars");
        TestBundle.named("b.second", "1.0.0").writeTo(directory.resolve("b.jar"));
        Files.writeString(directory.resolve("a-broken.jar"), "not a jar at all");
        TestBundle.named("c.third", "2.0.0").writeTo(directory.resolve("c.JAR"));
        Files.writeString(directory.resolve("notes.txt"), "ignored");
        TestBundle.named("nested", "1.0.0").writeTo(directory.resolve("sub/nested.jar"));
        RepositoryStore store = open();

        // When
        List<AddOutcome> outcomes = store.add(directory.toString());

        // Then
        assertThat(outcomes).extracting(AddOutcome::origin).containsExactly(
                directory.resolve("a-broken.jar").toString(), directory.resolve("b.jar").toString(),
                directory.resolve("c.JAR").toString());
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.REFUSED, Status.ADDED, Status.ADDED);
        assertThat(outcomes.get(0).message()).isEqualTo(
                "Refused a-broken.jar: it is not a JAR (it does not start with a ZIP header); nothing was changed.");
        assertThat(store.list("*")).extracting(info -> info.id().toString()).containsExactly("b.second 1.0.0", "c.third 2.0.0");
        assertThat(store.root().resolve("generation")).hasContent("1");
    }

    @Test
    void aDirectoryTellsHowManyOfItsJarsHaveBeenRead() throws Exception {
        // Given
        Path directory = temp.resolve("many");
        for (int i = 0; i < 5; i++) {
            TestBundle.named("many.b" + i, "1.0.0").writeTo(directory.resolve("b" + i + ".jar"));
        }
        List<String> progress = new java.util.ArrayList<>();

        // When
        open().add(directory.toString(), progress::add);

        // Then: one report per JAR, whatever order the staging threads finish in
        assertThat(progress).containsExactly("Read 1 of 5 JARs", "Read 2 of 5 JARs", "Read 3 of 5 JARs",
                "Read 4 of 5 JARs", "Read 5 of 5 JARs");
    }

    @Test
    void anEmptyDirectoryIsRefused() throws Exception {
        // Given
        Path directory = Files.createDirectories(temp.resolve("empty"));
        Files.writeString(directory.resolve("readme.txt"), "no jars here");
        RepositoryStore store = open();

        // When / Then
        assertThatThrownBy(() -> store.add(directory.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + directory + ": no .jar files in " + directory + "; nothing was changed.");
        assertThat(store.list("*")).isEmpty();
    }

    @Test
    void aMissingFileIsRefused() throws Exception {
        // Given
        RepositoryStore store = open();
        Path missing = temp.resolve("missing.jar");

        // When / Then
        assertThatThrownBy(() -> store.add(missing.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add " + missing + ": no such file or directory (" + missing + "); nothing was changed.");
    }

    @Test
    void aRelativePathIsReadFromTheWorkingDirectory() throws Exception {
        // Given
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path scratch = Files.createDirectories(workingDirectory.resolve("target"));
        Path jar = TestBundle.named("relative", "1.0.0")
                .writeTo(Files.createTempDirectory(scratch, "relative-").resolve("r.jar"));
        String relative = workingDirectory.relativize(jar).toString();
        RepositoryStore store = open();

        // When
        List<AddOutcome> outcomes = store.add(relative);

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
        assertThat(outcomes.get(0).origin()).isEqualTo(relative);
        assertThat(store.get("relative", "1.0.0").orElseThrow().source()).isEqualTo(jar.toUri().toString());
        DurableFiles.deleteTree(jar.getParent());
    }

    @Test
    void theSameJarAgainIsAlreadyPresentAndChangesNothing() throws Exception {
        // Given
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("tach-1.0.0.jar"));
        RepositoryStore store = open();
        PackageInfo first = store.add(jar.toString()).get(0).added().orElseThrow();
        byte[] index = Files.readAllBytes(store.root().resolve("index.json"));

        // When
        List<AddOutcome> outcomes = store.add(jar.toString());

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.ALREADY_PRESENT);
            assertThat(outcome.added()).contains(first);
            assertThat(outcome.message()).isEqualTo(
                    "tach 1.0.0 from tach-1.0.0.jar is already stored with the same content; nothing was changed.");
        });
        assertThat(store.root().resolve("generation")).hasContent("1");
        assertThat(store.root().resolve("index.json")).hasBinaryContent(index);
    }

    @Test
    void theSameNameAndVersionWithOtherContentIsRefused() throws Exception {
        // Given
        Path original = TestBundle.named("tach", "1.0.0").content("one").writeTo(temp.resolve("a/tach-1.0.0.jar"));
        Path impostor = TestBundle.named("tach", "1.0.0").content("two").writeTo(temp.resolve("b/tach-1.0.0.jar"));
        RepositoryStore store = open();
        store.add(original.toString());
        String stored = DurableFiles.hash(original).sha256();
        String offered = DurableFiles.hash(impostor).sha256();

        // When
        List<AddOutcome> outcomes = store.add(impostor.toString());

        // Then
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.REFUSED);
            assertThat(outcome.added()).isEmpty();
            assertThat(outcome.message()).isEqualTo("Refused tach-1.0.0.jar: tach 1.0.0 is already stored with different"
                    + " content (sha256 " + stored.substring(0, 12) + "… stored, " + offered.substring(0, 12)
                    + "… offered), and a release is never replaced: give the new build another version (a -SNAPSHOT one"
                    + " while developing); nothing was changed.");
        });
        assertThat(store.get("tach", "1.0.0").orElseThrow().sha256()).isEqualTo(stored);
        assertThat(store.bundleFile(new PackageId("tach", new Version(1, 0, 0)))).hasSameBinaryContentAs(original);
        assertThat(store.root().resolve("generation")).hasContent("1");
    }

    @Test
    void theSameIdentityTwiceInOneDirectoryAddsTheFirstOnly() throws Exception {
        // Given
        Path directory = temp.resolve("jars");
        TestBundle.named("twin", "1.0.0").content("first").writeTo(directory.resolve("a.jar"));
        TestBundle.named("twin", "1.0.0").content("second").writeTo(directory.resolve("b.jar"));
        RepositoryStore store = open();

        // When
        List<AddOutcome> outcomes = store.add(directory.toString());

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED, Status.REFUSED);
        assertThat(outcomes.get(1).message()).startsWith("Refused b.jar: twin 1.0.0 is already stored with different content");
        assertThat(store.versions("twin")).hasSize(1);
    }

    @Test
    void aFailedAddLeavesNoStagingBehind() throws Exception {
        // Given
        Path jar = TestBundle.withoutIdentity().writeTo(temp.resolve("plain.jar"));
        RepositoryStore store = open();

        // When
        store.add(jar.toString());

        // Then
        try (var entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).isEmpty();
        }
        assertThat(store.root().resolve("packages")).isEmptyDirectory();
    }

    @Test
    void aFileUriIsASource() throws Exception {
        // Given
        Path jar = TestBundle.named("by.uri", "1.0.0").writeTo(temp.resolve("u.jar"));
        RepositoryStore store = open();

        // When
        List<AddOutcome> outcomes = store.add(jar.toUri().toString());

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED);
        assertThat(store.get("by.uri", "1.0.0")).isPresent();
    }

    @Test
    void storedFilesGetTheUsualPermissions() throws Exception {
        // Given
        Path jar = TestBundle.named("tach", "1.0.0").writeTo(temp.resolve("tach.jar"));
        RepositoryStore store = open();
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(temp.resolve("plain")));

        // When
        store.add(jar.toString());
        store.markInUse("update", List.of(new PackageId("tach", new Version(1, 0, 0))));

        // Then: other users, such as a shell run by an operator, can read what the service stored
        for (String file : List.of("index.json", "generation", "in-use/update.json", "packages/tach/1.0.0/package.json",
                "packages/tach/1.0.0/bundle.jar")) {
            assertThat(Files.getPosixFilePermissions(store.root().resolve(file))).as(file).isEqualTo(usual);
        }
    }

    static void assertNothingStored(RepositoryStore store) throws IOException {
        assertThat(store.list("*")).isEmpty();
        assertThat(store.root().resolve("packages")).isEmptyDirectory();
        assertThat(store.root().resolve("generation")).doesNotExist();
    }
}
