package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateReportsTest {

    private static final String NL = System.lineSeparator();
    private static final Change UPDATE_TACH = new Change(Change.Kind.UPDATE, "tach", Optional.of("1.0.0"),
            Optional.of("1.1.0"), "requested");
    private static final Change INSTALL_LOGGER = new Change(Change.Kind.INSTALL, "gtach.logger", Optional.empty(),
            Optional.of("2.0.0"), "tach 1.1.0 imports gtach.log [2,3)");

    @Test
    void planIsATableThenTheBundlesRestartedBesideTheChangedOnes() {
        // Given a plan whose refresh reaches a bundle it does not change
        Plan plan = new Plan(UpdateRequest.update("tach", Optional.empty()), List.of(UPDATE_TACH, INSTALL_LOGGER),
                List.of("tach 1.1.0", "display 1.0.0"));

        // Then
        assertThat(UpdateReports.plan(plan, false)).isEqualTo(
                "ACTION   NAME          FROM   TO     REASON" + NL
                + "update   tach          1.0.0  1.1.0  requested" + NL
                + "install  gtach.logger  -      2.0.0  tach 1.1.0 imports gtach.log [2,3)" + NL
                + "Refresh (stopped and started again): tach 1.1.0, display 1.0.0" + NL
                + "tach stays within 1.x, as an update without a range does; --major allows a higher major version." + NL);
    }

    @Test
    void planPrintsItsWarningsInTextAndJson() throws Exception {
        // Given a plan that goes ahead with an API change no consumer uses
        String warning = "tach 1.1.0 exports tach 1.1.0 but removed Tachometer.rpm(), which none of the bundles wired "
                + "to it (display 1.0.0) uses; a change like this needs version 2.0.0";
        Plan plan = new Plan(UpdateRequest.update("tach", Optional.of(SemanticRange.parse("^1.1"))), List.of(UPDATE_TACH),
                List.of("tach 1.0.0"), List.of(), List.of(), List.of(warning));

        // Then each warning is a line of its own after the table, and an entry of "warnings"
        assertThat(UpdateReports.plan(plan, false)).endsWith(
                "Refresh: only the changed bundles." + NL + "Warning: " + warning + "." + NL);
        JsonNode json = new ObjectMapper().readTree(UpdateJson.plan(plan));
        assertThat(json.get("warnings")).hasSize(1);
        assertThat(json.get("warnings").get(0).asText()).isEqualTo(warning);
    }

    @Test
    void planSaysWhyEachBundleItDoesNotChangeRestarts() throws Exception {
        // Given a plan that gives the chain of wires for each bundle of its refresh set
        Plan plan = new Plan(UpdateRequest.update("tach", Optional.of(SemanticRange.parse("^1.1"))), List.of(UPDATE_TACH),
                List.of("display 1.0.0", "tach 1.0.0"), List.of(),
                List.of("display 1.0.0: needs package tach [1.0.0,2.0.0) from tach 1.0.0, which changes", "tach 1.0.0: changes"));

        // Then the bundle the request did not change is named with its chain, in text and in JSON
        assertThat(UpdateReports.plan(plan, false)).endsWith(
                "Refresh (stopped and started again): display 1.0.0, tach 1.0.0" + NL
                + "  display 1.0.0 needs package tach [1.0.0,2.0.0) from tach 1.0.0, which changes" + NL);
        JsonNode json = new ObjectMapper().readTree(UpdateJson.plan(plan));
        assertThat(json.get("refresh").get(0).get("symbolicName").asText()).isEqualTo("display");
        assertThat(json.get("refresh").get(0).get("reason").asText())
                .isEqualTo("needs package tach [1.0.0,2.0.0) from tach 1.0.0, which changes");
        assertThat(json.get("refresh").get(1).get("reason").asText()).isEqualTo("changes");
    }

    @Test
    void planRestartingOnlyTheChangedBundlesSaysSo() {
        Plan plan = new Plan(UpdateRequest.update("tach", Optional.empty()), List.of(UPDATE_TACH), List.of("tach 1.1.0"));
        Plan ranged = new Plan(UpdateRequest.update("tach", Optional.of(SemanticRange.parse("^1.1"))), List.of(UPDATE_TACH),
                List.of("tach 1.1.0"));
        assertThat(UpdateReports.plan(ranged, false)).endsWith("requested" + NL + "Refresh: only the changed bundles." + NL);
        assertThat(UpdateReports.plan(plan, false)).endsWith("Refresh: only the changed bundles." + NL
                + "tach stays within 1.x, as an update without a range does; --major allows a higher major version." + NL);

        Plan empty = new Plan(UpdateRequest.updateAll(), List.of(), List.of());
        assertThat(UpdateReports.plan(empty, false)).isEqualTo("Nothing to do: \"update --all\" is already satisfied." + NL);
    }

    @Test
    void appliedRequestListsTheChangesOfItsAttemptThenTheGeneration() {
        // Given generation 4 committed by an update from 3, and a request that found nothing to do
        Generation after = new Generation(4, Instant.EPOCH, "update tach", List.of());
        UpdateResult updated = new UpdateResult(after, 3, List.of(UPDATE_TACH), List.of("tach 1.1.0"));
        UpdateResult satisfied = new UpdateResult(after, 4, List.of(), List.of());

        // Then
        assertThat(UpdateReports.applied("update tach", updated)).isEqualTo(
                "update tach 1.0.0 -> 1.1.0" + NL + "Generation 4 is running: update tach." + NL);
        assertThat(UpdateReports.applied("update tach", satisfied)).isEqualTo(
                "Nothing to do: \"update tach\" is already satisfied; generation 4 keeps running." + NL);
    }

    @Test
    void aPlanNamesWhatOnlyAFetchedRemoteHasAfterTheChangesInTextAndJson() {
        Change install = new Change(Change.Kind.INSTALL, "app", Optional.empty(), Optional.of("1.1.0"), "requested");
        Plan plan = new Plan(UpdateRequest.install("app", Optional.empty()), List.of(install), List.of(),
                List.of("app 1.1.0 from remote fleet (2048 bytes)", "tach 1.1.0 from remote fleet (512 bytes), needed by app 1.1.0"));

        assertThat(UpdateReports.plan(plan, false)).endsWith(
                "Downloads first: app 1.1.0 from remote fleet (2048 bytes), checked against its signed index before anything changes." + NL
                + "Downloads first: tach 1.1.0 from remote fleet (512 bytes), needed by app 1.1.0, checked against its signed index"
                + " before anything changes." + NL);
        assertThat(UpdateJson.plan(plan)).containsPattern("\"downloads\": \\[\\s*\"app 1.1.0 from remote fleet \\(2048 bytes\\)\",");
        assertThat(UpdateReports.plan(new Plan(plan.request(), plan.changes(), List.of()), false)).doesNotContain("Downloads");
    }

    @Test
    void anAppliedRequestFirstNamesWhatItDownloadedFromRemotes() {
        Generation after = new Generation(1, Instant.EPOCH, "install tach ~1.1.0", List.of());
        Change install = new Change(Change.Kind.INSTALL, "tach", Optional.empty(), Optional.of("1.1.0"), "requested");
        UpdateResult installed = new UpdateResult(after, 0, List.of(install), List.of())
                .withDownloaded(List.of("tach 1.1.0 from remote fleet (2048 bytes)"));

        assertThat(UpdateReports.applied(UpdateRequest.install("tach", Optional.of(SemanticRange.parse("~1.1.0"))), installed))
                .isEqualTo("Downloaded tach 1.1.0 from remote fleet (2048 bytes), checked against its signed index." + NL
                        + "install tach 1.1.0" + NL + "Generation 1 is running: install tach ~1.1.0." + NL);
    }

    @Test
    void historyIsOneRowPerAttemptInLocalTimeToTheSecond() {
        List<Attempt> history = List.of(
                new Attempt(1, Instant.parse("2025-11-25T10:00:00.750Z"), "install tach", List.of("install tach 1.0.0"),
                        Attempt.Outcome.COMMITTED, ""),
                new Attempt(1, Instant.parse("2025-11-25T10:05:07Z"), "update --all",
                        List.of(UPDATE_TACH.toString(), INSTALL_LOGGER.toString()), Attempt.Outcome.ROLLED_BACK,
                        "tach 1.1.0 did not start: boom."));

        assertThat(UpdateReports.history(history, ZoneOffset.ofHours(1), false)).isEqualTo(
                "GEN  TIME                 REQUEST       CHANGES                                                 OUTCOME      REASON" + NL
                + "1    2025-11-25T11:00:00  install tach  install tach 1.0.0                                      committed    -" + NL
                + "1    2025-11-25T11:05:07  update --all  update tach 1.0.0 -> 1.1.0, install gtach.logger 2.0.0  rolled back  tach 1.1.0 did not start: boom." + NL);
        assertThat(UpdateReports.history(List.of(), ZoneOffset.UTC, false)).isEqualTo("No updates yet." + NL);
    }

    @Test
    void historyInColourShowsOutcomesAsTrafficLightsWithoutMovingColumns() {
        List<Attempt> history = List.of(
                new Attempt(1, Instant.parse("2025-11-25T10:00:00Z"), "install tach", List.of(), Attempt.Outcome.COMMITTED, ""),
                new Attempt(1, Instant.parse("2025-11-25T10:05:07Z"), "update tach", List.of(), Attempt.Outcome.ROLLED_BACK, "boom"),
                new Attempt(1, Instant.parse("2025-11-25T10:09:00Z"), "update tach", List.of(), Attempt.Outcome.RECOVERED, ""));

        String coloured = UpdateReports.history(history, ZoneOffset.UTC, true);

        assertThat(coloured.lines()).containsExactly(
                "\u001B[1mGEN  TIME                 REQUEST       CHANGES  OUTCOME      REASON\u001B[0m",
                "1    2025-11-25T10:00:00  install tach  -        \u001B[32mcommitted\u001B[0m    -",
                "1    2025-11-25T10:05:07  update tach   -        \u001B[31mrolled back\u001B[0m  boom",
                "1    2025-11-25T10:09:00  update tach   -        \u001B[33mrecovered\u001B[0m    -");
        assertThat(coloured.replaceAll("\u001B\\[\\d+m", "")).isEqualTo(UpdateReports.history(history, ZoneOffset.UTC, false));
    }

    @Test
    void planShowsVersionsAsOperatorsTypeThemAndUninstallsStandOut() {
        Plan plan = new Plan(UpdateRequest.uninstall("display"), List.of(
                new Change(Change.Kind.UPDATE, "tach", Optional.of("1.1.0"), Optional.of("1.2.0.rc_1"), "requested"),
                new Change(Change.Kind.UNINSTALL, "display", Optional.of("1.0.0"), Optional.empty(), "requested")),
                List.of("tach 1.1.0", "display 1.0.0"));

        assertThat(UpdateReports.plan(plan, false)).startsWith(
                "ACTION     NAME     FROM   TO          REASON" + NL
                + "update     tach     1.1.0  1.2.0-rc.1  requested" + NL
                + "uninstall  display  1.0.0  -           requested" + NL);
        assertThat(UpdateReports.plan(plan, true)).contains(NL + "\u001B[33muninstall\u001B[0m  display  ");
    }

    @Test
    void statusNamesTheRunningGeneration() {
        assertThat(UpdateReports.running(new Generation(2, Instant.EPOCH, "rollback to 1", List.of())))
                .isEqualTo("Generation 2 (rollback to 1)" + NL);
        assertThat(UpdateReports.running(new Generation(0, Instant.EPOCH, "", List.of())))
                .isEqualTo("Generation 0 (nothing committed yet)" + NL);
    }

    @Test
    void aStartLevelOrStateThatChangesStandsBesideTheVersionAndReplacesNothing() {
        // Given a plan that installs one package at level 3 not started, and moves another to level 4, started again
        Plan plan = new Plan(UpdateRequest.install("tach", Optional.empty()), List.of(
                new Change(Change.Kind.INSTALL, "tach", Optional.empty(), Optional.of("1.0.0"), "requested",
                        Optional.empty(), Optional.of(new Change.Start(3, false))),
                new Change(Change.Kind.SET, "display", Optional.of("1.0.0"), Optional.of("1.0.0"), "requested",
                        Optional.of(new Change.Start(2, false)), Optional.of(new Change.Start(4, true)))),
                List.of());

        // Then the table shows both beside the versions, and says nothing restarts
        assertThat(UpdateReports.plan(plan, false)).isEqualTo(
                "ACTION   NAME     FROM                                TO                                  REASON" + NL
                + "install  tach     -                                   1.0.0 (start level 3, not started)  requested" + NL
                + "set      display  1.0.0 (start level 2, not started)  1.0.0 (start level 4)               requested" + NL
                + "Refresh: none; nothing running is stopped and started again." + NL);
        // and an applied request lists them as the history does
        UpdateResult result = new UpdateResult(new Generation(2, Instant.EPOCH, "install tach", List.of()), 1,
                plan.changes(), List.of());
        assertThat(UpdateReports.applied("install tach", result)).isEqualTo(
                "install tach 1.0.0 at start level 3, not started" + NL
                + "set display 1.0.0: start level 2 -> 4, not started -> started" + NL
                + "Generation 2 is running: install tach." + NL);
    }
}
