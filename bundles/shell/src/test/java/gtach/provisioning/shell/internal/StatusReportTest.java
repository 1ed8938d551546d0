package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.shell.internal.StatusReport.BundleRow;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class StatusReportTest {

    private static final String NL = System.lineSeparator();
    private static final Generation SECOND = new Generation(2, Instant.parse("2025-11-25T10:00:00Z"),
            "install gtach.example.display ^1.0", List.of(
                    new ManagedBundle("gtach.example.tach", "1.0.0", "a".repeat(64), "gtach:app:gtach.example.tach", 2, true, true),
                    new ManagedBundle("gtach.example.display", "1.0.0", "d".repeat(64), "gtach:app:gtach.example.display", 2, true, true)));
    private static final List<BundleRow> BUNDLES = List.of(
            new BundleRow(0, "org.apache.felix.framework", "7.0.5", "ACTIVE", OptionalInt.of(0), true),
            new BundleRow(3, "gtach.provisioning.shell", "0.1.0.SNAPSHOT", "ACTIVE", OptionalInt.of(1), true),
            new BundleRow(24, "gtach.example.tach", "1.0.0", "ACTIVE", OptionalInt.of(2), false),
            new BundleRow(25, "gtach.example.display", "1.0.0", "INSTALLED", OptionalInt.of(2), false),
            new BundleRow(26, null, "0.0.0", "RESOLVED", OptionalInt.empty(), false));

    @Test
    void generationLogAndRuntimeComeFirstThenOneRowPerApplicationBundle() {
        StatusReport report = new StatusReport(Optional.of(SECOND), List.of(), Optional.of("/home/pi/.gtach/log/gtach.log"), BUNDLES);

        assertThat(report.text(false, false)).isEqualTo(
                "Generation 2 (install gtach.example.display ^1.0)" + NL
                + "Log: /home/pi/.gtach/log/gtach.log" + NL
                + "Runtime: 2 bundles, all active; gtach:status --all lists them." + NL
                + "ID  NAME                   VERSION  STATE      LEVEL" + NL
                + "24  gtach.example.tach     1.0.0    ACTIVE     2" + NL
                + "25  gtach.example.display  1.0.0    INSTALLED  2" + NL
                + "26  -                      0.0.0    RESOLVED   -" + NL);
    }

    @Test
    void driftIsOneLineEachUnderTheGenerationWithWhatEndsIt() throws Exception {
        List<String> drift = List.of("gtach.example.tach 1.0.0 is stopped, but generation 2 has it running",
                "gtach.example.display 1.0.0 is not installed, but generation 2 has it");
        StatusReport report = new StatusReport(Optional.of(SECOND), drift, Optional.of("/l/gtach.log"), BUNDLES);

        assertThat(report.text(false, false)).startsWith(
                "Generation 2 (install gtach.example.display ^1.0)" + NL
                + "The framework does not run generation 2 as recorded:" + NL
                + "  - gtach.example.tach 1.0.0 is stopped, but generation 2 has it running" + NL
                + "  - gtach.example.display 1.0.0 is not installed, but generation 2 has it" + NL
                + "Requests are refused until gtach:repair puts generation 2 back, or gtach:adopt records what runs "
                + "as a new generation." + NL
                + "Log: /l/gtach.log" + NL);
        assertThat(new ObjectMapper().readTree(report.json()).get("drift").get(1).asText())
                .isEqualTo("gtach.example.display 1.0.0 is not installed, but generation 2 has it");
    }

    @Test
    void allListsTheRuntimesBundlesTooAndNamesTheOnesNotRunning() {
        List<BundleRow> broken = List.of(BUNDLES.get(0),
                new BundleRow(3, "gtach.provisioning.shell", "0.1.0.SNAPSHOT", "RESOLVED", OptionalInt.of(1), true));
        StatusReport report = new StatusReport(Optional.of(SECOND), List.of(), Optional.of("/l/gtach.log"), broken);

        assertThat(report.text(false, false).lines()).contains(
                "Runtime: 2 bundles, not running: gtach.provisioning.shell (RESOLVED); gtach:status --all lists them.",
                "No application bundles yet: gtach:install adds one.");
        assertThat(report.text(false, true)).endsWith(
                "Runtime: 2 bundles, not running: gtach.provisioning.shell (RESOLVED)." + NL
                + "ID  NAME                        VERSION         STATE     LEVEL" + NL
                + "0   org.apache.felix.framework  7.0.5           ACTIVE    0" + NL
                + "3   gtach.provisioning.shell    0.1.0.SNAPSHOT  RESOLVED  1" + NL);
    }

    @Test
    void missingLogAndUpdateServiceAreSaidInWords() {
        StatusReport report = new StatusReport(Optional.empty(), List.of(), Optional.empty(), BUNDLES.subList(0, 1));

        assertThat(report.text(false, true)).startsWith(
                "Generation unknown: the update service is not running." + NL
                + "Log: not written (the gtach.provisioning.log bundle is not running)" + NL
                + "Runtime: 1 bundle, all active." + NL
                + "ID  NAME ");
    }

    @Test
    void colourMarksOnlyTheBundlesThatAreNotRunning() {
        StatusReport report = new StatusReport(Optional.of(SECOND), List.of(), Optional.empty(), BUNDLES);

        List<String> lines = report.text(true, false).lines().toList();

        assertThat(lines.get(0)).isEqualTo("Generation 2 (install gtach.example.display ^1.0)");
        assertThat(lines.get(1)).isEqualTo("Log: \u001B[33mnot written (the gtach.provisioning.log bundle is not running)\u001B[0m");
        assertThat(lines.get(3)).startsWith("\u001B[1mID  NAME");
        // ACTIVE is the normal state, and stays plain so that the eye finds the others
        assertThat(lines.get(4)).isEqualTo("24  gtach.example.tach     1.0.0    ACTIVE     2");
        assertThat(lines.get(5)).isEqualTo("25  gtach.example.display  1.0.0    \u001B[31mINSTALLED\u001B[0m  2");
        assertThat(lines.get(6)).isEqualTo("26  -                      0.0.0    \u001B[33mRESOLVED\u001B[0m   -");
    }

    @Test
    void jsonIsOneObjectWithGenerationLogFileAndBundles() throws Exception {
        JsonNode status = new ObjectMapper().readTree(
                new StatusReport(Optional.of(SECOND), List.of(), Optional.of("/home/pi/.gtach/log/gtach.log"), BUNDLES).json());

        assertThat(status.get("generation").get("number").asInt()).isEqualTo(2);
        assertThat(status.get("generation").get("time").asText()).isEqualTo("2025-11-25T10:00:00Z");
        assertThat(status.get("generation").get("cause").asText()).isEqualTo("install gtach.example.display ^1.0");
        assertThat(status.get("logFile").asText()).isEqualTo("/home/pi/.gtach/log/gtach.log");
        assertThat(status.get("bundles")).hasSize(5);
        assertThat(status.get("bundles").get(1).get("runtime").asBoolean()).isTrue();
        JsonNode tach = status.get("bundles").get(2);
        assertThat(tach.get("runtime").asBoolean()).isFalse();
        assertThat(tach.get("id").asLong()).isEqualTo(24);
        assertThat(tach.get("symbolicName").asText()).isEqualTo("gtach.example.tach");
        assertThat(tach.get("version").isTextual()).isTrue();
        assertThat(tach.get("version").asText()).isEqualTo("1.0.0");
        assertThat(tach.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(tach.get("startLevel").asInt()).isEqualTo(2);
        assertThat(status.get("bundles").get(4).get("symbolicName").isNull()).isTrue();
        assertThat(status.get("bundles").get(4).get("startLevel").isNull()).isTrue();
    }

    @Test
    void jsonSaysNullForWhatIsNotRunning() throws Exception {
        JsonNode status = new ObjectMapper().readTree(new StatusReport(Optional.empty(), List.of(), Optional.empty(), List.of()).json());

        assertThat(status.has("generation")).isTrue();
        assertThat(status.get("generation").isNull()).isTrue();
        assertThat(status.get("logFile").isNull()).isTrue();
        assertThat(status.get("bundles")).isEmpty();
    }

    @Test
    void aBundleInstalledNotStartedIsNotStartedAsMeantWhileOneMarkedToStartIsResolved() throws Exception {
        // Given one bundle installed with --no-start and one marked to start that does not run
        StatusReport report = new StatusReport(Optional.of(SECOND), List.of(), Optional.of("/l/gtach.log"), List.of(
                new BundleRow(24, "gtach.example.tach", "1.0.0", "RESOLVED", OptionalInt.of(3), false, false),
                new BundleRow(25, "gtach.example.display", "1.0.0", "RESOLVED", OptionalInt.of(2), false, true)));

        // Then the table tells them apart, and JSON keeps the framework's state beside the start mark
        assertThat(report.text(false, false)).endsWith(
                "ID  NAME                   VERSION  STATE        LEVEL" + NL
                + "24  gtach.example.tach     1.0.0    NOT STARTED  3" + NL
                + "25  gtach.example.display  1.0.0    RESOLVED     2" + NL);
        assertThat(report.text(true, false)).contains("NOT STARTED  ").contains("\u001B[33mRESOLVED\u001B[0m");
        JsonNode tach = new ObjectMapper().readTree(report.json()).get("bundles").get(0);
        assertThat(tach.get("state").asText()).isEqualTo("RESOLVED");
        assertThat(tach.get("started").asBoolean()).isFalse();
        assertThat(tach.get("startLevel").asInt()).isEqualTo(3);
    }
}
