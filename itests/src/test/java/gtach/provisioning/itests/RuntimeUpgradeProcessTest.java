package gtach.provisioning.itests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newer {@code gtach.jar} started on an existing home (what a package upgrade does) brings the
 * runtime's own bundles in line with the ones it embeds: it installs what it adds, updates what
 * changed and uninstalls what it no longer carries, and leaves the application as it was.
 */
class RuntimeUpgradeProcessTest {

    private static final String EXTRA = "gtach.itest.base.extra";
    private static final String ADDED = "gtach.itest.base.added";
    private static final String APP = "gtach.itest.upgrade.app";

    @TempDir
    Path temp;

    @Test
    void aNewerGtachJarInstallsUpdatesAndUninstallsItsOwnBundlesAndKeepsTheApplication() throws Exception {
        Path home = temp.resolve("home");
        Path older = build("older", TestBundles.bundle(EXTRA, "1.0.0").exports(EXTRA + ";version=1.0.0"));
        Path newer = build("newer", TestBundles.bundle(EXTRA, "1.1.0").exports(EXTRA + ";version=1.1.0"),
                TestBundles.bundle(ADDED, "1.0.0"));
        TestBundles.bundle(APP, "1.0.0").writeTo(temp.resolve("app"));

        try (GtachProcess runtime = GtachProcess.startWith(older, home)) {
            assertThat(runtime.ok("lb -s")).containsPattern("Active +\\|\\s*1\\|" + EXTRA + " \\(1\\.0\\.0\\)");
            runtime.ok("gtach:add " + temp.resolve("app"));
            runtime.ok("gtach:install " + APP);
            assertThat(runtime.stop()).isZero();
        }

        try (GtachProcess runtime = GtachProcess.startWith(newer, home)) {
            assertThat(runtime.output()).contains("GTach runtime bundles brought in line with " + newer + ": installed " + ADDED
                    + "; updated " + EXTRA + " 1.1.0.");
            String lb = runtime.ok("lb -s");
            assertThat(lb).containsPattern("Active +\\|\\s*1\\|" + EXTRA + " \\(1\\.1\\.0\\)")
                    .containsPattern("Active +\\|\\s*1\\|" + ADDED + " \\(1\\.0\\.0\\)").doesNotContain(EXTRA + " (1.0.0)");
            assertApplicationUnchanged(runtime);
            assertThat(runtime.stop()).isZero();
        }

        // The same jar again: nothing to do, and nothing said
        try (GtachProcess runtime = GtachProcess.startWith(newer, home)) {
            assertThat(runtime.output()).doesNotContain("brought in line");
            assertThat(runtime.stop()).isZero();
        }

        // Back to the jar as built: the bundles only the others carried are gone
        try (GtachProcess runtime = GtachProcess.startWith(GtachProcess.jar(), home)) {
            assertThat(runtime.output()).contains("GTach runtime bundles brought in line with " + GtachProcess.jar().normalize() + ": uninstalled ")
                    .contains(ADDED + " 1.0.0").contains(EXTRA + " 1.1.0");
            assertThat(runtime.ok("lb -s")).doesNotContain(EXTRA).doesNotContain(ADDED);
            assertApplicationUnchanged(runtime);
            assertThat(runtime.stop()).isZero();
        }
    }

    private static void assertApplicationUnchanged(GtachProcess runtime) throws Exception {
        String status = runtime.ok("gtach:status");
        assertThat(status).contains("Generation 1 (").containsPattern(APP + " +1\\.0\\.0 +ACTIVE").doesNotContain("drift");
    }

    /** A copy of gtach.jar with these bundles embedded besides its own. */
    private Path build(String name, TestBundles... extra) throws Exception {
        Path jar = temp.resolve(name + "/gtach.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(GtachProcess.jar(), jar, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(jar, Map.of())) {
            for (TestBundles bundle : extra) {
                Path written = bundle.writeTo(temp.resolve(name + "-bundles"));
                Files.copy(written, zip.getPath("bundles", written.getFileName().toString()));
            }
        }
        return jar;
    }
}
