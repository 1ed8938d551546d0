package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.LeakReport;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateCommandsTest {

    private static final String NL = System.lineSeparator();

    /** Commits every request as the next generation, changing one line's worth. */
    private static final class CommittingService implements UpdateService {
        LeakReport leaks = new LeakReport(java.time.Instant.EPOCH, 0, List.of(), List.of(), -1, 7000);

        @Override
        public java.util.Optional<LeakReport> leaks() {
            return java.util.Optional.of(leaks);
        }

        @Override
        public LeakReport checkLeaks() {
            return leaks;
        }

        final List<UpdateRequest> applied = new ArrayList<>();
        final List<Integer> rolledBackTo = new ArrayList<>();
        final List<Attempt> history = new ArrayList<>();
        Generation current = new Generation(0, Instant.EPOCH, "nothing installed yet", List.of());
        /** The bundles each new generation holds; what an applied request changes is one line's worth. */
        List<ManagedBundle> bundles = List.of();
        /** When set, every request is already satisfied. */
        boolean satisfied;

        @Override
        public Plan plan(UpdateRequest request) {
            return new Plan(request, List.of(), List.of());
        }

        @Override
        public UpdateResult applyRequest(int from, UpdateRequest request, java.util.function.Consumer<String> progress) {
            return applyRequest(request, progress);
        }

        @Override
        public UpdateResult applyRequest(UpdateRequest request, java.util.function.Consumer<String> progress) {
            applied.add(request);
            if (satisfied) {
                return new UpdateResult(current, current.number(), List.of(), List.of());
            }
            return commit(request.toString());
        }

        @Override
        public UpdateResult rollbackTo(int generation, java.util.function.Consumer<String> progress) throws UpdateRefusedException {
            if (current.number() < 2) {
                throw new UpdateRefusedException("Cannot roll back: there is no earlier generation; nothing was changed.");
            }
            rolledBackTo.add(generation);
            return commit("rollback to " + (generation == PREVIOUS ? current.number() - 1 : generation));
        }

        private UpdateResult commit(String cause) {
            int previous = current.number();
            current = new Generation(previous + 1, Instant.EPOCH, cause, bundles);
            Change change = new Change(Change.Kind.INSTALL, "tach", Optional.empty(), Optional.of(current.number() + ".0.0"),
                    "requested");
            history.add(new Attempt(current.number(), Instant.EPOCH, cause, List.of(change.toString()),
                    Attempt.Outcome.COMMITTED, ""));
            return new UpdateResult(current, previous, List.of(change), List.of());
        }

        @Override
        public List<String> drift() {
            return List.of();
        }

        @Override
        public String repair(java.util.function.Consumer<String> progress) {
            return "Nothing to repair.";
        }

        @Override
        public UpdateResult adopt(java.util.function.Consumer<String> progress) {
            return commit("adopt");
        }

        @Override
        public Generation current() {
            return current;
        }

        @Override
        public List<Attempt> history() {
            return List.copyOf(history);
        }
    }

    @Test
    void installPassesTheRequestAndPrintsWhatItsAttemptChanged() throws Exception {
        // Given
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        // When
        String out = commands.install(null, true, "", false, "", "tach", "~1.1.0");

        // Then
        assertThat(service.applied).extracting(UpdateRequest::toString).containsExactly("install tach ~1.1.0 --pre");
        assertThat(out).isEqualTo("install tach 1.0.0" + NL + "Generation 1 is running: install tach ~1.1.0 --pre." + NL);
    }

    @Test
    void severalPackagesAreOneRequestAndOneGeneration() throws Exception {
        // Given
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        // When two packages are installed, then updated together, then uninstalled together
        String install = commands.install(null, false, "", false, "", "gtach.example.tach", "~1.0.0", "gtach.example.display");
        String update = commands.update(null, false, false, false, false, "", false, false, "", false, "gtach.example.tach", "[2,3)",
                "gtach.example.display", "^2.0");
        String uninstall = commands.uninstall(null, "", "gtach.example.display", "gtach.example.tach");

        // Then each is one request to the service and one generation, named with all its pairs
        assertThat(service.applied).extracting(UpdateRequest::toString).containsExactly(
                "install gtach.example.tach ~1.0.0 gtach.example.display",
                "update gtach.example.tach [2,3) gtach.example.display ^2.0",
                "uninstall gtach.example.display gtach.example.tach");
        assertThat(install).endsWith("Generation 1 is running: install gtach.example.tach ~1.0.0 gtach.example.display." + NL);
        assertThat(update).endsWith("Generation 2 is running: update gtach.example.tach [2,3) gtach.example.display ^2.0." + NL);
        assertThat(uninstall).endsWith("Generation 3 is running: uninstall gtach.example.display gtach.example.tach." + NL);
        assertThat(commands.history(FakeSession.with(), false)).contains("update gtach.example.tach [2,3) gtach.example.display ^2.0");
        JsonNode plan = new ObjectMapper().readTree(commands.plan(FakeSession.with(), true, false, false, false, false,
                "", false, false, "", false, "install", "a", "^1", "b"));
        assertThat(plan.get("request").asText()).isEqualTo("install a ^1 b");
    }

    @Test
    void aPackageNamedTwiceIsRefusedAndNothingIsAsked() {
        // Given
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        // When the same package is named twice, with two ranges or the same one
        assertThatThrownBy(() -> commands.update(null, false, false, false, false, "", false, false, "", false, "tach", "^1.1", "display", "tach", "^2"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("A request names each package once, but tach is named twice (^1.1 and ^2).");
        assertThatThrownBy(() -> commands.install(null, false, "", false, "", "tach", "tach"))
                .hasMessage("A request names each package once, but tach is named twice.");
        assertThatThrownBy(() -> commands.plan(FakeSession.with(), false, false, false, false, false, "", false, false, "", false, "uninstall", "tach", "tach"))
                .hasMessage("A request names each package once, but tach is named twice.");

        // Then the update service was never asked: no generation, no history
        assertThat(service.applied).isEmpty();
        assertThat(service.history()).isEmpty();
        assertThat(service.current().number()).isZero();
    }

    @Test
    void anUpdateOfSeveralSaysWhichStayedWithinTheirInstalledMajor() throws Exception {
        // Given tach on 1.1.0 and display on 2.0.0 after the update
        CommittingService service = new CommittingService();
        service.bundles = List.of(new ManagedBundle("tach", "1.1.0", "a".repeat(64), "gtach:app:tach", 2, true, true),
                new ManagedBundle("display", "2.0.0", "b".repeat(64), "gtach:app:display", 2, true, true),
                new ManagedBundle("lib", "3.0.0", "c".repeat(64), "gtach:app:lib", 2, true, true));
        UpdateCommands commands = new UpdateCommands(service);

        // When two of three are named without a range
        String out = commands.update(null, false, false, false, false, "", false, false, "", false, "tach", "lib", "^3", "display");

        // Then both are named, with their major versions
        assertThat(out).endsWith("Generation 1 is running: update tach lib ^3 display." + NL
                + "tach stays within 1.x and display within 2.x, as an update without a range does; --major allows a "
                + "higher major version." + NL);
    }

    @Test
    void rollbackTakesAnOptionalGenerationNumber() throws Exception {
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        // Refusals come through as they are: the service's sentence is the command's failure
        assertThatThrownBy(() -> commands.rollback(null)).isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot roll back: there is no earlier generation; nothing was changed.");

        commands.update(null, false, false, false, false, "", false, false, "", false, "tach");
        commands.update(null, true, false, false, false, "", false, false, "", false);
        assertThat(commands.rollback(null)).endsWith("Generation 3 is running: rollback to 1." + NL);
        assertThat(commands.rollback(null, "1")).endsWith("Generation 4 is running: rollback to 1." + NL);
        assertThat(commands.rollback(null, "0")).endsWith("Generation 5 is running: rollback to 0." + NL);
        assertThat(service.rolledBackTo).containsExactly(UpdateService.PREVIOUS, 1, 0);
        assertThatThrownBy(() -> commands.rollback(null, "last"))
                .hasMessage("\"last\" is not a generation number: gtach:history lists them.");
        assertThatThrownBy(() -> commands.rollback(null, "1", "2"))
                .hasMessage("rollback takes at most one generation number, but got 2.");
    }

    @Test
    void allowRestartNamesBundlesTheRequestMayRestart() throws Exception {
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        commands.update(null, false, false, false, false, "", false, false, "gtach.example.display,gtach.example.log", false,
                "gtach.example.tach");
        commands.uninstall(null, "gtach.example.display", "gtach.example.tach");

        assertThat(service.applied).extracting(UpdateRequest::allowedRestarts).containsExactly(
                List.of("gtach.example.display", "gtach.example.log"), List.of("gtach.example.display"));
        assertThat(service.applied.get(0)).hasToString(
                "update gtach.example.tach --allow-restart gtach.example.display,gtach.example.log");
        assertThatThrownBy(() -> commands.update(null, false, false, false, false, "", false, false, "a,,b", false, "tach"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--allow-restart takes symbolic names separated by commas, but got \"a,,b\".");
        assertThatThrownBy(() -> commands.update(null, false, false, false, false, "", false, false, "a", false, "tach",
                "--allow-restart", "b"))
                .hasMessage("--allow-restart is given once, with its names separated by commas (--allow-restart a,b).");
    }

    @Test
    void noBaselineSkipsTheApiBaselineForOneRequestAndIsRecorded() throws Exception {
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        commands.update(null, false, false, false, false, "", false, false, "", true, "gtach.example.tach");
        commands.update(null, false, false, false, false, "", false, false, "", false, "gtach.example.tach");
        JsonNode plan = new ObjectMapper().readTree(commands.plan(FakeSession.with(), true, false, false, false, false,
                "", false, false, "", true, "update", "gtach.example.tach"));

        assertThat(service.applied).extracting(UpdateRequest::noBaseline).containsExactly(true, false);
        assertThat(service.history.get(0).request()).isEqualTo("update gtach.example.tach --no-baseline");
        assertThat(plan.get("request").asText()).isEqualTo("update gtach.example.tach --no-baseline");
        assertThatThrownBy(() -> commands.update(null, false, false, false, false, "", false, false, "", true, "tach",
                "--no-baseline"))
                .hasMessage("--no-baseline is given once and applies to the whole request.");
        assertThatThrownBy(() -> commands.plan(FakeSession.with(), false, false, false, false, false, "", false, false, "",
                true, "uninstall", "tach"))
                .hasMessage("Only install and update take --no-baseline, not uninstall.");
    }

    @Test
    void planAndHistoryPrintJsonWhenAsked() throws Exception {
        // Given one committed install
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);
        commands.install(null, false, "", false, "", "gtach.example.tach", "~1.0.0");

        // When
        JsonNode history = new ObjectMapper().readTree(commands.history(FakeSession.with(), true));
        JsonNode plan = new ObjectMapper().readTree(commands.plan(FakeSession.with(), true, true, false, false, false, "", false, false, "", false, "update"));

        // Then
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("request").asText()).isEqualTo("install gtach.example.tach ~1.0.0");
        assertThat(history.get(0).get("outcome").asText()).isEqualTo("committed");
        assertThat(plan.get("request").asText()).isEqualTo("update --all");
        assertThat(plan.get("changes")).isEmpty();
        assertThat(commands.plan(FakeSession.with(), false, true, false, false, false, "", false, false, "", false, "update"))
                .isEqualTo("Nothing to do: \"update --all\" is already satisfied." + NL);
    }

    @Test
    void aBareVersionIsPassedAsExactlyThatVersion() throws Exception {
        // Given
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        // When
        commands.install(null, false, "", false, "", "tach", "1.0.0");

        // Then: 1.0.0 and nothing above it
        VersionRange range = service.applied.get(0).packages().get(0).range().orElseThrow().toOsgiRange();
        assertThat(range).isEqualTo(new VersionRange("[1.0.0,1.0.0]"));
        assertThat(range.includes(new Version(1, 1, 0))).isFalse();
    }

    @Test
    void anUpdateWithoutARangeSaysItStayedWithinTheInstalledMajor() throws Exception {
        // Given tach on 1.1.0 after the update
        CommittingService service = new CommittingService();
        service.bundles = List.of(new ManagedBundle("tach", "1.1.0", "a".repeat(64), "gtach:app:tach", 2, true, true));
        UpdateCommands commands = new UpdateCommands(service);

        // When
        String out = commands.update(null, false, false, false, false, "", false, false, "", false, "tach");

        // Then
        assertThat(service.applied).extracting(UpdateRequest::toString).containsExactly("update tach");
        assertThat(service.applied.get(0).withinInstalledMajor()).isTrue();
        assertThat(out).isEqualTo("install tach 1.0.0" + NL + "Generation 1 is running: update tach." + NL
                + "tach stays within 1.x, as an update without a range does; --major allows a higher major version." + NL);

        // When nothing is to do, the same is said
        service.satisfied = true;
        assertThat(commands.update(null, false, false, false, false, "", false, false, "", false, "tach")).isEqualTo(
                "Nothing to do: \"update tach\" is already satisfied; generation 1 keeps running." + NL
                + "tach stays within 1.x, as an update without a range does; --major allows a higher major version." + NL);
        assertThat(commands.update(null, true, false, false, false, "", false, false, "", false)).doesNotContain("stays within");
        assertThat(commands.plan(FakeSession.with(), false, false, false, false, false, "", false, false, "", false, "update", "tach")).isEqualTo(
                "Nothing to do: \"update tach\" is already satisfied." + NL
                + "tach stays within its installed major version, as an update without a range does; --major allows "
                + "a higher major version." + NL);
    }

    @Test
    void majorOrARangeSaysNothingAboutMajorVersions() throws Exception {
        // Given
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        // When
        String major = commands.update(null, false, false, false, true, "", false, false, "", false, "tach");
        String ranged = commands.update(null, false, false, false, false, "", false, false, "", false, "tach", "^2");

        // Then
        assertThat(service.applied).extracting(UpdateRequest::toString).containsExactly("update tach --major", "update tach ^2");
        assertThat(major).isEqualTo("install tach 1.0.0" + NL + "Generation 1 is running: update tach --major." + NL);
        assertThat(ranged).doesNotContain("stays within");
        assertThatThrownBy(() -> commands.update(null, false, false, false, true, "", false, false, "", false, "tach", "^2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--major is for an update without");
    }

    @Test
    void startOptionsGoWithEveryPackageOfTheRequestAndNothingIsAskedWhenTheyDoNotFit() throws Exception {
        // Given
        CommittingService service = new CommittingService();
        UpdateCommands commands = new UpdateCommands(service);

        // When a package is installed at level 3 not started, then moved to 4 and started
        commands.install(null, false, "3", true, "", "gtach.example.tach", "~1.0.0");
        commands.update(null, false, false, false, false, "4", false, true, "", false, "gtach.example.tach");
        commands.plan(FakeSession.with(), false, false, false, false, false, "5", false, false, "", false, "update", "gtach.example.tach");

        // Then the service gets the options with the package, and the history reads them as typed
        assertThat(service.applied).extracting(r -> r.packages().get(0)).containsExactly(
                PackageRange.of("gtach.example.tach", SemanticRange.parse("~1.0.0")).withStartLevel(3).notStarted(),
                PackageRange.of("gtach.example.tach").withStartLevel(4).withStarted(true));
        assertThat(commands.history(FakeSession.with(), false))
                .contains("install gtach.example.tach ~1.0.0 --start-level 3 --no-start")
                .contains("update gtach.example.tach --start-level 4 --start");
        // and options that do not fit are refused before the service hears of them
        assertThatThrownBy(() -> commands.install(null, false, "x", false, "", "gtach.example.tach"))
                .hasMessage("--start-level takes a whole number above 0, but got \"x\".");
        assertThatThrownBy(() -> commands.uninstall(null, "", "gtach.example.tach", "--no-start"))
                .hasMessageStartingWith("uninstall takes no --start-level, --start or --no-start");
        assertThatThrownBy(() -> commands.plan(FakeSession.with(), false, false, false, false, false, "", false, true, "", false,
                "install", "gtach.example.tach"))
                .hasMessage("install has no option --start: it starts what it installs unless --no-start is given.");
        assertThat(service.applied).hasSize(2);
    }
}
