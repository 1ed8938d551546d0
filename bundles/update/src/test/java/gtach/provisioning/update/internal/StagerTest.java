package gtach.provisioning.update.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gtach.provisioning.repository.PackageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Staging copies exactly the JAR the plan checked, and refuses one whose manifest names another package. */
class StagerTest {

    @TempDir
    Path temp;

    private final StoredPackages packages = new StoredPackages();

    private static Path bundle(Path file, String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName + ";singleton:=true");
        main.putValue("Bundle-Version", version);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.finish();
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private TargetBundle target(String symbolicName, String version, Path jar) throws Exception {
        PackageId id = new PackageId(symbolicName, Version.parseVersion(version));
        packages.add(Resources.bundle(symbolicName, version)).jar(symbolicName, version, jar);
        return new TargetBundle(id, sha256(jar), TargetBundle.locationOf(symbolicName), true, true, 0, Optional.empty());
    }

    @Test
    void aJarWhoseManifestMatchesIsStaged() throws Exception {
        // Given
        Path jar = bundle(temp.resolve("app.jar"), "bench.app", "1.0.0");
        TargetBundle app = target("bench.app", "1.0.0", jar);

        // When
        Path staged = new Stager(packages, temp.resolve("staging")).stage(app);

        // Then
        assertThat(staged).hasSameBinaryContentAs(jar);
    }

    @Test
    void aJarWhoseManifestNamesAnotherPackageIsRefused() throws Exception {
        // Given the JAR of bench.lib 2.0.0 stored, with matching hashes, as bench.app 1.0.0
        Path jar = bundle(temp.resolve("lib.jar"), "bench.lib", "2.0.0");
        TargetBundle app = target("bench.app", "1.0.0", jar);

        // When / Then
        assertThatThrownBy(() -> new Stager(packages, temp.resolve("staging")).stage(app))
                .isInstanceOf(ApplyFailure.class)
                .hasMessage("the stored JAR of bench.app 1.0.0 is bench.lib 2.0.0 by its manifest; gtach:verify quarantines it");
    }
}
