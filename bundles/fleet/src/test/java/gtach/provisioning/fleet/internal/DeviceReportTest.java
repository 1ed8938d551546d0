package gtach.provisioning.fleet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.fleet.FailedRelease;
import gtach.provisioning.fleet.FollowStatus;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceReportTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void aReportSaysWhatRunsAndHowFollowingGoes() throws Exception {
        Generation generation = new Generation(4, NOW, "update gtach.example.app 1.1.0", List.of(
                new ManagedBundle("gtach.example.app", "1.1.0", "0".repeat(64), "gtach:app:gtach.example.app", 100, true, true)));
        FollowStatus status = new FollowStatus("device-7", Optional.of("fleet"), Optional.of("stable"),
                Optional.of("gtach.example.app 1.1.0"), Optional.of("gtach.example.app 1.2.0 (100 %)"), Optional.of(NOW),
                Optional.of("gtach.example.app 1.2.0 failed, and what ran before runs again: it did not verify"), Optional.empty(),
                List.of(new FailedRelease("gtach.example.app", "1.2.0", "it did not verify", NOW)), Optional.empty(),
                "any time");

        JsonNode report = new ObjectMapper().readTree(DeviceReport.json(NOW, generation, status));

        assertThat(report.path("deviceId").asText()).isEqualTo("device-7");
        assertThat(report.path("generation").path("number").asInt()).isEqualTo(4);
        assertThat(report.path("generation").path("bundles").get(0).path("version").asText()).isEqualTo("1.1.0");
        assertThat(report.path("following").path("channel").asText()).isEqualTo("stable");
        assertThat(report.path("following").path("paused").isNull()).isTrue();
        assertThat(report.path("following").path("failed").get(0).path("reason").asText()).isEqualTo("it did not verify");
    }

    @Test
    void aDevicesReportIsAFileNamedAfterItUnderTheReportUrl() {
        assertThat(DeviceReport.target("https://fleet.example/reports", "device-7"))
                .hasToString("https://fleet.example/reports/device-7.json");
        assertThat(DeviceReport.target("https://fleet.example/reports/", "device-7"))
                .hasToString("https://fleet.example/reports/device-7.json");
    }
}
