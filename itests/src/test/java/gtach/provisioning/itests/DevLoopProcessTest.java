package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The developer loop as a developer drives it from a second terminal: a snapshot rebuilt with the
 * same version is stored in place of the first build, {@code gtach:update} runs the new bytes as a
 * new generation and {@code gtach:rollback} the old ones again; {@code gtach:watch} does the adding
 * and updating by itself when the build writes a JAR.
 */
class DevLoopProcessTest {

    private static final String APP = "gtach.demo.dev";
    private static final String SNAPSHOT = "1.0.0.SNAPSHOT";
    private static final Duration WATCH_PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    /** A build of the snapshot; {@code build} goes into a manifest header, so each build has other bytes. */
    private static FixtureBundle build(String build) {
        return FixtureBundle.bundle(APP, SNAPSHOT).header("X-Gtach-Build", build).behaviour(Behaviour.LOG_EVENTS);
    }

    @Test
    void aRebuiltSnapshotIsUpdatedInPlaceAndRolledBackToTheFirstBuild() throws Exception {
        Path home = temp.resolve("home");
        Path target = temp.resolve("target");
        Path jar = build("first-build").writeTo(target);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            // The first build is stored and installed; naming the snapshot version needs no --pre
            assertThat(ok(runtime, "gtach:add " + jar).strip())
                    .isEqualTo("Added " + APP + " " + SNAPSHOT + " from " + jar.getFileName() + ".");
            assertThat(ok(runtime, "gtach:install " + APP + " 1.0.0-SNAPSHOT")).contains("Generation 1 is running");
            long id = bundleId(runtime, APP);
            assertThat(ok(runtime, "headers " + id)).contains("first-build");

            // The rebuild replaces it in the repository; the first build is kept, since generation 1 runs it
            build("second-build").writeTo(target);
            assertThat(ok(runtime, "gtach:add " + jar).strip()).startsWith("Replaced " + APP + " " + SNAPSHOT
                    + " with the build from " + jar.getFileName() + "; the build it replaces (sha256 ")
                    .endsWith(") is kept while in use.");
            Result remove = runtime.cmd("gtach:remove " + APP + " 1.0.0-SNAPSHOT");
            assertThat(remove.status()).as(remove.out()).isEqualTo(1);
            assertThat(ok(runtime, "gtach:plan update " + APP))
                    .containsPattern("update +" + APP.replace(".", "\\.") + " +1\\.0\\.0-SNAPSHOT +1\\.0\\.0-SNAPSHOT +requested");

            // gtach:update runs the new bytes in place, as generation 2, without --pre
            String update = ok(runtime, "gtach:update " + APP);
            assertThat(update.lines()).contains("update " + APP + " 1.0.0-SNAPSHOT (other build)");
            assertThat(update).contains("Generation 2 is running: update " + APP);
            assertThat(bundleId(runtime, APP)).isEqualTo(id);
            assertThat(ok(runtime, "headers " + id)).contains("second-build").doesNotContain("first-build");

            // gtach:rollback runs the first build's bytes again, read back from the repository by their hash
            String rollback = ok(runtime, "gtach:rollback");
            assertThat(rollback.lines()).contains("update " + APP + " 1.0.0-SNAPSHOT (other build)");
            assertThat(rollback).contains("Generation 3 is running: rollback to 1.");
            assertThat(ok(runtime, "headers " + id)).contains("first-build").doesNotContain("second-build");
            assertThat(ok(runtime, "gtach:status")).containsPattern(APP.replace(".", "\\.") + " +1\\.0\\.0\\.SNAPSHOT +ACTIVE");

            // A release keeps today's refusal
            Path release = FixtureBundle.bundle(APP, "1.0.0").writeTo(temp.resolve("release-a"));
            ok(runtime, "gtach:add " + release);
            Path other = FixtureBundle.bundle(APP, "1.0.0").header("X-Gtach-Build", "other").writeTo(temp.resolve("release-b"));
            Result refused = runtime.cmd("gtach:add " + other);
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.out()).contains("a release is never replaced");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void watchAddsAndUpdatesEachRebuildAsAGenerationUntilStopped() throws Exception {
        Path home = temp.resolve("home");
        Path target = temp.resolve("target");
        Path jar = build("first-build").writeTo(target);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            ok(runtime, "gtach:add " + jar);
            ok(runtime, "gtach:install " + APP + " 1.0.0-SNAPSHOT");
            long id = bundleId(runtime, APP);

            // Bad input is one sentence and starts nothing
            Result missing = runtime.cmd("gtach:watch " + temp.resolve("no-such-target"));
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.out().strip()).doesNotContain("\n").contains("no such directory; nothing was changed.");
            Result repository = runtime.cmd("gtach:watch " + home.resolve("repository"));
            assertThat(repository.status()).isEqualTo(1);
            assertThat(repository.out().strip()).doesNotContain("\n").contains("it is the repository");
            assertThat(ok(runtime, "gtach:watch")).startsWith("Nothing is watched");

            // Watching: the build writes a new JAR, and a new generation runs it
            assertThat(ok(runtime, "gtach:watch " + target)).startsWith("Watching ");
            build("second-build").writeTo(target);
            awaitStatus(runtime, "Generation 2 (");
            assertThat(ok(runtime, "headers " + id)).contains("second-build");
            assertThat(ok(runtime, "gtach:watch")).contains(": 1 change.", "Generation 2 is running: update " + APP
                    + " 1.0.0-SNAPSHOT (other build).");

            // Stopped: a later build changes nothing
            assertThat(ok(runtime, "gtach:watch --stop")).startsWith("Stopped watching ");
            build("third-build").writeTo(target);
            Thread.sleep(3_000);
            assertThat(ok(runtime, "gtach:status")).contains("Generation 2 (");
            assertThat(ok(runtime, "headers " + id)).contains("second-build");
            assertThat(runtime.stop()).isZero();
        }
    }

    private static void awaitStatus(GtachProcess runtime, String text) throws Exception {
        long deadline = System.nanoTime() + WATCH_PATIENCE.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = ok(runtime, "gtach:status");
            if (status.contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("gtach:status did not show \"" + text + "\" within " + WATCH_PATIENCE.toSeconds()
                + " s; it shows:\n" + status + "\ngtach:watch shows:\n" + runtime.cmd("gtach:watch").out());
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }

    /** The bundle id {@code lb -s} shows for a symbolic name. */
    private static long bundleId(GtachProcess runtime, String symbolicName) throws Exception {
        String lb = ok(runtime, "lb -s");
        return lb.lines().map(String::strip)
                .filter(line -> line.matches("\\d+\\|.*\\|\\s*" + symbolicName.replace(".", "\\.") + " \\([^)]*\\)(\\|.*)?"))
                .map(line -> Long.parseLong(line.substring(0, line.indexOf('|'))))
                .findFirst().orElseThrow(() -> new AssertionError("lb -s shows no " + symbolicName + ":\n" + lb));
    }
}
