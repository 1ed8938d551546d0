package gtach.provisioning.itests;

import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A followed release that kills the JVM is abandoned and remembered as failed, and the polls after
 * it never try it again: one that passes its hot update but halts every boot, through the boot
 * guard; one that halts the JVM as soon as the hot update starts it, so that it never commits,
 * after three starts in a row. Each start here is what systemd's {@code Restart=on-failure} does.
 */
class FleetBootGuardProcessTest {

    private static final String APP = "gtach.fleet.halt";
    private static final Duration BY_ITSELF = Duration.ofSeconds(60);
    private static final int HALTED = 3;

    @TempDir
    Path temp;

    private Path site;
    private Path key;

    @Test
    void aReleaseThatHaltsEveryBootIsAbandonedByTheBootGuardAndNotTriedAgain() throws Exception {
        NginxServer.requireInstalled();
        Path home = temp.resolve("home");
        try (NginxServer nginx = published()) {
            try (GtachProcess runtime = following(home, nginx)) {
                publish(FixtureBundle.bundle(APP, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.HALT_WHILE_BOOTING));
                // it passes its hot update: the device moves to it by itself
                awaitFollow(runtime, "Runs: " + APP + " 1.1.0");
                assertThat(runtime.stop()).isZero();
            }

            for (int boot = 1; boot <= 3; boot++) {
                try (GtachProcess crashing = GtachProcess.launch(home)) {
                    assertThat(crashing.awaitExit()).as("boot %d:%n%s", boot, crashing.output()).isEqualTo(HALTED);
                }
            }

            try (GtachProcess runtime = GtachProcess.start(home)) {
                String failed = awaitFollow(runtime, "Failed here: " + APP + " 1.1.0");
                assertThat(failed).contains("Runs: " + APP + " 1.0.0").doesNotContain("Paused")
                        .contains("did not bring the application up in 3 boots in a row");
                assertNotTriedAgain(runtime);
                assertThat(runtime.stop()).isZero();
            }
        }
    }

    @Test
    void aReleaseThatHaltsTheJvmWhileItIsAppliedIsAbandonedAfterThreeStartsAndNotTriedAgain() throws Exception {
        NginxServer.requireInstalled();
        Path home = temp.resolve("home");
        try (NginxServer nginx = published()) {
            try (GtachProcess runtime = following(home, nginx)) {
                publish(FixtureBundle.bundle(APP, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.HALT_ON_START));
                // the automatic update starts it, and it halts the JVM before anything commits
                assertThat(runtime.awaitExit()).as(runtime.output()).isEqualTo(HALTED);
            }

            // each start puts back what ran, polls, and tries it again: twice more
            for (int start = 2; start <= 3; start++) {
                try (GtachProcess crashing = GtachProcess.launch(home)) {
                    assertThat(crashing.awaitExit()).as("start %d:%n%s", start, crashing.output()).isEqualTo(HALTED);
                }
            }

            try (GtachProcess runtime = GtachProcess.start(home)) {
                String failed = awaitFollow(runtime, "Failed here: " + APP + " 1.1.0");
                assertThat(failed).contains("Runs: " + APP + " 1.0.0").doesNotContain("Paused")
                        .contains("the runtime stopped 3 times in a row while it was being applied");
                assertThat(runtime.ok("gtach:status")).containsPattern(APP + " +1\\.0\\.0 +ACTIVE");
                assertNotTriedAgain(runtime);

                // a fixed release is taken as usual
                publish(FixtureBundle.bundle(APP, "1.2.0").behaviour(Behaviour.LOG_EVENTS));
                awaitFollow(runtime, "Runs: " + APP + " 1.2.0");
                assertThat(runtime.stop()).isZero();
            }
        }
    }

    /** A remote whose channel stable names 1.0.0, served by nginx. */
    private NginxServer published() throws Exception {
        GtachProcess.tool("keygen", "fleet", "--to", temp.toString());
        key = temp.resolve("fleet.key");
        site = temp.resolve("site");
        publish(FixtureBundle.bundle(APP, "1.0.0").behaviour(Behaviour.LOG_EVENTS));
        return NginxServer.serving(site).start();
    }

    /** A runtime on {@code home} that follows channel stable, polling every second, and runs 1.0.0. */
    private GtachProcess following(Path home, NginxServer nginx) throws Exception {
        GtachProcess runtime = GtachProcess.start(home);
        runtime.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
        runtime.ok("gtach:config gtach.provisioning.fleet pollIntervalSeconds=1");
        runtime.ok("gtach:follow fleet stable");
        awaitFollow(runtime, "Runs: " + APP + " 1.0.0");
        return runtime;
    }

    /** Publishes the bundle and points channel stable at it. */
    private void publish(FixtureBundle bundle) throws Exception {
        Path jars = bundle.writeTo(temp.resolve("jars-" + bundle.version())).getParent();
        GtachProcess.tool("publish", jars.toString(), "--to", site.toString(), "--key", key.toString(),
                "--channel", "stable=" + APP + ":" + bundle.version());
    }

    /** Two polls come by themselves and neither makes an attempt. */
    private static void assertNotTriedAgain(GtachProcess runtime) throws Exception {
        int attempts = attempts(runtime);
        for (int poll = 0; poll < 2; poll++) {
            Instant last = FleetPolls.lastPoll(runtime);
            FleetPolls.awaitPollAfter(runtime, last, BY_ITSELF);
        }
        assertThat(attempts(runtime)).isEqualTo(attempts);
        assertThat(runtime.ok("gtach:follow")).contains("is not tried again until the channel names another version");
    }

    private static int attempts(GtachProcess runtime) throws Exception {
        return (int) runtime.ok("gtach:history").lines().skip(1).count();
    }

    private static String awaitFollow(GtachProcess runtime, String text) throws Exception {
        return FleetPolls.awaitFollow(runtime, text, BY_ITSELF);
    }
}
