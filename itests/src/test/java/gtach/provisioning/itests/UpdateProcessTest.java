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
 * The update commands as an operator uses them from a second terminal: install, plan, update while
 * the application runs, a refused request, history, rollback, and a restart that keeps what was
 * committed.
 */
class UpdateProcessTest {

    private static final String LIB = "gtach.demo.lib";
    private static final String APP = "gtach.demo.app";
    private static final String LIB_PACKAGE = "gtach.provisioning.itests.fixture.lib";

    @TempDir
    Path temp;

    private static FixtureBundle library(String version) {
        return FixtureBundle.bundle(LIB, version).exports(LIB_PACKAGE + ";version=" + version)
                .behaviour(Behaviour.LOG_EVENTS);
    }

    private static FixtureBundle application(String version) {
        return FixtureBundle.bundle(APP, version).imports(LIB_PACKAGE + ";version=\"[1,2)\"")
                .behaviour(Behaviour.LOG_EVENTS);
    }

    @Test
    void operatorInstallsUpdatesAndRollsBackWhileTheApplicationRuns() throws Exception {
        Path home = temp.resolve("home");
        Path first = temp.resolve("first");
        library("1.0.0").writeTo(first);
        application("1.0.0").writeTo(first);
        Path second = temp.resolve("second");
        library("1.1.0").writeTo(second);
        application("1.1.0").writeTo(second);
        library("2.0.0").writeTo(second);

        try (GtachProcess runtime = GtachProcess.start(home)) {
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            assertThat(ok(runtime, "gtach:status")).contains("Generation 0 (");
            ok(runtime, "gtach:add " + first);

            // Installing the application pulls the library it imports
            String install = ok(runtime, "gtach:install " + APP);
            assertThat(install.lines()).contains("install " + APP + " 1.0.0", "install " + LIB + " 1.0.0");
            assertThat(install.lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("Generation 1 is running: install " + APP + ".");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 1 (install " + APP + ")")
                    .containsPattern(APP + " +1\\.0\\.0 +ACTIVE").containsPattern(LIB + " +1\\.0\\.0 +ACTIVE");
            assertThat(events(home)).containsSubsequence("start " + LIB + " 1.0.0", "start " + APP + " 1.0.0");
            long appId = bundleId(runtime, APP);

            // A plan shows the change and changes nothing
            ok(runtime, "gtach:add " + second);
            String plan = ok(runtime, "gtach:plan update " + APP + " ^1.1");
            assertThat(plan.lines().findFirst()).hasValueSatisfying(header ->
                    assertThat(header).matches("ACTION +NAME +FROM +TO +REASON"));
            assertThat(plan).containsPattern("update +" + APP.replace(".", "\\.") + " +1\\.0\\.0 +1\\.1\\.0 +\\S");
            assertThat(plan.lines().reduce((a, b) -> b).orElseThrow()).startsWith("Refresh");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 1 (").containsPattern(APP + " +1\\.0\\.0 +ACTIVE");

            // Updating while it runs keeps the bundle (same id), stops the old version and starts the new one
            String update = ok(runtime, "gtach:update " + APP + " ^1.1");
            assertThat(update.lines()).contains("update " + APP + " 1.0.0 -> 1.1.0");
            assertThat(update.lines().reduce((a, b) -> b).orElseThrow()).startsWith("Generation 2 is running: ");
            assertThat(bundleId(runtime, APP)).isEqualTo(appId);
            assertThat(ok(runtime, "gtach:status")).contains("Generation 2 (").containsPattern(APP + " +1\\.1\\.0 +ACTIVE");
            assertThat(events(home)).containsSubsequence("stop " + APP + " 1.0.0", "start " + APP + " 1.1.0");

            // A request the application cannot live with is refused with one sentence, and nothing changes
            String statusBefore = ok(runtime, "gtach:status");
            Result refused = runtime.cmd("gtach:update " + LIB + " '[2,3)'");
            assertThat(refused.status()).as(refused.out()).isEqualTo(1);
            assertThat(refused.out().strip()).doesNotContain("\n").doesNotContain("Exception").contains(LIB);
            assertThat(ok(runtime, "gtach:status")).isEqualTo(statusBefore);
            Result unknown = runtime.cmd("gtach:install gtach.no.such.package");
            assertThat(unknown.status()).as(unknown.out()).isEqualTo(1);
            assertThat(unknown.out().strip()).doesNotContain("\n").contains("gtach.no.such.package");
            Result badRange = runtime.cmd("gtach:install " + APP + " ^1.x.2");
            assertThat(badRange.status()).isEqualTo(1);
            assertThat(badRange.out().strip()).doesNotContain("\n").contains("^1.x.2");
            assertThat(ok(runtime, "gtach:status")).isEqualTo(statusBefore);

            // The history lists both commits, oldest first
            List<String> history = ok(runtime, "gtach:history").lines().toList();
            assertThat(history.get(0)).matches("GEN +TIME +REQUEST +CHANGES +OUTCOME +REASON");
            assertThat(history).anySatisfy(row -> assertThat(row)
                    .matches("1 +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d +install " + APP + " .*committed.*"));
            assertThat(history).anySatisfy(row -> assertThat(row)
                    .matches("2 +\\S+ +update " + APP + " \\^1\\.1 +.*update " + APP + " 1\\.0\\.0 -> 1\\.1\\.0.*committed.*"));

            // Rolling back makes the first set run again, recorded as generation 3
            String rollback = ok(runtime, "gtach:rollback");
            assertThat(rollback.lines().reduce((a, b) -> b).orElseThrow()).startsWith("Generation 3 is running: ");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 3 (")
                    .containsPattern(APP + " +1\\.0\\.0 +ACTIVE").containsPattern(LIB + " +1\\.0\\.0 +ACTIVE");
            assertThat(bundleId(runtime, APP)).isEqualTo(appId);
            assertThat(runtime.stop()).isZero();
        }

        // After a restart the committed generation runs, with the same bundles
        try (GtachProcess runtime = GtachProcess.start(home)) {
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            assertThat(ok(runtime, "gtach:status")).contains("Generation 3 (")
                    .containsPattern(APP + " +1\\.0\\.0 +ACTIVE").containsPattern(LIB + " +1\\.0\\.0 +ACTIVE")
                    .doesNotContainPattern(APP + " +1\\.1\\.0");
            assertThat(Files.readString(home.resolve("state/current")).strip()).isEqualTo("3");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void updateWithNothingNewerSaysSoAndKeepsTheGeneration() throws Exception {
        Path home = temp.resolve("home");
        Path packages = temp.resolve("packages");
        library("1.0.0").writeTo(packages);
        application("1.0.0").writeTo(packages);
        try (GtachProcess runtime = GtachProcess.start(home)) {
            ok(runtime, "gtach:add " + packages);
            ok(runtime, "gtach:install " + APP);

            assertThat(ok(runtime, "gtach:plan update --all").strip())
                    .isEqualTo("Nothing to do: \"update --all\" is already satisfied.");
            assertThat(ok(runtime, "gtach:update --all").strip())
                    .isEqualTo("Nothing to do: \"update --all\" is already satisfied; generation 1 keeps running.");
            assertThat(ok(runtime, "gtach:status")).contains("Generation 1 (");

            // Arguments that do not fit are one sentence too
            Result both = runtime.cmd("gtach:update --all " + APP);
            assertThat(both.status()).isEqualTo(1);
            assertThat(both.out().strip()).isEqualTo("update --all names no package, but got \"" + APP + "\".");
            Result plan = runtime.cmd("gtach:plan upgrade " + APP);
            assertThat(plan.status()).isEqualTo(1);
            assertThat(plan.out().strip()).isEqualTo("Cannot plan \"upgrade\": the first word must be install, update or uninstall.");
            assertThat(runtime.stop()).isZero();
        }
    }

    /** Runs a command that must succeed and answers its output. */
    private static String ok(GtachProcess runtime, String line) throws Exception {
        Result result = runtime.cmd(line);
        assertThat(result.status()).as("gtach.jar cmd '%s' printed:%n%s", line, result.out()).isZero();
        return result.out();
    }

    private static List<String> events(Path home) throws Exception {
        Path log = home.resolve("app-events.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
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
