package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generation that passed its hot update but kills the JVM on every boot is abandoned, after three
 * boots in a row, for the previous one: the Pi comes back by itself.
 */
class BootGuardProcessTest {

    private static final String APP = "gtach.itest.boot.app";

    @TempDir
    Path temp;

    @Test
    void aGenerationThatCrashesEveryBootIsAbandonedAfterThreeBoots() throws Exception {
        Path home = temp.resolve("home");
        Path packages = temp.resolve("packages");
        FixtureBundle.bundle(APP, "1.0.0").behaviour(Behaviour.LOG_EVENTS).writeTo(packages);
        FixtureBundle.bundle(APP, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.HALT_WHILE_BOOTING).writeTo(packages);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            ok(runtime, "gtach:add " + packages);
            ok(runtime, "gtach:install " + APP + " '[1.0,1.1)'");
            // The faulty version passes its hot update: it only crashes while the runtime boots.
            ok(runtime, "gtach:update " + APP);
            assertThat(ok(runtime, "gtach:status")).containsPattern(APP + " +1\\.1\\.0 +ACTIVE");
            assertThat(runtime.stop()).isZero();
        }

        for (int boot = 1; boot <= 3; boot++) {
            try (GtachProcess crashing = GtachProcess.launch(home)) {
                assertThat(crashing.awaitExit()).as("boot %d:%n%s", boot, crashing.output()).isEqualTo(3);
            }
        }

        try (GtachProcess runtime = GtachProcess.start(home)) {
            assertThat(ok(runtime, "gtach:status")).contains("Generation 3 (")
                    .containsPattern(APP + " +1\\.0\\.0 +ACTIVE").doesNotContainPattern(APP + " +1\\.1\\.0");
            List<String> history = ok(runtime, "gtach:history").lines().toList();
            assertThat(history.get(history.size() - 1)).contains("automatic rollback to 1")
                    .contains("generation 2 did not bring the application up in 3 boots in a row");
            assertThat(runtime.stop()).isZero();
        }

        // The boot that came up counted as good: the next one changes nothing.
        try (GtachProcess runtime = GtachProcess.start(home)) {
            assertThat(ok(runtime, "gtach:status")).contains("Generation 3 (").containsPattern(APP + " +1\\.0\\.0 +ACTIVE");
            assertThat(Files.readString(home.resolve("state/current")).strip()).isEqualTo("3");
            assertThat(runtime.stop()).isZero();
        }
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }
}
