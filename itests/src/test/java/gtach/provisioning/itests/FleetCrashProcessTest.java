package gtach.provisioning.itests;

import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A runtime killed with SIGKILL in the middle of an update that following started by itself: after
 * the restart the device runs exactly generation N or N+1, whole, and following goes on by itself
 * (it is not taken for an operator's change) until the device runs what the channel names.
 */
class FleetCrashProcessTest {

    private static final String NAME = "gtach.fleet.crash";
    private static final String STEP_LINE = "gtach.update step ";
    private static final List<String> JVM = List.of("-Dgtach.update.traceSteps=true", "-Dgtach.update.stepPauseMs=300");
    private static final Duration BY_ITSELF = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void aDeviceKilledDuringItsOwnUpdateComesBackWholeAndFollowsOn() throws Exception {
        NginxServer.requireInstalled();
        GtachProcess.tool("keygen", "fleet", "--to", temp.toString());
        Path site = temp.resolve("site");
        Path key = temp.resolve("fleet.key");
        List<String> versions = List.of("1.0.0", "1.1.0", "1.2.0");
        for (String version : versions) {
            TestBundles.bundle(NAME, version).exports(NAME + ";version=" + version).writeTo(temp.resolve("jars-" + version));
        }
        GtachProcess.tool("publish", temp.resolve("jars-1.0.0").toString(), "--to", site.toString(), "--key", key.toString(),
                "--channel", "stable=" + NAME + ":1.0.0");
        Path home = temp.resolve("home");

        try (NginxServer nginx = NginxServer.serving(site).start()) {
            GtachProcess runtime = GtachProcess.start(home, JVM);
            try {
                runtime.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
                runtime.ok("gtach:config gtach.provisioning.fleet pollIntervalSeconds=1");
                runtime.ok("gtach:follow fleet stable");
                awaitRuns(runtime, "1.0.0");

                // Killed at an early step, then right after the commit step: N, then N+1
                for (String target : List.of("1.1.0", "1.2.0")) {
                    boolean early = target.equals("1.1.0");
                    int before = CrashGenerationFile.current(home);
                    long offset = runtime.outputSize();
                    GtachProcess.tool("publish", temp.resolve("jars-" + target).toString(), "--to", site.toString(), "--key", key.toString(),
                            "--channel", "stable=" + NAME + ":" + target);
                    String step = awaitStep(runtime, offset, early ? null : "current");
                    runtime.kill();
                    runtime.close();

                    runtime = GtachProcess.start(home, JVM);
                    int after = CrashGenerationFile.current(home);
                    assertThat(after).as("killed after step " + step).isBetween(before, before + 1);
                    if (!early) {
                        assertThat(after).as("killed after the commit step").isEqualTo(before + 1);
                    }
                    assertThat(CrashGenerationFile.read(home, after).bundles()).isNotEmpty();
                    String following = awaitRuns(runtime, target);
                    assertThat(following).doesNotContain("Paused");
                }
                assertThat(runtime.stop()).isZero();
            } finally {
                runtime.close();
            }
        }
    }

    /** Waits for a step line of an update after {@code offset}: the first one, or the named one; answers it. */
    private static String awaitStep(GtachProcess runtime, long offset, String named) throws Exception {
        Instant deadline = Instant.now().plus(BY_ITSELF);
        while (Instant.now().isBefore(deadline)) {
            for (String line : runtime.outputFrom(offset).lines().toList()) {
                if (line.startsWith(STEP_LINE)) {
                    String step = line.substring(STEP_LINE.length()).strip();
                    if (named == null || step.equals(named)) {
                        return step;
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no update step " + (named == null ? "" : named + " ") + "was printed by itself:\n"
                + runtime.outputFrom(offset));
    }

    private static String awaitRuns(GtachProcess runtime, String version) throws Exception {
        Instant deadline = Instant.now().plus(BY_ITSELF);
        String said = "";
        while (Instant.now().isBefore(deadline)) {
            said = runtime.ok("gtach:follow");
            if (said.contains("Runs: " + NAME + " " + version) && said.contains("The channel names: " + NAME + " " + version)) {
                return said;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the device did not come to run " + version + " by itself; gtach:follow said:\n" + said);
    }


}
