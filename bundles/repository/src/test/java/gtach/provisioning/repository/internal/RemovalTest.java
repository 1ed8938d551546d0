package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.version.SemanticVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** remove, gc and the in-use records that protect packages from both. */
class RemovalTest {

    @TempDir
    Path temp;

    private RepositoryStore store;

    @BeforeEach
    void fill() throws Exception {
        Path jars = temp.resolve("jars");
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0-rc.1", "2.0.0")) {
            String osgi = SemanticVersion.parse(version).toOsgiVersion().toString();
            TestBundle.named("tach", osgi).writeTo(jars.resolve("tach-" + version + ".jar"));
        }
        TestBundle.named("bus", "1.0.0").writeTo(jars.resolve("bus-1.0.0.jar"));
        TestBundle.named("bus", "1.1.0").writeTo(jars.resolve("bus-1.1.0.jar"));
        store = RepositoryStore.open(temp.resolve("repository"));
        store.add(jars.toString());
    }

    private static PackageId id(String name, String version) {
        return new PackageId(name, Version.parseVersion(version));
    }

    private static List<String> ids(List<PackageInfo> infos) {
        return infos.stream().map(info -> info.id().toString()).toList();
    }

    @Test
    void removeDeletesOneVersion() throws Exception {
        // Given
        PackageInfo stored = store.get("tach", "1.1.0").orElseThrow();

        // When
        PackageInfo removed = store.remove("tach", "1.1.0");

        // Then
        assertThat(removed).isEqualTo(stored);
        assertThat(store.get("tach", "1.1.0")).isEmpty();
        assertThat(store.root().resolve("packages/tach/1.1.0")).doesNotExist();
        assertThat(store.root().resolve("packages/tach")).isDirectory();
        assertThat(store.root().resolve("generation")).hasContent("2");
        try (var entries = Files.list(store.root().resolve("tmp"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void removingTheLastVersionRemovesTheNameDirectory() throws Exception {
        // When
        store.remove("bus", "1.0.0");
        store.remove("bus", "1.1.0");

        // Then
        assertThat(store.versions("bus")).isEmpty();
        assertThat(store.root().resolve("packages/bus")).doesNotExist();
    }

    @Test
    void removeAcceptsSemverText() throws Exception {
        // When
        PackageInfo removed = store.remove("tach", "2.0.0-rc.1");

        // Then
        assertThat(removed.id()).isEqualTo(id("tach", "2.0.0.rc_1"));
    }

    @Test
    void removingAnAbsentPackageIsRefused() {
        // When / Then
        assertThatThrownBy(() -> store.remove("tach", "9.9.9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No package tach 9.9.9 in the repository.");
        assertThat(store.root().resolve("generation")).hasContent("1");
    }

    @Test
    void removingAPackageInUseIsRefused() throws Exception {
        // Given
        store.markInUse("update", List.of(id("tach", "1.0.0")));

        // When / Then
        assertThatThrownBy(() -> store.remove("tach", "1.0.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot remove tach 1.0.0: it is in use by update; nothing was changed.");
        assertThat(store.get("tach", "1.0.0")).isPresent();
        assertThat(store.root().resolve("packages/tach/1.0.0/bundle.jar")).isRegularFile();
        assertThat(store.root().resolve("generation")).hasContent("1");
    }

    @Test
    void theRefusalNamesEveryOwner() throws Exception {
        // Given
        store.markInUse("update", List.of(id("tach", "1.0.0")));
        store.markInUse("shell", List.of(id("tach", "1.0.0"), id("bus", "1.0.0")));
        store.markInUse("rollback", List.of(id("tach", "1.0.0")));

        // When / Then
        assertThatThrownBy(() -> store.remove("tach", "1.0.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot remove tach 1.0.0: it is in use by rollback, shell and update; nothing was changed.");
    }

    @Test
    void markInUseReplacesWhatTheOwnerUsedAndIsPersistent() throws Exception {
        // Given
        store.markInUse("update", List.of(id("tach", "1.0.0"), id("bus", "1.0.0")));

        // When
        store.markInUse("update", List.of(id("tach", "1.1.0")));

        // Then
        assertThat(store.inUse()).containsExactly(id("tach", "1.1.0"));
        assertThat(RepositoryStore.open(store.root()).inUse()).containsExactly(id("tach", "1.1.0"));
        assertThat(store.root().resolve("in-use/update.json")).isRegularFile();
        store.markInUse("update", List.of());
        assertThat(store.inUse()).isEmpty();
        assertThat(store.root().resolve("in-use/update.json")).doesNotExist();
    }

    @Test
    void markInUseRefusesAnUnsafeOwnerOrAnAbsentPackage() {
        // When / Then
        assertThatThrownBy(() -> store.markInUse("../escape", List.of(id("tach", "1.0.0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid owner \"../escape\": it contains the character '/'.");
        assertThatThrownBy(() -> store.markInUse("update", List.of(id("tach", "1.0.0"), id("tach", "9.0.0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot mark tach 9.0.0 in use by update: no such package in the repository; nothing was changed.");
        assertThat(store.inUse()).isEmpty();
    }

    @Test
    void aCorruptInUseRecordIsReported() throws Exception {
        // Given
        Files.writeString(store.root().resolve("in-use/update.json"), "{\"format\":1,\"owner\":");

        // When / Then
        assertThatThrownBy(() -> store.inUse())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot read the in-use records of " + store.root() + ": in-use/update.json is unusable (");
        assertThatThrownBy(() -> store.remove("tach", "1.0.0"))
                .isInstanceOf(RepositoryException.class)
                .hasMessageStartingWith("Cannot remove tach 1.0.0: in-use/update.json is unusable (")
                .hasMessageEndingWith("); nothing was changed.");
        assertThat(store.get("tach", "1.0.0")).isPresent();
    }

    @Test
    void gcKeepsTheHighestVersionsOfEachName() throws Exception {
        // When
        List<PackageInfo> removed = store.gc(2);

        // Then: SemVer precedence puts 2.0.0-rc.1 below 2.0.0
        assertThat(ids(removed)).containsExactly("tach 1.0.0", "tach 1.1.0");
        assertThat(ids(store.list("*"))).containsExactly("bus 1.0.0", "bus 1.1.0", "tach 2.0.0.rc_1", "tach 2.0.0");
        assertThat(store.root().resolve("packages/tach/1.0.0")).doesNotExist();
        assertThat(store.root().resolve("generation")).hasContent("2");
    }

    @Test
    void gcSparesPackagesInUse() throws Exception {
        // Given
        store.markInUse("update", List.of(id("tach", "1.0.0"), id("bus", "1.0.0")));

        // When
        List<PackageInfo> removed = store.gc(1);

        // Then
        assertThat(ids(removed)).containsExactly("tach 1.1.0", "tach 2.0.0.rc_1");
        assertThat(ids(store.list("*"))).containsExactly("bus 1.0.0", "bus 1.1.0", "tach 1.0.0", "tach 2.0.0");
        assertThat(store.inUse()).isEqualTo(Set.of(id("tach", "1.0.0"), id("bus", "1.0.0")));
    }

    @Test
    void gcWithNothingToRemoveChangesNothing() throws Exception {
        // When
        List<PackageInfo> removed = store.gc(10);

        // Then
        assertThat(removed).isEmpty();
        assertThat(store.list("*")).hasSize(6);
        assertThat(store.root().resolve("generation")).hasContent("1");
    }

    @Test
    void gcRefusesToKeepNothing() {
        // When / Then
        assertThatThrownBy(() -> store.gc(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot keep 0 versions of each package: keep at least 1.");
        assertThat(store.list("*")).hasSize(6);
    }
}
