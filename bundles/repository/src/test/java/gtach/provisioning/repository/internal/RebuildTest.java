package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.AddMode;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.AddOutcome.Status;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.RepositoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rebuilds of the same version: unreleased packages (snapshots, development builds) are replaced
 * and their earlier builds kept by hash while in use; releases are never replaced.
 */
class RebuildTest {

    private static final PackageId SNAPSHOT = new PackageId("tach", Version.parseVersion("1.0.0.SNAPSHOT"));
    private static final PackageId RELEASE = new PackageId("tach", new Version(1, 0, 0));

    @TempDir
    Path temp;

    private RepositoryStore open() throws RepositoryException {
        return RepositoryStore.open(temp.resolve("repository"));
    }

    private Path build(String version, String content, String file) throws Exception {
        return TestBundle.named("tach", version).content(content).writeTo(temp.resolve("builds").resolve(file));
    }

    private static String sha(Path jar) throws Exception {
        return DurableFiles.hash(jar).sha256();
    }

    @Test
    void aRebuildOfASnapshotReplacesTheStoredBuild() throws Exception {
        // Given: a snapshot stored, nothing using it
        RepositoryStore store = open();
        Path first = build("1.0.0.SNAPSHOT", "first", "first.jar");
        Path second = build("1.0.0.SNAPSHOT", "second", "second.jar");
        store.add(first.toString());

        // When
        List<AddOutcome> outcomes = store.add(second.toString());

        // Then: the new build is the stored one, and the first is gone with no trace
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.REPLACED);
            assertThat(outcome.message()).isEqualTo("Replaced tach 1.0.0.SNAPSHOT with the build from second.jar.");
        });
        assertThat(store.get("tach", "1.0.0-SNAPSHOT").orElseThrow().sha256()).isEqualTo(sha(second));
        assertThat(store.bundleFile(SNAPSHOT)).hasSameBinaryContentAs(second);
        assertThat(store.versions("tach")).hasSize(1);
        assertThat(store.root().resolve("packages/tach/1.0.0.SNAPSHOT/builds")).doesNotExist();
        assertThatThrownBy(() -> store.bundleFile(SNAPSHOT, sha(first))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The repository no longer holds the build " + sha(first) + " of tach 1.0.0.SNAPSHOT: a rebuild"
                        + " replaced it, and it was not kept because nothing used it.");
        assertThat(store.isUnreleased(SNAPSHOT)).isTrue();
        // and another store on the same directory reads the same
        assertThat(open().get("tach", "1.0.0.SNAPSHOT").orElseThrow().sha256()).isEqualTo(sha(second));
        try (var left = Files.list(store.root().resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aReleaseIsNeverReplaced() throws Exception {
        // Given
        RepositoryStore store = open();
        Path first = build("1.0.0", "first", "first.jar");
        store.add(first.toString());
        String generation = Files.readString(store.root().resolve("generation"));

        // When
        List<AddOutcome> outcomes = store.add(build("1.0.0", "second", "second.jar").toString());

        // Then: refused in one sentence, and nothing changed
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.REFUSED);
            assertThat(outcome.message()).startsWith("Refused second.jar: tach 1.0.0 is already stored with different content")
                    .endsWith("and a release is never replaced: give the new build another version (a -SNAPSHOT one while"
                            + " developing); nothing was changed.");
        });
        assertThat(store.bundleFile(RELEASE)).hasSameBinaryContentAs(first);
        assertThat(store.root().resolve("generation")).hasContent(generation);
        assertThat(store.isUnreleased(RELEASE)).isFalse();
    }

    @Test
    void aDevelopmentBuildIsReplacedByEveryRebuildAndStaysOne() throws Exception {
        // Given: a release version added as a development build
        RepositoryStore store = open();
        AddOutcome added = store.add(build("1.0.0", "first", "first.jar").toString(), AddMode.DEVELOPMENT, step -> { }).get(0);
        assertThat(added.status()).isEqualTo(Status.ADDED);
        assertThat(store.isUnreleased(RELEASE)).isTrue();
        Path second = build("1.0.0", "second", "second.jar");

        // When: the rebuild is added plainly
        AddOutcome replaced = store.add(second.toString()).get(0);

        // Then
        assertThat(replaced.status()).isEqualTo(Status.REPLACED);
        assertThat(store.bundleFile(RELEASE)).hasSameBinaryContentAs(second);
        assertThat(store.isUnreleased(RELEASE)).isTrue();
        assertThat(store.root().resolve("packages/tach/1.0.0/package.json")).content().contains("\"development\" : true");
    }

    @Test
    void aStoredReleaseCannotBecomeADevelopmentBuild() throws Exception {
        // Given
        RepositoryStore store = open();
        Path jar = build("1.0.0", "first", "first.jar");
        store.add(jar.toString());

        // When: the same JAR, then another build, as development builds
        List<AddOutcome> same = store.add(jar.toString(), AddMode.DEVELOPMENT, step -> { });
        List<AddOutcome> other = store.add(build("1.0.0", "second", "second.jar").toString(), AddMode.DEVELOPMENT, step -> { });

        // Then
        assertThat(same.get(0).status()).isEqualTo(Status.REFUSED);
        assertThat(other.get(0).message()).isEqualTo("Refused second.jar: tach 1.0.0 is stored as a release, which stays as"
                + " it is: give the development build a -SNAPSHOT version, or gtach:remove the release first; nothing was changed.");
        assertThat(store.bundleFile(RELEASE)).hasSameBinaryContentAs(jar);
        assertThat(store.isUnreleased(RELEASE)).isFalse();
    }

    @Test
    void addingOnlyUnreleasedPackagesRefusesReleases() throws Exception {
        // Given
        RepositoryStore store = open();
        Path release = build("1.0.0", "release", "release.jar");

        // When
        List<AddOutcome> refused = store.add(release.toString(), AddMode.UNRELEASED, step -> { });
        List<AddOutcome> snapshot = store.add(build("1.0.0.SNAPSHOT", "a", "snapshot.jar").toString(), AddMode.UNRELEASED,
                step -> { });

        // Then
        assertThat(refused.get(0).message()).isEqualTo("Refused release.jar: tach 1.0.0 is a release, and only unreleased"
                + " packages are added here (-SNAPSHOT versions, and development builds stored with gtach:add --dev);"
                + " nothing was changed.");
        assertThat(snapshot.get(0).status()).isEqualTo(Status.ADDED);
        assertThat(store.versions("tach")).extracting(p -> p.id()).containsExactly(SNAPSHOT);
    }

    @Test
    void aBuildInUseIsKeptAndReachableByItsHashUntilNothingUsesIt() throws Exception {
        // Given: the first build in use by an owner that names its builds
        RepositoryStore store = open();
        Path first = build("1.0.0.SNAPSHOT", "first", "first.jar");
        Path second = build("1.0.0.SNAPSHOT", "second", "second.jar");
        Path third = build("1.0.0.SNAPSHOT", "third", "third.jar");
        store.add(first.toString());
        store.markInUse("update", List.of(SNAPSHOT), List.of(sha(first)));

        // When: a rebuild replaces it
        AddOutcome replaced = store.add(second.toString()).get(0);

        // Then: the first build stays, reachable by its hash, and the package cannot be removed
        assertThat(replaced.message()).isEqualTo("Replaced tach 1.0.0.SNAPSHOT with the build from second.jar; the build it"
                + " replaces (sha256 " + sha(first).substring(0, 12) + "…) is kept while in use.");
        assertThat(store.bundleFile(SNAPSHOT, sha(first))).hasSameBinaryContentAs(first);
        assertThat(store.bundleFile(SNAPSHOT, sha(second))).isEqualTo(store.bundleFile(SNAPSHOT));
        assertThat(open().bundleFile(SNAPSHOT, sha(first))).hasSameBinaryContentAs(first);
        assertThatThrownBy(() -> store.remove("tach", "1.0.0.SNAPSHOT")).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot remove tach 1.0.0.SNAPSHOT: it is in use by update; nothing was changed.");

        // When: the owner moves to the second build, and a third replaces it
        store.markInUse("update", List.of(SNAPSHOT), List.of(sha(second)));
        store.add(third.toString());

        // Then: the second build is kept, the first, used by nobody now, is gone
        assertThat(store.bundleFile(SNAPSHOT, sha(second))).hasSameBinaryContentAs(second);
        assertThat(store.bundleFile(SNAPSHOT)).hasSameBinaryContentAs(third);
        assertThatThrownBy(() -> store.bundleFile(SNAPSHOT, sha(first))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOwnerThatNamesNoBuildsKeepsEveryBuildOfItsPackages() throws Exception {
        // Given: an owner of the first format, which names packages only
        RepositoryStore store = open();
        Path first = build("1.0.0.SNAPSHOT", "first", "first.jar");
        store.add(first.toString());
        store.markInUse("shell", List.of(SNAPSHOT));

        // When
        store.add(build("1.0.0.SNAPSHOT", "second", "second.jar").toString());
        store.add(build("1.0.0.SNAPSHOT", "third", "third.jar").toString());

        // Then
        assertThat(store.bundleFile(SNAPSHOT, sha(first))).hasSameBinaryContentAs(first);
        assertThat(store.bundleFile(SNAPSHOT, sha(temp.resolve("builds/second.jar"))))
                .hasSameBinaryContentAs(temp.resolve("builds/second.jar"));
    }

    @Test
    void gcDeletesTheBuildsNobodyUses() throws Exception {
        // Given: a kept build that its owner no longer names
        RepositoryStore store = open();
        Path first = build("1.0.0.SNAPSHOT", "first", "first.jar");
        Path second = build("1.0.0.SNAPSHOT", "second", "second.jar");
        store.add(first.toString());
        store.markInUse("update", List.of(SNAPSHOT), List.of(sha(first)));
        store.add(second.toString());
        store.markInUse("update", List.of(SNAPSHOT), List.of(sha(second)));

        // When
        List<?> removed = store.gc(3);

        // Then: no package went, the unused build did
        assertThat(removed).isEmpty();
        assertThatThrownBy(() -> store.bundleFile(SNAPSHOT, sha(first))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.root().resolve("packages/tach/1.0.0.SNAPSHOT/builds")).doesNotExist();
        assertThat(store.bundleFile(SNAPSHOT)).hasSameBinaryContentAs(second);
    }

    @Test
    void aRebuildAndTheBuildItReplacesInOneDirectoryLeaveTheLastOne() throws Exception {
        // Given: two builds of one snapshot in one directory, added in name order
        RepositoryStore store = open();
        Path directory = temp.resolve("jars");
        TestBundle.named("tach", "1.0.0.SNAPSHOT").content("a").writeTo(directory.resolve("a.jar"));
        Path b = TestBundle.named("tach", "1.0.0.SNAPSHOT").content("b").writeTo(directory.resolve("b.jar"));

        // When
        List<AddOutcome> outcomes = store.add(directory.toString());

        // Then
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(Status.ADDED, Status.REPLACED);
        assertThat(store.bundleFile(SNAPSHOT)).hasSameBinaryContentAs(b);
    }

    @Test
    void aSwapACrashInterruptedIsFinishedWhenTheIndexIsRebuilt() throws Exception {
        // Given: the first build stored, and the second half way in: both .new files in place, the
        // generation bumped, the index not written, as a writer killed between the two renames leaves it
        RepositoryStore store = open();
        Path first = build("1.0.0.SNAPSHOT", "first", "first.jar");
        Path second = build("1.0.0.SNAPSHOT", "second", "second.jar");
        store.add(first.toString());
        Path elsewhere = RepositoryStore.open(temp.resolve("elsewhere")).bundleFile(added(temp.resolve("elsewhere"), second))
                .getParent();
        Path directory = store.root().resolve("packages/tach/1.0.0.SNAPSHOT");
        Files.copy(elsewhere.resolve("bundle.jar"), directory.resolve("bundle.jar.new"));
        Files.copy(elsewhere.resolve("package.json"), directory.resolve("package.json.new"));
        bumpGeneration(store.root());

        // When
        RepositoryStore reopened = open();

        // Then: the rebuild is in place, whole
        assertThat(reopened.get("tach", "1.0.0.SNAPSHOT").orElseThrow().sha256()).isEqualTo(sha(second));
        assertThat(reopened.bundleFile(SNAPSHOT)).hasSameBinaryContentAs(second);
        assertThat(directory.resolve("bundle.jar.new")).doesNotExist();
        assertThat(directory.resolve("package.json.new")).doesNotExist();
        assertThat(reopened.verify().quarantined()).isEmpty();
    }

    @Test
    void aSwapThatGotNoFurtherThanItsJarIsDropped() throws Exception {
        // Given: only bundle.jar.new, the first rename of a swap, then a crash
        RepositoryStore store = open();
        Path first = build("1.0.0.SNAPSHOT", "first", "first.jar");
        store.add(first.toString());
        Path directory = store.root().resolve("packages/tach/1.0.0.SNAPSHOT");
        Files.copy(build("1.0.0.SNAPSHOT", "second", "second.jar"), directory.resolve("bundle.jar.new"));
        bumpGeneration(store.root());

        // When
        RepositoryStore reopened = open();

        // Then: the first build is still the stored one
        assertThat(reopened.bundleFile(SNAPSHOT)).hasSameBinaryContentAs(first);
        assertThat(reopened.get("tach", "1.0.0.SNAPSHOT").orElseThrow().sha256()).isEqualTo(sha(first));
        assertThat(directory.resolve("bundle.jar.new")).doesNotExist();
    }

    private static PackageId added(Path root, Path jar) throws Exception {
        return RepositoryStore.open(root).add(jar.toString()).get(0).added().orElseThrow().id();
    }

    private static void bumpGeneration(Path root) throws Exception {
        long generation = Long.parseLong(Files.readString(root.resolve("generation")).strip());
        Files.writeString(root.resolve("generation"), Long.toString(generation + 1));
    }
}
