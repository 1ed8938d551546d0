package gtach.provisioning.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.VerifyReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** A quarantined package explains its absence, and a JAR whose manifest contradicts its metadata is quarantined. */
class QuarantinedPackageTest {

    @TempDir
    Path temp;

    private Path root;
    private Path jars;
    private RepositoryStore store;

    @BeforeEach
    void fill() throws Exception {
        root = temp.resolve("repository");
        jars = temp.resolve("jars");
        TestBundle.named("tach", "1.0.0").writeTo(jars.resolve("tach.jar"));
        TestBundle.named("bus", "2.0.0").writeTo(jars.resolve("bus.jar"));
        store = RepositoryStore.open(root);
        store.add(jars.toString());
    }

    private static PackageId id(String name, String version) {
        return new PackageId(name, Version.parseVersion(version));
    }

    @Test
    void aQuarantinedPackageSaysWhenWhyAndHowToRestoreIt() throws Exception {
        // Given a tampered JAR, quarantined by verify
        Files.write(root.resolve("packages/bus/2.0.0/bundle.jar"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        VerifyReport.Quarantined quarantined = store.verify().quarantined().get(0);

        // When
        String why = store.whyAbsent(id("bus", "2.0.0")).orElseThrow();

        // Then
        assertThat(why).matches("bus 2\\.0\\.0 was moved to quarantine on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC because "
                + "bundle\\.jar does not match its recorded sha256 \\(.*\\); its files are in "
                + java.util.regex.Pattern.quote(quarantined.movedTo().toString())
                + "; to restore it, store its original JAR again with gtach:add\\.");
        assertThatThrownBy(() -> store.bundleFile(id("bus", "2.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(why);
        assertThatThrownBy(() -> store.remove("bus", "2.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(why);

        // When the original JAR is stored again, then it is back and nothing is explained any more
        store.add(jars.resolve("bus.jar").toString());
        assertThat(store.get("bus", "2.0.0")).isPresent();
        assertThat(store.whyAbsent(id("bus", "2.0.0"))).isEmpty();
    }

    @Test
    void aPackageNeverStoredHasNoExplanation() {
        assertThat(store.whyAbsent(id("speed", "1.0.0"))).isEmpty();
        assertThat(store.whyAbsent(id("tach", "1.0.0"))).isEmpty();
        assertThatThrownBy(() -> store.bundleFile(id("speed", "1.0.0")))
                .hasMessage("No package speed 1.0.0 in the repository.");
    }

    @Test
    void aJarSwappedTogetherWithItsMetadataIsQuarantined() throws Exception {
        // Given tach's directory holding bus's JAR, with package.json describing tach but bus's hash and size
        Path tachJson = root.resolve("packages/tach/1.0.0/package.json");
        PackageRecord tach = MetadataFormat.readPackage(tachJson);
        PackageInfo bus = store.get("bus", "2.0.0").orElseThrow();
        PackageInfo t = tach.info();
        PackageInfo swapped = new PackageInfo(t.id(), bus.sha256(), bus.size(), t.name(), t.description(), t.exports(),
                t.imports(), t.source(), t.added());
        Files.write(tachJson, MetadataFormat.writePackage(new PackageRecord(swapped, tach.capabilities(), tach.requirements())));
        Files.copy(jars.resolve("bus.jar"), root.resolve("packages/tach/1.0.0/bundle.jar"), StandardCopyOption.REPLACE_EXISTING);
        RepositoryStore reopened = RepositoryStore.open(root);

        // When
        VerifyReport report = reopened.verify();

        // Then
        assertThat(report.quarantined()).singleElement().satisfies(quarantined -> {
            assertThat(quarantined.id()).isEqualTo(id("tach", "1.0.0"));
            assertThat(quarantined.reason()).isEqualTo("bundle.jar is bus 2.0.0 by its manifest, not tach 1.0.0");
        });
        assertThat(reopened.get("tach", "1.0.0")).isEmpty();
        assertThat(reopened.whyAbsent(id("tach", "1.0.0")).orElseThrow())
                .contains(" because bundle.jar is bus 2.0.0 by its manifest, not tach 1.0.0; ");
    }
}
