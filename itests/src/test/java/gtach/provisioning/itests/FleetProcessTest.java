package gtach.provisioning.itests;

import gtach.provisioning.testing.NginxServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device follows a channel of a published remote served by a real nginx: the publisher moves the
 * channel with {@code gtach.jar publish --channel}, and the device's runtime follows by itself or
 * at {@code gtach:follow --poll}. A faulty release is rolled back, remembered and not tried again; a
 * fixed one is taken; a withdrawn one is left for the version the channel names; an operator's own
 * update pauses following until it is resumed.
 */
class FleetProcessTest {

    private static final String NAME = "gtach.fleet.tach";
    private static final Duration BY_ITSELF = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private Path key;
    private Path site;

    /** Every test publishes to a site of its own, signed with a key of its own, that nginx serves. */
    @BeforeEach
    void publisherKey() throws Exception {
        NginxServer.requireInstalled();
        GtachProcess.tool("keygen", "fleet", "--to", temp.toString());
        key = temp.resolve("fleet.key");
        site = temp.resolve("site");
    }

    @Test
    void aDeviceFollowsItsChannelThroughAGoodAFaultyAFixedAndAWithdrawnRelease() throws Exception {
        publish("1.0.0");
        publish("1.1.0", "--channel", "stable=" + NAME + ":1.1.0");

        try (NginxServer nginx = NginxServer.serving(site).start();
                GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            runtime.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
            runtime.ok("gtach:config gtach.provisioning.fleet pollIntervalSeconds=1");
            runtime.ok("gtach:follow fleet stable");

            // By itself, within a poll or two, the device runs what the channel names
            String moved = awaitStatus(runtime, "Runs: " + NAME + " 1.1.0");
            assertThat(moved).contains("The channel names: " + NAME + " 1.1.0 (100 %)");
            assertThat(runtime.ok("gtach:status")).containsPattern(NAME + " +1\\.1\\.0 +ACTIVE");

            // A faulty release fails, what ran before runs again, and it is remembered with its reason
            publish("1.2.0", "--channel", "stable=" + NAME + ":1.2.0", "--faulty");
            String failed = runtime.ok("gtach:follow --poll");
            assertThat(failed).contains("Runs: " + NAME + " 1.1.0").contains("Failed here: " + NAME + " 1.2.0 at ");
            assertThat(runtime.ok("gtach:status")).containsPattern(NAME + " +1\\.1\\.0 +ACTIVE");
            int attempts = attempts(runtime);

            // The polls that follow by themselves do not try it again
            Instant last = lastPoll(runtime);
            awaitPollAfter(runtime, last);
            awaitPollAfter(runtime, lastPoll(runtime));
            assertThat(attempts(runtime)).isEqualTo(attempts);
            assertThat(runtime.ok("gtach:follow")).contains("is not tried again until the channel names another version");

            // A fixed release is taken
            publish("1.3.0", "--channel", "stable=" + NAME + ":1.3.0");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.3.0");

            // Withdrawn: the channel names 1.1.0 again, and the device returns to it
            publish(null, "--channel", "stable=" + NAME + ":1.1.0");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.1.0");
            assertThat(runtime.ok("gtach:history")).contains("update " + NAME + " 1.1.0 --downgrade");

            // An operator's own update pauses following, which then changes nothing until resumed
            runtime.ok("gtach:update " + NAME + " 1.3.0");
            String paused = runtime.ok("gtach:follow --poll");
            assertThat(paused).contains("Paused: generation ").contains("was not made by following")
                    .contains("Runs: " + NAME + " 1.3.0");
            assertThat(runtime.ok("gtach:status")).contains("Paused: ");
            runtime.ok("gtach:follow --resume");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.1.0");

            // Nothing followed: the device keeps what runs
            runtime.ok("gtach:unfollow");
            assertThat(runtime.ok("gtach:follow")).startsWith("Following: nothing");
            assertThat(runtime.ok("gtach:status")).containsPattern(NAME + " +1\\.1\\.0 +ACTIVE");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void aDeviceReportsWhatItRunsToTheReleasesReportUrlAfterEveryChange() throws Exception {
        Path reports = java.nio.file.Files.createDirectories(temp.resolve("reports"));
        publish("1.0.0");

        try (NginxServer nginx = NginxServer.serving(site).acceptingPuts("/reports/", reports).start();
                GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            publish("1.1.0", "--channel", "stable=" + NAME + ":1.1.0", "--report-url", nginx.url("/reports/"));
            runtime.awaitOutputLine("GTach runtime ready", GtachProcess.START_TIMEOUT);
            runtime.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
            runtime.ok("gtach:follow fleet stable");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.1.0");
            String json = runtime.ok("gtach:follow --json");
            int at = json.indexOf("\"deviceId\"");
            int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
            String deviceId = json.substring(start, json.indexOf('"', start));

            // The change was reported with a PUT, which nginx's DAV module kept as one file for the device
            Path report = reports.resolve(deviceId + ".json");
            awaitFile(report);
            assertThat(java.nio.file.Files.readString(report)).contains("\"deviceId\" : \"" + deviceId + "\"")
                    .contains("\"symbolicName\" : \"" + NAME + "\"").contains("\"version\" : \"1.1.0\"")
                    .contains("\"channel\" : \"stable\"");
            assertThat(nginx.accessLog()).contains("\"PUT /reports/" + deviceId + ".json HTTP/1.1\" 201");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void aClosedMaintenanceWindowAReplayedOlderReleaseAndAServerThatIsGoneChangeNothing() throws Exception {
        publish("1.0.0", "--channel", "stable=" + NAME + ":1.0.0");
        byte[] release1 = java.nio.file.Files.readAllBytes(site.resolve("release.json"));

        NginxServer nginx = NginxServer.serving(site).start();
        try (GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            runtime.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
            runtime.ok("gtach:follow fleet stable");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.0.0");

            // A window that excludes now: the release is fetched and waits
            java.time.LocalTime now = java.time.LocalTime.now();
            String window = now.plusHours(2).withSecond(0).withNano(0) + "-" + now.plusHours(3).withSecond(0).withNano(0);
            runtime.ok("gtach:config gtach.provisioning.fleet maintenanceWindow=" + window);
            // Config Admin hands the setting to the fleet service on a thread of its own
            awaitStatus(runtime, "Maintenance window: " + window);
            publish("1.1.0", "--channel", "stable=" + NAME + ":1.1.0");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.0.0")
                    .contains(NAME + " 1.1.0 waits for the maintenance window (" + window + ")");
            runtime.ok("gtach:config gtach.provisioning.fleet maintenanceWindow=");

            // The older release served again: refused as a rollback attack, nothing changes
            java.nio.file.Files.write(site.resolve("release.json"), release1);
            // nginx's validators are the modification second and the size: served later, as a replay would be
            java.nio.file.Files.setLastModifiedTime(site.resolve("release.json"),
                    java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(10)));
            String replayed = runtime.ok("gtach:follow --poll");
            assertThat(replayed).contains("Runs: " + NAME + " 1.0.0").contains("the fetch failed, what runs is unchanged: ")
                    .contains("rollback attack").doesNotContain("Failed here").doesNotContain("Paused");

            // The server gone: the same, and nothing is remembered as failed
            nginx.close();
            String gone = runtime.ok("gtach:follow --poll");
            assertThat(gone).contains("Runs: " + NAME + " 1.0.0").contains("the fetch failed, what runs is unchanged: ")
                    .doesNotContain("Failed here").doesNotContain("Paused");
            assertThat(runtime.ok("gtach:status")).containsPattern(NAME + " +1\\.0\\.0 +ACTIVE");
            assertThat(runtime.stop()).isZero();
        } finally {
            nginx.close();
        }
    }

    @Test
    void anExpiredReleaseChangesNothingAndTheNextFreshOneIsTaken() throws Exception {
        publish("1.0.0", "--channel", "stable=" + NAME + ":1.0.0");

        try (NginxServer nginx = NginxServer.serving(site).start();
                GtachProcess runtime = GtachProcess.start(temp.resolve("home"))) {
            runtime.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
            runtime.ok("gtach:follow fleet stable");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.0.0");

            // A release signed three days ago for one day: expired when the device sees it
            String threeDaysAgo = Long.toString(Instant.now().minus(Duration.ofDays(3)).getEpochSecond());
            Path jars = temp.resolve("jars-1.1.0");
            TestBundles.bundle(NAME, "1.1.0").exports(NAME + ";version=1.1.0").writeTo(jars);
            GtachProcess.tool(java.util.Map.of("SOURCE_DATE_EPOCH", threeDaysAgo), "publish", jars.toString(), "--to", site.toString(),
                    "--key", key.toString(), "--expires-days", "1", "--channel", "stable=" + NAME + ":1.1.0");
            String expired = runtime.ok("gtach:follow --poll");
            assertThat(expired).contains("Runs: " + NAME + " 1.0.0").contains("the fetch failed, what runs is unchanged: ")
                    .contains("expired at").doesNotContain("Failed here").doesNotContain("Paused");
            assertThat(runtime.ok("gtach:status")).containsPattern(NAME + " +1\\.0\\.0 +ACTIVE");

            // Signed again, now: taken
            publish(null, "--channel", "stable=" + NAME + ":1.1.0");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.1.0");
            assertThat(runtime.stop()).isZero();
        }
    }

    @Test
    void aPollThatArrivesDuringAnOperatorsUpdateWaitsItsTurnAndLeavesTheOperatorsChangeStanding() throws Exception {
        publish("1.0.0", "--channel", "stable=" + NAME + ":1.0.0");
        publish("1.2.0");
        // every step of a transaction printed, and slowed so that a poll surely arrives in the middle of one
        List<String> slowSteps = List.of("-Dgtach.update.traceSteps=true", "-Dgtach.update.stepPauseMs=300");

        try (NginxServer nginx = NginxServer.serving(site).start();
                GtachProcess runtime = GtachProcess.start(temp.resolve("home"), slowSteps)) {
            runtime.ok("gtach:remote add --key " + temp.resolve("fleet.pub") + " fleet " + nginx.url("/"));
            runtime.ok("gtach:follow fleet stable");
            assertThat(runtime.ok("gtach:follow --poll")).contains("Runs: " + NAME + " 1.0.0");
            int attempts = attempts(runtime);
            publish("1.1.0", "--channel", "stable=" + NAME + ":1.1.0");

            // The operator's update holds the turn: its client prints the transaction's steps as they come...
            long offset = runtime.outputSize();
            Process operator = new ProcessBuilder(GtachProcess.java(), "-Dgtach.home=" + temp.resolve("home"), "-jar",
                    GtachProcess.jar().toString(), "cmd", "gtach:update " + NAME + " 1.2.0").redirectErrorStream(true).start();
            StringBuilder operatorSaid = new StringBuilder();
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(operator.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String line = lines.readLine();
            while (line != null && !line.startsWith("gtach.update step ")) {
                operatorSaid.append(line).append('\n');
                line = lines.readLine();
            }
            assertThat(line).as("the operator's update printed no step: %s", operatorSaid).isNotNull();
            // ...when the poll arrives: it waits, then finds a generation it did not make, and changes nothing
            String polled = runtime.ok("gtach:follow --poll");
            lines.transferTo(java.io.Writer.nullWriter());
            assertThat(operator.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(operator.exitValue()).as(operatorSaid.toString()).isZero();
            assertThat(polled).contains("Runs: " + NAME + " 1.2.0").contains("Paused: generation ")
                    .contains("(update " + NAME + " 1.2.0) was not made by following").doesNotContain("Failed here");
            assertThat(attempts(runtime)).isEqualTo(attempts + 1);
            assertThat(runtime.ok("gtach:history")).doesNotContain(NAME + " 1.1.0");
            // the poll made no transaction: nothing was staged by the runtime's own threads
            assertThat(runtime.outputFrom(offset)).doesNotContain("gtach.update step ");
            assertThat(runtime.ok("gtach:status")).containsPattern(NAME + " +1\\.2\\.0 +ACTIVE");
            assertThat(runtime.stop()).isZero();
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        Instant deadline = Instant.now().plus(BY_ITSELF);
        while (!java.nio.file.Files.exists(file) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(file).exists();
    }

    /** Publishes a bundle of {@code version} (none when null) with further publish arguments; {@code --faulty} makes it fail to start. */
    private void publish(String version, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("publish"));
        List<String> rest = new ArrayList<>(List.of(arguments));
        boolean faulty = rest.remove("--faulty");
        if (version != null) {
            Path jars = temp.resolve("jars-" + version);
            TestBundles bundle = TestBundles.bundle(NAME, version).exports(NAME + ";version=" + version);
            if (faulty) {
                // its activator is missing: it cannot start, so the update does not verify
                bundle = bundle.header("Bundle-Activator", NAME + ".Missing");
            }
            bundle.writeTo(jars);
            command.add(jars.toString());
        }
        command.addAll(List.of("--to", site.toString(), "--key", key.toString()));
        command.addAll(rest);
        GtachProcess.tool(command.toArray(new String[0]));
    }

    private static String awaitStatus(GtachProcess runtime, String text) throws Exception {
        return FleetPolls.awaitFollow(runtime, text, BY_ITSELF);
    }

    private static Instant lastPoll(GtachProcess runtime) throws Exception {
        return FleetPolls.lastPoll(runtime);
    }

    private static void awaitPollAfter(GtachProcess runtime, Instant last) throws Exception {
        FleetPolls.awaitPollAfter(runtime, last, BY_ITSELF);
    }

    /** How many attempts the history lists. */
    private static int attempts(GtachProcess runtime) throws Exception {
        return (int) runtime.ok("gtach:history").lines().skip(1).count();
    }
}
