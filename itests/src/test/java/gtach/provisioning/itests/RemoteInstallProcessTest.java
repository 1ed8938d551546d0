package gtach.provisioning.itests;

import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator installs a package only a fetched remote lists: a real nginx serves a repository
 * published by {@code gtach.jar publish}, the runtime downloads and verifies the JAR before it plans,
 * and rollback works with the server gone.
 */
class RemoteInstallProcessTest {

    private static final String NAME = "gtach.remote.tach";

    @TempDir
    Path temp;

    @Test
    void installDownloadsAVerifiedRemotePackageRefusesOtherBytesAndRollsBackOffline() throws Exception {
        NginxServer.requireInstalled();
        Path jars = temp.resolve("jars");
        TestBundles.bundle(NAME, "1.0.0").exports("gtach.remote.tach;version=1.0.0").writeTo(jars);
        GtachProcess.Result keygen = GtachProcess.run(List.of(GtachProcess.java(), "-jar", GtachProcess.jar().toString(),
                "keygen", "site-key", "--to", temp.toString()));
        assertThat(keygen.status()).as(keygen.out()).isZero();
        Path site = temp.resolve("site");
        GtachProcess.Result publish = GtachProcess.run(List.of(GtachProcess.java(), "-jar", GtachProcess.jar().toString(),
                "publish", jars.toString(), "--to", site.toString(), "--key", temp.resolve("site-key.key").toString()));
        assertThat(publish.status()).as(publish.out()).isZero();
        Path servedJar;
        try (Stream<Path> files = Files.walk(site)) {
            servedJar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        byte[] genuine = Files.readAllBytes(servedJar);

        NginxServer nginx = NginxServer.serving(site).start();
        boolean nginxRunning = true;
        try (GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            ok(runtime, "gtach:remote add --key " + temp.resolve("site-key.pub") + " fleet " + nginx.url("/"));
            ok(runtime, "gtach:fetch fleet");

            // A dry run names the download and downloads nothing
            GtachProcess.Result plan = runtime.cmd("gtach:plan install " + NAME);
            assertThat(plan.out()).contains(NAME + " 1.0.0 from remote fleet (" + genuine.length + " bytes)")
                    .contains("gtach:install or gtach:update downloads");
            assertThat(nginx.accessLog()).doesNotContain(".jar");

            // Other bytes under the signed name are refused, and nothing changes
            TestBundles.bundle(NAME, "1.0.0").exports("gtach.remote.tach;version=1.0.0")
                    .header("Bundle-Description", "not what was signed").writeTo(temp.resolve("forged"));
            try (Stream<Path> forged = Files.list(temp.resolve("forged"))) {
                Files.write(servedJar, Files.readAllBytes(forged.findFirst().orElseThrow()));
            }
            GtachProcess.Result refused = runtime.cmd("gtach:install " + NAME);
            assertThat(refused.status()).as(refused.out()).isNotZero();
            assertThat(refused.out()).contains("Cannot install " + NAME + ": downloading 1.0.0 from remote fleet failed (")
                    .contains("nothing running was changed");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 0 (").doesNotContain(NAME);

            // The genuine JAR is downloaded, verified, installed and runs
            Files.write(servedJar, genuine);
            String install = ok(runtime, "gtach:install " + NAME);
            assertThat(install.lines()).contains("Downloaded " + NAME + " 1.0.0 from remote fleet (" + genuine.length
                    + " bytes), checked against its signed index.", "install " + NAME + " 1.0.0");
            assertThat(nginx.accessLog()).contains(servedJar.getFileName().toString());
            assertThat(ok(runtime, "gtach:status")).contains("Generation 1 (install " + NAME + ")")
                    .containsPattern(NAME + " +1\\.0\\.0 +ACTIVE");

            // Rollback needs no network
            nginx.close();
            nginxRunning = false;
            ok(runtime, "gtach:rollback");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 2 (").doesNotContain(NAME + " ");
            assertThat(runtime.stop()).isZero();
        } finally {
            if (nginxRunning) {
                nginx.close();
            }
        }
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        GtachProcess.Result result = runtime.cmd(line);
        assertThat(result.status()).as(line + " → " + result.out()).isZero();
        return result.out();
    }
}
