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
 * An operator installs a package only a fetched remote lists, with a dependency only it lists too: a
 * real nginx serves a repository published by {@code gtach.jar publish}, the plan picks both from
 * the remote, the runtime downloads and verifies both JARs before the apply, a newer release on the
 * remote is taken by an update, and rollback works with the server gone.
 */
class RemoteInstallProcessTest {

    private static final String NAME = "gtach.remote.tach";
    private static final String DISPLAY = "gtach.remote.display";

    @TempDir
    Path temp;

    @Test
    void installDownloadsAVerifiedRemotePackageRefusesOtherBytesAndRollsBackOffline() throws Exception {
        NginxServer.requireInstalled();
        Path jars = temp.resolve("jars");
        TestBundles.bundle(NAME, "1.0.0").exports("gtach.remote.tach;version=1.0.0").writeTo(jars);
        TestBundles.bundle(DISPLAY, "1.0.0").imports("gtach.remote.tach;version=\"[1.0,2)\"").writeTo(jars);
        GtachProcess.Result keygen = GtachProcess.run(List.of(GtachProcess.java(), "-jar", GtachProcess.jar().toString(),
                "keygen", "site-key", "--to", temp.toString()));
        assertThat(keygen.status()).as(keygen.out()).isZero();
        Path site = temp.resolve("site");
        GtachProcess.Result publish = GtachProcess.run(List.of(GtachProcess.java(), "-jar", GtachProcess.jar().toString(),
                "publish", jars.toString(), "--to", site.toString(), "--key", temp.resolve("site-key.key").toString()));
        assertThat(publish.status()).as(publish.out()).isZero();
        Path servedJar;
        try (Stream<Path> files = Files.walk(site)) {
            servedJar = files.filter(f -> f.getFileName().toString().startsWith(NAME + "-") && f.toString().endsWith(".jar"))
                    .findFirst().orElseThrow();
        }
        byte[] genuine = Files.readAllBytes(servedJar);

        NginxServer nginx = NginxServer.serving(site).start();
        boolean nginxRunning = true;
        try (GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            ok(runtime, "gtach:remote add --key " + temp.resolve("site-key.pub") + " fleet " + nginx.url("/"));
            ok(runtime, "gtach:fetch fleet");

            // A dry run plans with both packages, names them as downloads, and downloads nothing
            GtachProcess.Result plan = runtime.cmd("gtach:plan install " + DISPLAY);
            assertThat(plan.status()).as(plan.out()).isZero();
            assertThat(plan.out()).contains("Downloads first: " + DISPLAY + " 1.0.0 from remote fleet (")
                    .contains("Downloads first: " + NAME + " 1.0.0 from remote fleet (" + genuine.length
                            + " bytes), needed by " + DISPLAY + " 1.0.0, checked against its signed index before anything changes.");
            assertThat(nginx.accessLog()).doesNotContain(".jar");

            // Other bytes under the signed name are refused, and nothing changes
            TestBundles.bundle(NAME, "1.0.0").exports("gtach.remote.tach;version=1.0.0")
                    .header("Bundle-Description", "not what was signed").writeTo(temp.resolve("forged"));
            try (Stream<Path> forged = Files.list(temp.resolve("forged"))) {
                Files.write(servedJar, Files.readAllBytes(forged.findFirst().orElseThrow()));
            }
            GtachProcess.Result refused = runtime.cmd("gtach:install " + DISPLAY);
            assertThat(refused.status()).as(refused.out()).isNotZero();
            assertThat(refused.out()).contains("Cannot install " + DISPLAY + ": downloading " + NAME
                    + " 1.0.0 from remote fleet failed (").contains("nothing running was changed");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 0 (").doesNotContain(NAME).doesNotContain(DISPLAY);

            // The genuine JARs are downloaded, verified, installed and run
            Files.write(servedJar, genuine);
            String install = ok(runtime, "gtach:install " + DISPLAY);
            assertThat(install.lines()).contains("Downloaded " + NAME + " 1.0.0 from remote fleet (" + genuine.length
                    + " bytes), checked against its signed index.", "install " + NAME + " 1.0.0", "install " + DISPLAY + " 1.0.0");
            assertThat(nginx.accessLog()).contains(servedJar.getFileName().toString());
            assertThat(ok(runtime, "gtach:status")).contains("Generation 1 (install " + DISPLAY + ")")
                    .containsPattern(NAME + " +1\\.0\\.0 +ACTIVE").containsPattern(DISPLAY + " +1\\.0\\.0 +ACTIVE");

            // A newer release published to the remote is taken by an update once fetched
            Path newer = temp.resolve("newer");
            TestBundles.bundle(NAME, "1.1.0").exports("gtach.remote.tach;version=1.1.0").writeTo(newer);
            GtachProcess.Result republish = GtachProcess.run(List.of(GtachProcess.java(), "-jar", GtachProcess.jar().toString(),
                    "publish", newer.toString(), "--to", site.toString(), "--key", temp.resolve("site-key.key").toString()));
            assertThat(republish.status()).as(republish.out()).isZero();
            ok(runtime, "gtach:fetch fleet");
            String update = ok(runtime, "gtach:update " + NAME);
            assertThat(update).contains("Downloaded " + NAME + " 1.1.0 from remote fleet (");
            assertThat(ok(runtime, "gtach:status")).containsPattern(NAME + " +1\\.1\\.0 +ACTIVE");

            // Rollback needs no network
            nginx.close();
            nginxRunning = false;
            ok(runtime, "gtach:rollback");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 3 (").containsPattern(NAME + " +1\\.0\\.0 +ACTIVE");
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
