package gtach.provisioning.itests;

import gtach.provisioning.itests.GtachProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application, as an operator drives it: install the tachometer and its display,
 * update the tachometer while the display keeps reading it, watch the faulty release roll back by
 * itself, see the breaking release refused, roll back on purpose.
 */
class ExampleApplicationProcessTest {

    private static final String TACH = "gtach.example.tach";
    private static final String DISPLAY = "gtach.example.display";

    @TempDir
    Path temp;

    @Test
    void updateTheRunningExampleAndWatchTheFaultyReleaseRollBack() throws Exception {
        Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
        assertThat(packages.resolve("example-tach-1.2.0.jar")).as("built example packages").exists();

        try (GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            RuntimeLog log = new RuntimeLog(temp.resolve("home"));
            assertThat(ok(runtime, "gtach:add " + packages).lines()).hasSize(9);
            assertThat(ok(runtime, "gtach:install " + TACH + " ~1.0.0")).contains("Generation 1 is running");
            assertThat(ok(runtime, "gtach:install " + DISPLAY + " ^1.0")).contains("Generation 2 is running");
            // The display writes to the runtime's log, at INFO
            log.awaitFinding(0, " INFO  \\[" + DISPLAY.replace(".", "\\.") + "\\] \\S+: Display 1\\.0\\.0: \\d+ rpm from simulated tach 1\\.0\\.0",
                    Duration.ofSeconds(10));
            long tachId = bundleId(runtime, TACH);

            // A compatible release, while the display runs: its output changes, the bundle keeps its id
            long beforeUpdate = log.size();
            assertThat(ok(runtime, "gtach:update " + TACH + " ~1.1.0"))
                    .contains("update " + TACH + " 1.0.0 -> 1.1.0").contains("Generation 3 is running");
            log.awaitFinding(beforeUpdate, "Display 1\\.0\\.0: \\d+ rpm from smoothed simulated tach 1\\.1\\.0",
                    Duration.ofSeconds(10));
            assertThat(bundleId(runtime, TACH)).isEqualTo(tachId);

            // The faulty release rolls back by itself, and says why in one sentence
            Result faulty = runtime.cmd("gtach:update " + TACH + " ~1.2.0");
            assertThat(faulty.status()).isEqualTo(1);
            assertThat(faulty.out().strip()).doesNotContain("\n")
                    .contains("the sensor calibration table is missing").endsWith("generation 3 is running again.");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 3 (")
                    .containsPattern(TACH + " +1\\.1\\.0 +ACTIVE").containsPattern(DISPLAY + " +1\\.0\\.0 +ACTIVE");

            // The breaking release is refused before anything changes, naming the display
            Result breaking = runtime.cmd("gtach:plan update " + TACH + " '[2,3)'");
            assertThat(breaking.status()).isEqualTo(1);
            assertThat(breaking.out()).contains(DISPLAY + " 1.0.0 needs package " + TACH + " [1.0.0,2.0.0)");

            // History shows the failed attempt; a rollback on purpose is a new generation
            assertThat(ok(runtime, "gtach:history")).contains("rolled back");
            long beforeRollback = log.size();
            assertThat(ok(runtime, "gtach:rollback")).contains("Generation 4 is running: rollback to 2.");
            log.awaitFinding(beforeRollback, "Display 1\\.0\\.0: \\d+ rpm from simulated tach 1\\.0\\.0",
                    Duration.ofSeconds(10));
            assertThat(Files.readString(temp.resolve("home/state/current")).strip()).isEqualTo("4");
            assertThat(runtime.stop()).isZero();
        }
    }

    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }

    private static long bundleId(GtachProcess runtime, String symbolicName) throws Exception {
        String lb = ok(runtime, "lb -s");
        return lb.lines().map(String::strip)
                .filter(line -> line.matches("\\d+\\|.*\\|\\s*" + symbolicName.replace(".", "\\.") + " \\(.*"))
                .map(line -> Long.parseLong(line.substring(0, line.indexOf('|'))))
                .findFirst().orElseThrow(() -> new AssertionError("lb -s shows no " + symbolicName + ":\n" + lb));
    }
}
