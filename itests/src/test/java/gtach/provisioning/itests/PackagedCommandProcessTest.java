package gtach.provisioning.itests;

import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Debian package's {@code gtach} command, unpacked with {@code dpkg -x} (not installed), run the
 * way its systemd unit runs it: in the foreground on a home given by {@code GTACH_HOME}, stopped with
 * SIGTERM within the unit's stop timeout, and started again after a failure as
 * {@code Restart=on-failure} does. Commands go through the same command, {@code gtach cmd '…'}.
 * systemd itself does not run here: the tests play its part from the unit's own settings.
 */
class PackagedCommandProcessTest {

    @TempDir
    Path temp;

    @Test
    void packagedCommandRunsTheWalkthroughStopsOnSigtermAndComesBackAsItWas() throws Exception {
        Service service = Service.unpack(temp);
        Path home = temp.resolve("home");

        try (GtachProcess runtime = service.start(home)) {
            assertThat(runtime.output()).contains(GtachProcess.READY + home + ":");
            assertThat(service.ok(home, "gtach:add " + System.getProperty("example.packages")))
                    .contains("Added gtach.example.tach 1.0.0 from example-tach-1.0.0.jar.");
            assertThat(service.ok(home, "gtach:install gtach.example.tach ~1.0.0"))
                    .contains("Generation 1 is running: install gtach.example.tach ~1.0.0.");
            assertThat(service.ok(home, "gtach:status")).containsPattern("gtach\\.example\\.tach +1\\.0\\.0 +ACTIVE");

            // systemctl stop: SIGTERM to the main process, which the command's exec made the JVM itself
            assertThat(service.stop(runtime)).isEqualTo(143);
            assertThat(home.resolve("run/gtach.sock")).doesNotExist();
        }

        try (GtachProcess runtime = service.start(home)) {
            assertThat(service.ok(home, "gtach:status")).contains("Generation 1 (install gtach.example.tach ~1.0.0)")
                    .containsPattern("gtach\\.example\\.tach +1\\.0\\.0 +ACTIVE");
            assertThat(service.ok(home, "stop 0")).isNotNull();
            assertThat(runtime.awaitExit()).isZero();
        }
    }

    @Test
    void restartedOnFailureTheBootGuardBringsBackThePreviousVersionOnTheFourthStart() throws Exception {
        String app = "gtach.itest.service.app";
        Service service = Service.unpack(temp);
        Path home = temp.resolve("home");
        Path packages = temp.resolve("packages");
        FixtureBundle.bundle(app, "1.0.0").behaviour(Behaviour.LOG_EVENTS).writeTo(packages);
        FixtureBundle.bundle(app, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.HALT_WHILE_BOOTING).writeTo(packages);

        try (GtachProcess runtime = service.start(home)) {
            service.ok(home, "gtach:add " + packages);
            service.ok(home, "gtach:install " + app + " '[1.0,1.1)'");
            // The faulty version passes its hot update: it halts the JVM only while the runtime boots
            service.ok(home, "gtach:update " + app);
            assertThat(service.ok(home, "gtach:status")).containsPattern(app + " +1\\.1\\.0 +ACTIVE");
            // systemctl restart gtach: a clean stop, then starts until one comes up
            assertThat(service.stop(runtime)).isEqualTo(143);
        }

        List<Integer> failures = new ArrayList<>();
        try (GtachProcess runtime = service.startUntilUp(home, failures)) {
            assertThat(failures).as("exit statuses of the failed boots").containsExactly(3, 3, 3);
            assertThat(service.ok(home, "gtach:status")).contains("Generation 3 (")
                    .containsPattern(app + " +1\\.0\\.0 +ACTIVE").doesNotContainPattern(app + " +1\\.1\\.0");
            List<String> history = service.ok(home, "gtach:history").lines().toList();
            assertThat(history.get(history.size() - 1)).contains("automatic rollback to 1")
                    .contains("generation 2 did not bring the application up in 3 boots in a row");
            assertThat(service.stop(runtime)).isEqualTo(143);
        }
    }

    /** The unpacked package's command, driven as its unit says. */
    private record Service(Path command, Set<Integer> successStatuses, Duration stopTimeout, int startLimit) {

        static Service unpack(Path temp) throws Exception {
            Path root = OsPackages.unpackDeb(temp.resolve("root"));
            Map<String, List<String>> unit = SystemdUnit.read(root.resolve(OsPackages.DEB_UNIT));
            assertThat(unit.get("Restart")).containsExactly("on-failure");
            Set<Integer> success = new TreeSet<>(Set.of(0));
            for (String statuses : unit.getOrDefault("SuccessExitStatus", List.of())) {
                for (String status : statuses.split("\\s+")) {
                    success.add(Integer.parseInt(status));
                }
            }
            return new Service(root.resolve(OsPackages.DEB_COMMAND), success, SystemdUnit.stopTimeout(unit),
                    Integer.parseInt(unit.get("StartLimitBurst").get(0)));
        }

        /** Starts the command in the foreground, as ExecStart does, and waits until the runtime is ready. */
        GtachProcess start(Path home) throws Exception {
            GtachProcess runtime = launch(home);
            OptionalInt exited = runtime.awaitReadyOrExit();
            if (exited.isPresent()) {
                String output = runtime.output();
                runtime.close();
                throw new AssertionError("The packaged command ended with " + exited.getAsInt() + " while starting:\n" + output);
            }
            return runtime;
        }

        /**
         * Restart=on-failure: starts the command again each time it ends with a status the unit does not
         * count as success, up to the unit's StartLimitBurst, and answers the one that came up; the
         * statuses of those that did not are added to {@code failures}. (systemd would wait RestartSec
         * between starts; the outcome does not depend on it.)
         */
        GtachProcess startUntilUp(Path home, List<Integer> failures) throws Exception {
            for (int start = 1; start <= startLimit; start++) {
                GtachProcess runtime = launch(home);
                OptionalInt exited = runtime.awaitReadyOrExit();
                if (exited.isEmpty()) {
                    return runtime;
                }
                String output = runtime.output();
                runtime.close();
                assertThat(successStatuses).as("start %d ended with %d, which the unit counts as success, so systemd"
                        + " would not start it again:%n%s", start, exited.getAsInt(), output).doesNotContain(exited.getAsInt());
                failures.add(exited.getAsInt());
            }
            throw new AssertionError("The packaged command did not come up in " + startLimit
                    + " starts (StartLimitBurst), failing with " + failures);
        }

        private GtachProcess launch(Path home) throws Exception {
            return GtachProcess.launchCommand(home, List.of(command.toString()), OsPackages.environment(home));
        }

        /** systemctl stop: SIGTERM, and the unit's TimeoutStopSec to end; answers the exit status, one the unit counts as success. */
        int stop(GtachProcess runtime) throws Exception {
            runtime.process().destroy();
            if (!runtime.process().waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The runtime did not stop within TimeoutStopSec (" + stopTimeout
                        + ") of SIGTERM; systemd would kill it:\n" + runtime.output());
            }
            int status = runtime.process().exitValue();
            assertThat(successStatuses).as("exit status %d after SIGTERM:%n%s", status, runtime.output()).contains(status);
            return status;
        }

        /** {@code gtach cmd '<line>'} with the home in GTACH_HOME, failing with its output unless it succeeds. */
        String ok(Path home, String line) throws Exception {
            return OsPackages.succeed(OsPackages.cmd(command, line), OsPackages.environment(home));
        }
    }
}
