package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NL = System.lineSeparator();

    @Test
    void historyIsAnArrayOfAttemptsInUtcWithOutcomesInCamelCase() throws Exception {
        List<Attempt> history = List.of(
                new Attempt(1, Instant.parse("2025-11-25T10:00:00.750Z"), "install gtach.example.tach ~1.0.0",
                        List.of("install gtach.example.tach 1.0.0"), Attempt.Outcome.COMMITTED, ""),
                new Attempt(1, Instant.parse("2025-11-25T10:05:07Z"), "update gtach.example.tach ~1.2.0",
                        List.of("update gtach.example.tach 1.0.0 -> 1.2.0"), Attempt.Outcome.ROLLED_BACK,
                        "the sensor calibration table is missing"),
                new Attempt(1, Instant.parse("2025-11-25T10:09:00Z"), "update --all", List.of(), Attempt.Outcome.RECOVERED, ""));

        JsonNode attempts = JSON.readTree(UpdateJson.history(history));

        assertThat(attempts.isArray()).isTrue();
        assertThat(attempts).hasSize(3);
        JsonNode first = attempts.get(0);
        assertThat(first.get("generation").asInt()).isEqualTo(1);
        assertThat(first.get("time").asText()).isEqualTo("2025-11-25T10:00:00.750Z");
        assertThat(first.get("request").asText()).isEqualTo("install gtach.example.tach ~1.0.0");
        assertThat(first.get("changes").get(0).asText()).isEqualTo("install gtach.example.tach 1.0.0");
        assertThat(first.get("outcome").asText()).isEqualTo("committed");
        assertThat(first.get("reason").isNull()).isTrue();
        assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("rolledBack");
        assertThat(attempts.get(1).get("reason").asText()).isEqualTo("the sensor calibration table is missing");
        assertThat(attempts.get(2).get("outcome").asText()).isEqualTo("recovered");
        assertThat(attempts.get(2).get("changes")).isEmpty();
        assertThat(UpdateJson.history(List.of())).isEqualTo("[]" + NL);
    }

    @Test
    void planIsOneObjectWithChangesAndTheRefreshSet() throws Exception {
        Plan plan = new Plan(UpdateRequest.update("gtach.example.tach", Optional.of(SemanticRange.parse("~1.2.0"))).withPreReleases(),
                List.of(new Change(Change.Kind.UPDATE, "gtach.example.tach", Optional.of("1.1.0"), Optional.of("1.2.0.rc_1"),
                                "requested"),
                        new Change(Change.Kind.INSTALL, "gtach.example.log", Optional.empty(), Optional.of("2.0.0"),
                                "gtach.example.tach 1.2.0-rc.1 imports gtach.example.log [2,3)")),
                List.of("gtach.example.tach 1.1.0", "gtach.example.display 1.0.0"));

        JsonNode json = JSON.readTree(UpdateJson.plan(plan));

        assertThat(json.get("request").asText()).isEqualTo("update gtach.example.tach ~1.2.0 --pre");
        JsonNode update = json.get("changes").get(0);
        assertThat(update.get("action").asText()).isEqualTo("update");
        assertThat(update.get("symbolicName").asText()).isEqualTo("gtach.example.tach");
        assertThat(update.get("from").asText()).isEqualTo("1.1.0");
        assertThat(update.get("to").asText()).isEqualTo("1.2.0-rc.1");
        assertThat(update.get("reason").asText()).isEqualTo("requested");
        assertThat(json.get("changes").get(1).get("from").isNull()).isTrue();
        assertThat(json.get("changes").get(1).get("action").asText()).isEqualTo("install");
        assertThat(json.get("refresh")).hasSize(2);
        assertThat(json.get("refresh").get(1).get("symbolicName").asText()).isEqualTo("gtach.example.display");
        assertThat(json.get("refresh").get(1).get("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void planWithNothingToDoHasNoChanges() throws Exception {
        JsonNode json = JSON.readTree(UpdateJson.plan(new Plan(UpdateRequest.updateAll(), List.of(), List.of())));

        assertThat(json.get("request").asText()).isEqualTo("update --all");
        assertThat(json.get("changes")).isEmpty();
        assertThat(json.get("refresh")).isEmpty();
    }

    @Test
    void aStartChangeIsASetActionWithTheLevelAndStateBeforeAndAfter() throws Exception {
        Plan plan = new Plan(UpdateRequest.update("gtach.example.tach", Optional.empty()), List.of(
                new Change(Change.Kind.SET, "gtach.example.tach", Optional.of("1.0.0"), Optional.of("1.0.0"), "requested",
                        Optional.of(new Change.Start(3, false)), Optional.of(new Change.Start(4, true)))), List.of());

        JsonNode set = JSON.readTree(UpdateJson.plan(plan)).get("changes").get(0);

        assertThat(set.get("action").asText()).isEqualTo("set");
        assertThat(set.get("fromStart").get("level").asInt()).isEqualTo(3);
        assertThat(set.get("fromStart").get("started").asBoolean()).isFalse();
        assertThat(set.get("toStart").get("level").asInt()).isEqualTo(4);
        assertThat(set.get("toStart").get("started").asBoolean()).isTrue();
        JsonNode plain = JSON.readTree(UpdateJson.plan(new Plan(UpdateRequest.update("a", Optional.empty()), List.of(
                new Change(Change.Kind.UPDATE, "a", Optional.of("1.0.0"), Optional.of("1.1.0"), "requested")), List.of())))
                .get("changes").get(0);
        assertThat(plain.get("fromStart").isNull()).isTrue();
        assertThat(plain.get("toStart").isNull()).isTrue();
    }
}
