package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** get, versions, list, search, exporters and importers over a small repository. */
class QueryTest {

    @TempDir
    Path temp;

    private RepositoryStore store;

    @BeforeEach
    void fill() throws Exception {
        Path jars = temp.resolve("jars");
        TestBundle.named("gtach.tach", "1.0.0").header("Bundle-Name", "Tachometer")
                .exports("gtach.tach.api;version=1.0.0").imports("gtach.bus;version=\"[1,2)\"").writeTo(jars.resolve("t1.jar"));
        TestBundle.named("gtach.tach", "1.1.0.rc_1").header("Bundle-Name", "Tachometer")
                .exports("gtach.tach.api;version=1.1.0").imports("gtach.bus;version=\"[1,2)\"").writeTo(jars.resolve("t2.jar"));
        TestBundle.named("gtach.tach", "1.1.0").header("Bundle-Name", "Tachometer")
                .exports("gtach.tach.api;version=1.1.0").imports("gtach.bus;version=\"[1,2)\"").writeTo(jars.resolve("t3.jar"));
        TestBundle.named("gtach.tach", "1.1.0.0123").header("Bundle-Name", "Tachometer")
                .exports("gtach.tach.api;version=1.1.0").writeTo(jars.resolve("t4.jar"));
        TestBundle.named("gtach.tach", "1.10.0").header("Bundle-Name", "Tachometer").writeTo(jars.resolve("t5.jar"));
        TestBundle.named("gtach.bus", "1.5.0").header("Bundle-Description", "The CAN BUS reader")
                .exports("gtach.bus;version=1.5.0").writeTo(jars.resolve("b.jar"));
        TestBundle.named("gtach.display", "3.0.0").imports("gtach.bus,gtach.tach.api;resolution:=optional")
                .writeTo(jars.resolve("d.jar"));
        TestBundle.named("other.thing", "0.1.0").writeTo(jars.resolve("o.jar"));
        store = RepositoryStore.open(temp.resolve("repository"));
        store.add(jars.toString());
    }

    private static List<String> ids(List<PackageInfo> infos) {
        return infos.stream().map(info -> info.id().toString()).toList();
    }

    @Test
    void getReadsOsgiAndSemverText() {
        // When
        Optional<PackageInfo> osgi = store.get("gtach.tach", "1.1.0.rc_1");
        Optional<PackageInfo> semver = store.get("gtach.tach", "1.1.0-rc.1");
        Optional<PackageInfo> shortOsgi = store.get("gtach.tach", "1.1");

        // Then
        assertThat(osgi).isPresent();
        assertThat(semver).isEqualTo(osgi);
        assertThat(shortOsgi.orElseThrow().id().toString()).isEqualTo("gtach.tach 1.1.0");
        assertThat(store.get("gtach.tach", "9.9.9")).isEmpty();
        assertThat(store.get("nothing", "1.0.0")).isEmpty();
    }

    @Test
    void getRefusesTextThatIsNoVersion() {
        // When / Then
        assertThatThrownBy(() -> store.get("gtach.tach", "one.two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid version \"one.two\": it is neither an OSGi version nor a semantic version.");
    }

    @Test
    void versionsAreInSemverPrecedenceWithUnmappableQualifiersLast() {
        // When
        List<PackageInfo> versions = store.versions("gtach.tach");

        // Then
        assertThat(ids(versions)).containsExactly("gtach.tach 1.0.0", "gtach.tach 1.1.0.rc_1", "gtach.tach 1.1.0",
                "gtach.tach 1.1.0.0123", "gtach.tach 1.10.0");
        assertThat(store.versions("nothing")).isEmpty();
    }

    @Test
    void listMatchesAGlobOnTheSymbolicName() {
        // When / Then
        assertThat(ids(store.list("*"))).hasSize(8).startsWith("gtach.bus 1.5.0", "gtach.display 3.0.0", "gtach.tach 1.0.0")
                .endsWith("other.thing 0.1.0");
        assertThat(ids(store.list("gtach.?us"))).containsExactly("gtach.bus 1.5.0");
        assertThat(ids(store.list("*thing"))).containsExactly("other.thing 0.1.0");
        assertThat(ids(store.list("gtach.display"))).containsExactly("gtach.display 3.0.0");
        assertThat(store.list("gtach")).isEmpty();
        assertThat(store.list("(.*)")).isEmpty();
    }

    @Test
    void searchFindsTextInNameDescriptionAndExportsIgnoringCase() {
        // When / Then
        assertThat(ids(store.search("can bus", Optional.empty()))).containsExactly("gtach.bus 1.5.0");
        assertThat(ids(store.search("TACHOMETER", Optional.empty()))).hasSize(5);
        assertThat(ids(store.search("tach.api", Optional.empty()))).containsExactly("gtach.tach 1.0.0",
                "gtach.tach 1.1.0.rc_1", "gtach.tach 1.1.0", "gtach.tach 1.1.0.0123");
        assertThat(ids(store.search("", Optional.empty()))).hasSize(8);
        assertThat(store.search("nowhere", Optional.empty())).isEmpty();
    }

    @Test
    void searchFiltersByRangeWithSemverSemantics() {
        // When
        List<PackageInfo> caret = store.search("gtach.tach", Optional.of(SemanticRange.parse("^1.1.0")));
        List<PackageInfo> preReleases = store.search("gtach.tach", Optional.of(SemanticRange.parse("^1.1.0-rc.0")));

        // Then: the pre-release only where the range asks for it; 1.1.0.0123 has no SemVer reading, so
        // VersionOrder puts it above 1.1.0 and every SemVer version of 1.1.0
        assertThat(ids(caret)).containsExactly("gtach.tach 1.1.0", "gtach.tach 1.1.0.0123", "gtach.tach 1.10.0");
        assertThat(ids(preReleases)).containsExactly("gtach.tach 1.1.0.rc_1", "gtach.tach 1.1.0", "gtach.tach 1.1.0.0123",
                "gtach.tach 1.10.0");
    }

    @Test
    void searchTakesAStampedReleaseForARelease() throws Exception {
        // Given: an official OSGi release, whose qualifier is a timestamp
        Path jar = temp.resolve("event.jar");
        TestBundle.named("org.osgi.service.event", "1.4.1.202109301733").writeTo(jar);
        store.add(jar.toString());

        // When / Then: it is in a range of releases, like any release
        assertThat(ids(store.search("org.osgi.service.event", Optional.of(SemanticRange.parse("^1.4")))))
                .containsExactly("org.osgi.service.event 1.4.1.202109301733");
    }

    @Test
    void searchDoesNotMatchAcrossFields() {
        // Given: "gtach.bus" ends its name field and "the can" starts its description

        // When / Then
        assertThat(store.search("bus the", Optional.empty())).isEmpty();
    }

    @Test
    void exportersAndImportersOfAPackage() {
        // When / Then
        assertThat(ids(store.exporters("gtach.bus"))).containsExactly("gtach.bus 1.5.0");
        assertThat(ids(store.exporters("gtach.tach.api"))).containsExactly("gtach.tach 1.0.0", "gtach.tach 1.1.0.rc_1",
                "gtach.tach 1.1.0", "gtach.tach 1.1.0.0123");
        assertThat(ids(store.importers("gtach.bus"))).containsExactly("gtach.display 3.0.0", "gtach.tach 1.0.0",
                "gtach.tach 1.1.0.rc_1", "gtach.tach 1.1.0");
        assertThat(ids(store.importers("gtach.tach.api"))).containsExactly("gtach.display 3.0.0");
        assertThat(store.exporters("nothing")).isEmpty();
        assertThat(store.importers("nothing")).isEmpty();
    }

    @Test
    void resourceAndBundleFileOfAnAbsentPackageAreRefused() {
        // Given
        PackageId id = new PackageId("nothing", Version.parseVersion("1.0"));

        // When / Then
        assertThatThrownBy(() -> store.resource(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No package nothing 1.0.0 in the repository.");
        assertThatThrownBy(() -> store.bundleFile(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No package nothing 1.0.0 in the repository.");
    }
}
