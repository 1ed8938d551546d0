package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the runtime's own files can lose between two runs, with the runtime stopped: the framework's
 * cache (Felix does not sync it; a power cut on an SD card can tear a JAR) is compared with the
 * generation at every boot and put back from the repository; the repository's in-use record is
 * re-derived from the generation files at every start, so a kept generation's JAR cannot be removed.
 */
class DriftProcessTest {

    private static final String APP = "gtach.itest.drift.app";

    @TempDir
    Path temp;

    @Test
    void aJarTornInTheFrameworkCacheIsPutBackAtTheNextBoot() throws Exception {
        Path home = temp.resolve("home");
        Path packages = temp.resolve("packages");
        FixtureBundle.bundle(APP, "1.0.0").behaviour(Behaviour.LOG_EVENTS).writeTo(packages);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            ok(runtime, "gtach:add " + packages);
            ok(runtime, "gtach:install " + APP);
            assertThat(runtime.stop()).isZero();
        }
        Path cached = cachedJar(home, "gtach:app:" + APP);
        try (FileChannel jar = FileChannel.open(cached, StandardOpenOption.WRITE)) {
            jar.truncate(jar.size() / 2);
        }

        try (GtachProcess runtime = GtachProcess.start(home)) {
            String status = ok(runtime, "gtach:status");
            assertThat(status).contains("Generation 1 (").containsPattern(APP + " +1\\.0\\.0 +ACTIVE")
                    .doesNotContain("does not run generation");
            assertThat(Files.readString(home.resolve("log/gtach.log")))
                    .contains("The framework's cache did not hold generation 1 as recorded");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void theInUseRecordIsRederivedFromTheGenerationsAtEveryStart() throws Exception {
        Path home = temp.resolve("home");
        Path packages = temp.resolve("packages");
        FixtureBundle.bundle(APP, "1.0.0").writeTo(packages);
        FixtureBundle.bundle(APP, "1.1.0").writeTo(packages);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            ok(runtime, "gtach:add " + packages);
            ok(runtime, "gtach:install " + APP + " '[1.0,1.1)'");
            ok(runtime, "gtach:update " + APP);
            assertThat(runtime.stop()).isZero();
        }
        // The record falls behind the generations (a repository that could not be written for a while)
        Path record = home.resolve("repository/in-use/update.json");
        assertThat(record).exists();
        Files.delete(record);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            Result removal = runtime.cmd("gtach:remove " + APP + " 1.0.0");
            assertThat(removal.status()).as(removal.out()).isNotZero();
            assertThat(removal.out()).contains("in use");
            assertThat(ok(runtime, "gtach:rollback 1")).contains("Generation 3");
            assertThat(runtime.stop()).isZero();
        }
    }

    /** The JAR Felix keeps for the bundle at a location: bundle<id>/version<n>.<m>/bundle.jar. */
    private static Path cachedJar(Path home, String location) throws IOException {
        try (DirectoryStream<Path> bundles = Files.newDirectoryStream(home.resolve("framework"), "bundle*")) {
            for (Path dir : bundles) {
                Path info = dir.resolve("bundle.info");
                if (Files.exists(info) && Files.readAllLines(info).get(1).equals(location)) {
                    try (Stream<Path> revisions = Files.list(dir)) {
                        List<Path> jars = revisions.filter(p -> p.getFileName().toString().startsWith("version"))
                                .map(p -> p.resolve("bundle.jar")).filter(Files::exists).toList();
                        assertThat(jars).as("revisions of " + location).hasSize(1);
                        return jars.get(0);
                    }
                }
            }
        }
        throw new AssertionError("No bundle at " + location + " in " + home.resolve("framework"));
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }
}
