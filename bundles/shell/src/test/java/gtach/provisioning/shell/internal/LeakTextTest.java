package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.update.HeldClassLoader;
import gtach.provisioning.update.LeakReport;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeakTextTest {

    private static final String NL = System.lineSeparator();
    private static final Instant CHECKED = Instant.parse("2026-12-06T10:15:30Z");

    @Test
    void aHeldLoaderIsNamedWithWhoUsedItAndStatusRecommendsARestart() throws Exception {
        LeakReport report = new LeakReport(CHECKED, 4, List.of(
                new HeldClassLoader("gtach.example.tach 1.0.0", 2, List.of("gtach.example.display 1.0.0")),
                new HeldClassLoader("gtach.example.tach 1.1.0", 3, List.of())), List.of(), 35 * 1048576L, 7680);

        assertThat(LeakText.statusLine(report, false)).isEqualTo("Restart recommended: 2 old class loaders held "
                + "(gtach.example.display 1.0.0 holds gtach.example.tach 1.0.0; gtach.example.tach 1.1.0 is held)" + NL);
        assertThat(LeakText.text(report, ZoneOffset.UTC, false)).isEqualTo(
                "Checked after a full garbage collection at 2026-12-06T10:15:30, generation 4 running." + NL
                + "Old class loaders held: 2 (each keeps every class of its revision in Metaspace until a restart)" + NL
                + "  gtach.example.tach 1.0.0, replaced while generation 2 ran: used by gtach.example.display 1.0.0 when it "
                + "was replaced, which may keep it" + NL
                + "  gtach.example.tach 1.1.0, replaced while generation 3 ran: no bundle used it when it was replaced; a "
                + "thread or an object outside the bundles keeps it" + NL
                + "Bundles pending removal: none" + NL
                + "Metaspace in use: 35.0 MB, 7680 classes loaded" + NL
                + "Restart recommended: only a restart of the runtime frees them." + NL);
        JsonNode json = new ObjectMapper().readTree(JsonText.of(g -> LeakText.json(g, report)));
        assertThat(json.get("restartRecommended").asBoolean()).isTrue();
        assertThat(json.get("held").get(0).get("heldBy").get(0).asText()).isEqualTo("gtach.example.display 1.0.0");
        assertThat(json.get("metaspaceUsedBytes").asLong()).isEqualTo(35 * 1048576L);
    }

    @Test
    void nothingHeldAddsNoStatusLine() {
        LeakReport clean = new LeakReport(CHECKED, 4, List.of(), List.of(), -1, 7000);
        assertThat(LeakText.statusLine(clean, false)).isEmpty();
        assertThat(clean.summary()).isEqualTo("no old class loaders held");
        assertThat(LeakText.text(clean, ZoneOffset.UTC, false)).contains(
                "Old class loaders held: none; every revision an update replaced has been let go." + NL
                + "Bundles pending removal: none" + NL + "Metaspace in use: unknown, 7000 classes loaded" + NL);
        LeakReport pending = new LeakReport(CHECKED, 4, List.of(), List.of("gtach.example.tach 1.0.0"), -1, 7000);
        assertThat(pending.summary()).isEqualTo("restart recommended: 1 bundle pending removal (gtach.example.tach 1.0.0)");
    }
}
