package gtach.provisioning.update.internal;

import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.ChangeKind;
import gtach.provisioning.version.CompatibilityChecker;
import gtach.provisioning.version.CompatibilityReport;
import gtach.provisioning.version.LostWire;
import gtach.provisioning.version.SemanticRange;
import org.apache.felix.resolver.Logger;
import org.apache.felix.resolver.ResolverImpl;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PlannerTest {

    private static final String RANGE = "[1.0.0,2.0.0)";

    private final StoredPackages packages = new StoredPackages();
    private final ViewBuilder framework = new ViewBuilder();
    private CompatibilityChecker compatibility = new UnreadableJars();

    /** The planner as the update component builds it, over the real Felix resolver. */
    private Planner planner() {
        return new Planner(packages, packages.repository(), new ResolverImpl(new Logger(Logger.LOG_ERROR)), compatibility);
    }

    /** Plans a request against the framework as built, whose managed bundles are generation 1. */
    private PlannedUpdate plan(UpdateRequest request) throws UpdateRefusedException {
        return planner().plan(request, framework.generation(1), framework.view());
    }

    /** Plans a rollback, labelled as the update service labels one. */
    private PlannedUpdate planReturnTo(Generation earlier) throws UpdateRefusedException {
        return planner().planReturnTo(earlier, framework.view(), UpdateRequest.updateAll());
    }

    private static Optional<SemanticRange> range(String text) {
        return Optional.of(SemanticRange.parse(text));
    }

    private static Change install(String name, String to, String reason) {
        return new Change(Change.Kind.INSTALL, name, Optional.empty(), Optional.of(to), reason);
    }

    private static Change update(String name, String from, String to, String reason) {
        return new Change(Change.Kind.UPDATE, name, Optional.of(from), Optional.of(to), reason);
    }

    private static Change uninstall(String name, String from, String reason) {
        return new Change(Change.Kind.UNINSTALL, name, Optional.of(from), Optional.empty(), reason);
    }

    // ---- install

    @Test
    void installingAPackagePullsItsDependencyFromTheRepository() throws UpdateRefusedException {
        // Given an application that imports a library stored in three versions, one outside its range
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"),
                Resources.bundle("bench.lib", "2.0.0").exports("bench.lib", "2.0.0"));

        // When the application is installed
        PlannedUpdate planned = plan(UpdateRequest.install("bench.app", Optional.empty()));

        // Then the newest library that fits comes with it, and nothing running is refreshed
        Plan plan = planned.plan();
        assertThat(plan.changes()).containsExactly(
                install("bench.app", "1.0.0", "requested"),
                install("bench.lib", "1.1.0", "needed by bench.app 1.0.0"));
        assertThat(plan.refresh()).isEmpty();
        assertThat(planned.target()).extracting(TargetBundle::toString, TargetBundle::requested, TargetBundle::location)
                .containsExactly(
                        tuple("bench.app 1.0.0", true, "gtach:app:bench.app"),
                        tuple("bench.lib 1.1.0", false, "gtach:app:bench.lib"));
        assertThat(planned.target().get(1).sha256()).isEqualTo(StoredPackages.sha256Of("bench.lib", "1.1.0"));
    }

    @Test
    void aPackageTheBaseSetAlreadyExportsIsNotInstalledAgain() throws UpdateRefusedException {
        // Given the base set exports the library package the application imports, and a stored library does too
        framework.unmanaged(Resources.bundle("bench.base", "1.0.0").exports("bench.lib", "1.0.0"));
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.5.0").exports("bench.lib", "1.5.0"));

        // When the application is installed
        Plan plan = plan(UpdateRequest.install("bench.app", Optional.empty())).plan();

        // Then it is wired to what runs: only the application is installed
        assertThat(plan.changes()).containsExactly(install("bench.app", "1.0.0", "requested"));
    }

    @Test
    void installingWhatIsInstalledIsRefused() {
        // Given an installed application
        framework.requested("bench.app", "1.0.0");
        packages.add(Resources.bundle("bench.app", "1.0.0"), Resources.bundle("bench.app", "1.1.0"));

        // When it is installed again, then the operator is sent to gtach:update
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 is already installed; "
                        + "use gtach:update to change its version; nothing was changed.");
    }

    @Test
    void installingWhatTheRepositoryDoesNotHoldIsRefused() {
        // Given an empty repository, when a package is installed, then the operator is sent to gtach:add
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", range("^1.0"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app ^1.0: the repository holds no package named bench.app; "
                        + "add it with gtach:add first; nothing was changed.");
    }

    @Test
    void aNewFragmentIsInstalledAndItsHostRefreshed() throws UpdateRefusedException {
        // Given a running application, and a fragment of it in the repository
        framework.requested("bench.app", "1.0.0");
        packages.add(Resources.bundle("bench.app", "1.0.0"),
                Resources.fragment("bench.app.config", "1.0.0", "bench.app"));

        // When the fragment is installed
        PlannedUpdate planned = plan(UpdateRequest.install("bench.app.config", Optional.empty()));

        // Then it is installed not to be started, and its host is refreshed to attach it
        assertThat(planned.plan().changes()).containsExactly(install("bench.app.config", "1.0.0", "requested"));
        assertThat(planned.plan().refresh()).containsExactly("bench.app 1.0.0");
        TargetBundle fragment = planned.target().stream()
                .filter(t -> t.symbolicName().equals("bench.app.config")).findFirst().orElseThrow();
        assertThat(fragment.started()).isFalse();
        assertThat(fragment.host()).contains("bench.app");
    }

    // ---- update

    @Test
    void updatingMovesToTheNewestVersionInTheRange() throws UpdateRefusedException {
        // Given an application on 1.0.0 wired to a library, with newer versions of both stored
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"));
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0")) {
            packages.add(Resources.bundle("bench.app", version).imports("bench.lib", RANGE));
        }

        // When the application is updated within ^1.0
        UpdateRequest request = UpdateRequest.update("bench.app", range("^1.0"));
        Plan plan = plan(request).plan();

        // Then it moves to 1.2.0 in place, the library it does not need to move stays, and only it is refreshed
        assertThat(plan.request()).isEqualTo(request);
        assertThat(plan.changes()).containsExactly(update("bench.app", "1.0.0", "1.2.0", "requested"));
        assertThat(plan.refresh()).containsExactly("bench.app 1.0.0");
    }

    @Test
    void updatingALibraryRefreshesItsConsumers() throws UpdateRefusedException {
        // Given a library that an application imports
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.0.1").exports("bench.lib", "1.0.1"));

        // When the library is updated
        PlannedUpdate planned = plan(UpdateRequest.update("bench.lib", Optional.empty()));

        // Then the application is refreshed with it
        assertThat(planned.plan().changes()).containsExactly(update("bench.lib", "1.0.0", "1.0.1", "requested"));
        assertThat(planned.plan().refresh()).containsExactly("bench.app 1.0.0", "bench.lib 1.0.0");
        assertThat(planned.delta().refresh().reasons())
                .containsEntry(app, "needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0");
    }

    @Test
    void updatingEverythingStaysWithinEachMajorVersion() throws UpdateRefusedException {
        // Given two applications on different majors and a library one of them needs
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.requested("bench.tool", "2.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        for (String version : List.of("1.0.0", "1.4.0", "2.0.0")) {
            packages.add(Resources.bundle("bench.app", version).imports("bench.lib", RANGE));
        }
        packages.add(Resources.bundle("bench.tool", "2.0.0"), Resources.bundle("bench.tool", "2.1.0"),
                Resources.bundle("bench.tool", "3.0.0"),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.3.0").exports("bench.lib", "1.3.0"));

        // When everything is updated
        Plan plan = plan(UpdateRequest.updateAll()).plan();

        // Then each application takes the newest of its own major, and the library the newest that fits
        assertThat(plan.changes()).containsExactly(
                update("bench.app", "1.0.0", "1.4.0", "requested"),
                update("bench.lib", "1.0.0", "1.3.0", "needed by bench.app 1.4.0"),
                update("bench.tool", "2.0.0", "2.1.0", "requested"));
        assertThat(plan.refresh()).containsExactly("bench.app 1.0.0", "bench.lib 1.0.0", "bench.tool 2.0.0");
    }

    @Test
    void updatingEverythingKeepsASharedLibraryThatOnlyItsCurrentMajorFitsForEveryConsumer()
            throws UpdateRefusedException {
        // Given a library on 1.5.0 that an application (1.x or 2.x) and a tool (1.x only) import,
        // and a library 2.0.0 stored
        BundleState lib = framework.dependency("bench.lib", "1.5.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState tool = framework.requested("bench.tool", "1.0.0");
        framework.wire(app, "bench.lib", "[1.0.0,3.0.0)", lib).wire(tool, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.lib", "1.5.0").exports("bench.lib", "1.5.0"),
                Resources.bundle("bench.lib", "2.0.0").exports("bench.lib", "2.0.0"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.lib", "[1.0.0,3.0.0)"),
                Resources.bundle("bench.tool", "1.0.0").imports("bench.lib", RANGE));

        // When everything is updated
        Plan plan = plan(UpdateRequest.updateAll()).plan();

        // Then the library stays on the newest version both accept: there is nothing to do
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.refresh()).isEmpty();
    }

    @Test
    void updatingWithoutARangeTakesTheNewestOfTheInstalledMajor() throws UpdateRefusedException {
        // Given an application on 1.0.0 with 1.1.0, 1.2.0-rc.1 and 2.0.0 stored
        framework.requested("bench.app", "1.0.0");
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0.rc_1", "2.0.0")) {
            packages.add(Resources.bundle("bench.app", version));
        }

        // When it is updated without a range
        Plan plan = plan(UpdateRequest.update("bench.app", Optional.empty())).plan();

        // Then it moves to the newest 1.x release
        assertThat(plan.changes()).containsExactly(update("bench.app", "1.0.0", "1.1.0", "requested"));

        // When pre-releases are allowed, the newest 1.x is the release candidate
        assertThat(plan(UpdateRequest.update("bench.app", Optional.empty()).withPreReleases()).plan().changes())
                .containsExactly(update("bench.app", "1.0.0", "1.2.0.rc_1", "requested"));

        // When a major change is allowed, it moves to 2.0.0
        UpdateRequest major = UpdateRequest.update("bench.app", Optional.empty()).allowingMajorChange();
        assertThat(major.toString()).isEqualTo("update bench.app --major");
        assertThat(plan(major).plan().changes()).containsExactly(update("bench.app", "1.0.0", "2.0.0", "requested"));
    }

    @Test
    void updatingWithoutARangeWhenTheNewestOfTheMajorRunsChangesNothing() throws UpdateRefusedException {
        // Given an application on 1.1.0, the newest 1.x, with 2.0.0 stored
        framework.requested("bench.app", "1.1.0");
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0")) {
            packages.add(Resources.bundle("bench.app", version));
        }

        // When it is updated without a range, then nothing is to do: neither 2.0.0 nor a downgrade
        assertThat(plan(UpdateRequest.update("bench.app", Optional.empty())).plan().isEmpty()).isTrue();
        assertThat(plan(UpdateRequest.updateAll()).plan().isEmpty()).isTrue();

        // When everything may cross its major version, then 2.0.0 is taken
        assertThat(plan(UpdateRequest.updateAll().allowingMajorChange()).plan().changes())
                .containsExactly(update("bench.app", "1.1.0", "2.0.0", "requested"));
    }

    @Test
    void aBareVersionIsExactlyThatVersion() throws UpdateRefusedException {
        // Given 1.0.0 and 1.1.0 stored
        packages.add(Resources.bundle("bench.app", "1.0.0"), Resources.bundle("bench.app", "1.1.0"));

        // When 1.0.0 is installed, then 1.0.0 is installed, not the newest at least 1.0.0
        assertThat(plan(UpdateRequest.install("bench.app", range("1.0.0"))).plan().changes())
                .containsExactly(install("bench.app", "1.0.0", "requested"));
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", range("1.2"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app 1.2: no stored version of bench.app matches 1.2; "
                        + "stored: 1.0.0, 1.1.0; nothing was changed.");
    }

    @Test
    void aStampedReleaseIsARelease() throws UpdateRefusedException {
        // Given an official OSGi release whose qualifier is a timestamp, and a snapshot above it
        packages.add(Resources.bundle("org.osgi.service.event", "1.4.1.202109301733"),
                Resources.bundle("org.osgi.service.event", "1.4.2.SNAPSHOT"));

        // When it is installed without --pre, then the stamped release is chosen
        assertThat(plan(UpdateRequest.install("org.osgi.service.event", Optional.empty())).plan().changes())
                .containsExactly(install("org.osgi.service.event", "1.4.1.202109301733", "requested"));
        assertThat(plan(UpdateRequest.install("org.osgi.service.event", range("^1.4"))).plan().changes())
                .containsExactly(install("org.osgi.service.event", "1.4.1.202109301733", "requested"));
    }

    @Test
    void aStampedReleaseServesADependencyWithoutPre() throws UpdateRefusedException {
        // Given an application that imports a package only a stamped release exports
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("org.osgi.service.event", "[1.4,2)"),
                Resources.bundle("org.osgi.service.event", "1.4.1.202109301733").exports("org.osgi.service.event", "1.4.1"));

        // When it is installed, then the stamped release comes with it
        assertThat(plan(UpdateRequest.install("bench.app", Optional.empty())).plan().changes()).containsExactly(
                install("bench.app", "1.0.0", "requested"),
                install("org.osgi.service.event", "1.4.1.202109301733", "needed by bench.app 1.0.0"));
    }

    @Test
    void aRequestThatFindsOnlyPreReleasesSaysSoAndHowToAllowThem() {
        // Given only release candidates stored
        packages.add(Resources.bundle("bench.app", "1.0.0.rc_1"), Resources.bundle("bench.app", "1.1.0.rc_1"),
                Resources.bundle("bench.app", "1.1.0.rc_2"), Resources.bundle("bench.app", "2.0.0"));

        // When installed without --pre, then the refusal names what was left out as a pre-release
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", range("^1.0"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app ^1.0: no stored version of bench.app matches ^1.0 "
                        + "(1.1.0-rc.1, 1.1.0-rc.2 would, but are pre-releases: add --pre to allow them); "
                        + "stored: 1.0.0-rc.1, 1.1.0-rc.1, 1.1.0-rc.2, 2.0.0; nothing was changed.");
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", range("[0.1,1.0.0]"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessageContaining("(1.0.0-rc.1 would, but is a pre-release: add --pre to allow it)");

        // When nothing would match even with --pre, then --pre is not offered
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", range("^3"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app ^3: no stored version of bench.app matches ^3; "
                        + "stored: 1.0.0-rc.1, 1.1.0-rc.1, 1.1.0-rc.2, 2.0.0; nothing was changed.");
    }

    @Test
    void aDependencyLeftOutAsAPreReleaseIsNamedWithHowToAllowIt() throws UpdateRefusedException {
        // Given an application whose library exists only as a release candidate
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.1.0.rc_1").exports("bench.lib", "1.1.0"));

        // When it is installed without --pre, then the refusal says why the candidate was not taken
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 needs package bench.lib [1.0.0,2.0.0), which "
                        + "no installed bundle and no allowed stored package provides (bench.lib 1.1.0-rc.1 would, "
                        + "but is a pre-release: add --pre to allow it); nothing was changed.");

        // When it is installed with --pre, then the candidate comes with it
        assertThat(plan(UpdateRequest.install("bench.app", Optional.empty()).withPreReleases()).plan().changes())
                .contains(install("bench.lib", "1.1.0.rc_1", "needed by bench.app 1.0.0"));
    }

    @Test
    void updatingWhatIsNotInstalledIsRefused() {
        // Given a stored package that is not installed
        packages.add(Resources.bundle("bench.app", "1.0.0"));

        // When it is updated, then the operator is sent to gtach:status
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.app: bench.app is not installed "
                        + "(gtach:status lists the application's packages); nothing was changed.");
    }

    @Test
    void aDowngradeIsRefusedUnlessAllowed() throws UpdateRefusedException {
        // Given a library on 1.2.0 with 1.0.0 still stored
        framework.requested("bench.lib", "1.2.0");
        packages.add(Resources.bundle("bench.lib", "1.0.0"), Resources.bundle("bench.lib", "1.2.0"));
        UpdateRequest request = UpdateRequest.update("bench.lib", range("[1.0.0,1.0.0]"));

        // When it is moved to 1.0.0 without --downgrade, then that is refused
        assertThatThrownBy(() -> plan(request))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.lib [1.0.0,1.0.0]: it would downgrade bench.lib from 1.2.0 to 1.0.0; "
                        + "add --downgrade to allow that; nothing was changed.");

        // When it is moved with --downgrade, then it is planned
        Plan plan = plan(request.allowingDowngrade()).plan();
        assertThat(plan.changes()).containsExactly(update("bench.lib", "1.2.0", "1.0.0", "requested"));
        assertThat(plan.refresh()).containsExactly("bench.lib 1.2.0");
    }

    @Test
    void aDependencyThatWouldMoveDownIsADowngradeToo() {
        // Given an application on 1.0.0 with a library on 1.5.0, and an application 1.1.0 that wants an older library
        BundleState lib = framework.dependency("bench.lib", "1.5.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.app", "1.1.0").imports("bench.lib", "[1.0.0,1.2.0)"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"),
                Resources.bundle("bench.lib", "1.5.0").exports("bench.lib", "1.5.0"));

        // When the application is updated, then the library's downgrade is named
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.app: it would downgrade bench.lib from 1.5.0 to 1.1.0; "
                        + "add --downgrade to allow that; nothing was changed.");
    }

    @Test
    void aSingletonMovesVersionInsteadOfRunningTwice() throws UpdateRefusedException {
        // Given a library on 1.0.0 that an application (any 1.x or 2.x) and a tool (1.x only) import
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState tool = framework.requested("bench.tool", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib).wire(tool, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "2.0.0").exports("bench.lib", "2.0.0"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.lib", "[1.0.0,3.0.0)"),
                Resources.bundle("bench.tool", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.tool", "2.0.0").imports("bench.lib", "[2.0.0,3.0.0)"));

        // When the tool moves to 2.0.0, which needs the library's 2.x
        PlannedUpdate planned = plan(UpdateRequest.update("bench.tool", Optional.empty()).allowingMajorChange());

        // Then the library moves to 2.0.0 for both: one version of a symbolic name, never two
        assertThat(planned.target()).extracting(TargetBundle::toString)
                .containsExactly("bench.app 1.0.0", "bench.lib 2.0.0", "bench.tool 2.0.0");
        List<Change> changes = planned.plan().changes();
        assertThat(changes).extracting(Change::toString)
                .containsExactly("update bench.lib 1.0.0 -> 2.0.0", "update bench.tool 1.0.0 -> 2.0.0");
        assertThat(changes.get(0).reason()).startsWith("needed by ").contains("bench.app 1.0.0", "bench.tool 2.0.0");
        assertThat(changes.get(1).reason()).isEqualTo("requested");
    }

    @Test
    void aUsesChainKeepsOneProviderOfAPackageAcrossItsConsumers() throws UpdateRefusedException {
        // Given bench.api 1.0.0 installed from bench.api.one (which the resolver prefers, being installed),
        // bench.api 2.0.0 stored in bench.api.two, a service whose exported package shows bench.api types
        // (uses:=bench.api) and accepts either, and an application that needs the service and bench.api 2.x
        framework.requested("bench.api.one", "1.0.0");
        packages.add(Resources.bundle("bench.api.one", "1.0.0").exports("bench.api", "1.0.0"),
                Resources.bundle("bench.api.two", "1.0.0").exports("bench.api", "2.0.0"),
                Resources.bundle("bench.service", "1.0.0").imports("bench.api", "[1.0.0,3.0.0)")
                        .exports("bench.service", "1.0.0", "bench.api"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.service", RANGE).imports("bench.api", "[2.0.0,3.0.0)"));

        // When the application is installed
        PlannedUpdate planned = plan(UpdateRequest.install("bench.app", Optional.empty()));

        // Then the service is wired to bench.api 2.0.0 too, the one the application sees through it
        assertThat(planned.plan().changes()).extracting(Change::toString).containsExactly(
                "install bench.api.two 1.0.0", "install bench.app 1.0.0", "install bench.service 1.0.0");
        assertThat(planned.plan().changes().get(0).reason())
                .isEqualTo("needed by bench.app 1.0.0, bench.service 1.0.0");
    }

    @Test
    void aUsesConflictIsRefusedBeforeAnythingChanges() {
        // Given a service that shows bench.api 1.x types and accepts only 1.x, and an application that
        // needs the service and bench.api 2.x: no wiring gives the application one bench.api
        packages.add(Resources.bundle("bench.api.one", "1.0.0").exports("bench.api", "1.0.0"),
                Resources.bundle("bench.api.two", "1.0.0").exports("bench.api", "2.0.0"),
                Resources.bundle("bench.service", "1.0.0").imports("bench.api", RANGE)
                        .exports("bench.service", "1.0.0", "bench.api"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.service", RANGE).imports("bench.api", "[2.0.0,3.0.0)"));

        // Then the install is refused with the two chains in words, not the resolver's dump, with nothing changed
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 would see package bench.api from two exporters "
                        + "at once, bench.api.two 1.0.0 and bench.api.one 1.0.0: it imports package bench.api "
                        + "[2.0.0,3.0.0) from bench.api.two 1.0.0; and it imports package bench.service [1.0.0,2.0.0) "
                        + "from bench.service 1.0.0, whose package bench.service uses bench.api, and bench.service 1.0.0 "
                        + "imports package bench.api [1.0.0,2.0.0) from bench.api.one 1.0.0; nothing was changed.")
                .message().doesNotContain("Uses constraint violation", "Chain", "osgi.wiring.package", "resolver");
    }

    @Test
    void aUsesConflictThroughARuntimeBundleFollowsTheLongerChain() {
        // Given bench.api 1.0.0 from the runtime's base set, a model that shows its types, a service that
        // shows the model's, and an application that needs the service and bench.api 2.x (stored)
        framework.unmanaged(Resources.bundle("base.api", "1.0.0").exports("bench.api", "1.0.0"));
        packages.add(Resources.bundle("bench.api.two", "1.0.0").exports("bench.api", "2.0.0"),
                Resources.bundle("bench.model", "1.0.0").imports("bench.api", RANGE)
                        .exports("bench.model", "1.0.0", "bench.api"),
                Resources.bundle("bench.service", "1.0.0").imports("bench.model", RANGE)
                        .exports("bench.service", "1.0.0", "bench.model"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.service", RANGE).imports("bench.api", "[2.0.0,3.0.0)"));

        // When it is installed, then each step of the second chain is named, down to the runtime's exporter
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 would see package bench.api from two exporters "
                        + "at once, bench.api.two 1.0.0 and base.api 1.0.0: it imports package bench.api [2.0.0,3.0.0) "
                        + "from bench.api.two 1.0.0; and it imports package bench.service [1.0.0,2.0.0) from "
                        + "bench.service 1.0.0, whose package bench.service uses bench.model, and bench.service 1.0.0 "
                        + "imports package bench.model [1.0.0,2.0.0) from bench.model 1.0.0, whose package bench.model "
                        + "uses bench.api, and bench.model 1.0.0 imports package bench.api [1.0.0,2.0.0) from "
                        + "base.api 1.0.0; nothing was changed.");
    }

    @Test
    void aUsesConflictWithAPackagesOwnExportNamesTheOtherChain() {
        // Given an application that exports bench.api 2.0.0 itself and needs a service showing bench.api 1.x types
        packages.add(Resources.bundle("bench.api.one", "1.0.0").exports("bench.api", "1.0.0"),
                Resources.bundle("bench.service", "1.0.0").imports("bench.api", RANGE)
                        .exports("bench.service", "1.0.0", "bench.api"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.service", RANGE).exports("bench.api", "2.0.0"));

        // When it is installed, then its own export and the chain to the other exporter are named
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 exports package bench.api and would also see it "
                        + "from bench.api.one 1.0.0: it imports package bench.service [1.0.0,2.0.0) from bench.service "
                        + "1.0.0, whose package bench.service uses bench.api, and bench.service 1.0.0 imports package "
                        + "bench.api [1.0.0,2.0.0) from bench.api.one 1.0.0; nothing was changed.");
    }

    // ---- uninstall

    @Test
    void uninstallingRemovesTheDependencyNothingElseNeeds() throws UpdateRefusedException {
        // Given an application with its library, and a tool that needs nothing
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.requested("bench.tool", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.tool", "1.0.0"));

        // When the application is uninstalled
        PlannedUpdate planned = plan(UpdateRequest.uninstall("bench.app"));

        // Then its library goes with it, and the tool stays
        assertThat(planned.plan().changes()).containsExactly(
                uninstall("bench.app", "1.0.0", "requested"),
                uninstall("bench.lib", "1.0.0", "no longer needed"));
        assertThat(planned.plan().refresh()).containsExactly("bench.app 1.0.0", "bench.lib 1.0.0");
        assertThat(planned.target()).extracting(TargetBundle::toString).containsExactly("bench.tool 1.0.0");
    }

    @Test
    void uninstallingWhatAnotherManagedBundleNeedsIsRefused() {
        // Given a library an operator installed, which an application imports
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"));

        // When the library is uninstalled, then the application that needs it is named
        assertThatThrownBy(() -> plan(UpdateRequest.uninstall("bench.lib")))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot uninstall bench.lib: bench.lib is still needed by bench.app 1.0.0; "
                        + "uninstall that first; nothing was changed.");
    }

    @Test
    void uninstallingAHostItsFragmentStillNeedsIsRefused() {
        // Given an application with a fragment an operator installed
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.fragment("bench.app.config", "1.0.0", app);
        packages.add(Resources.bundle("bench.app", "1.0.0"),
                Resources.fragment("bench.app.config", "1.0.0", "bench.app"));

        // When the application is uninstalled, then the fragment is named
        assertThatThrownBy(() -> plan(UpdateRequest.uninstall("bench.app")))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot uninstall bench.app: bench.app is still needed by bench.app.config 1.0.0; "
                        + "uninstall that first; nothing was changed.");
    }

    // ---- several packages in one request

    /** Tachometer and display on 1.0.0, the display wired to the tachometer's 1.x API; both in 1.x and 2.0.0 stored. */
    private void tachAndDisplayOnOne() {
        BundleState tach = framework.requested("bench.tach", "1.0.0");
        BundleState display = framework.requested("bench.display", "1.0.0");
        framework.wire(display, "bench.tach", RANGE, tach);
        packages.add(Resources.bundle("bench.tach", "1.0.0").exports("bench.tach", "1.0.0"),
                Resources.bundle("bench.tach", "2.0.0").exports("bench.tach", "2.0.0"),
                Resources.bundle("bench.display", "1.0.0").imports("bench.tach", RANGE),
                Resources.bundle("bench.display", "2.0.0").imports("bench.tach", "[2.0.0,3.0.0)"));
    }

    @Test
    void severalPackagesAreInstalledInOnePlan() throws UpdateRefusedException {
        // Given two applications that import one library, all stored
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.app", "1.1.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.tool", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"));

        // When both are installed in one request, one of them at a version of its own
        UpdateRequest request = UpdateRequest.install(List.of(PackageRange.of("bench.tool"),
                PackageRange.of("bench.app", SemanticRange.parse("1.0.0"))));
        PlannedUpdate planned = plan(request);

        // Then one plan installs both, each requested, and the library they share once
        assertThat(planned.plan().request().toString()).isEqualTo("install bench.tool bench.app 1.0.0");
        assertThat(planned.plan().changes()).containsExactly(
                install("bench.app", "1.0.0", "requested"),
                install("bench.lib", "1.0.0", "needed by bench.app 1.0.0, bench.tool 1.0.0"),
                install("bench.tool", "1.0.0", "requested"));
        assertThat(planned.target()).extracting(TargetBundle::toString, TargetBundle::requested).containsExactly(
                tuple("bench.app 1.0.0", true), tuple("bench.lib 1.0.0", false), tuple("bench.tool 1.0.0", true));
    }

    @Test
    void aProviderAndItsConsumerMoveToANewMajorTogether() throws UpdateRefusedException {
        // Given a display on the tachometer's 1.x API, and both in 2.0.0 stored
        tachAndDisplayOnOne();

        // When both are updated in one request
        UpdateRequest request = UpdateRequest.update(List.of(PackageRange.of("bench.tach", SemanticRange.parse("[2,3)")),
                PackageRange.of("bench.display", SemanticRange.parse("^2.0"))));
        Plan plan = plan(request).plan();

        // Then both move in one plan, and both are refreshed
        assertThat(plan.changes()).containsExactly(
                update("bench.display", "1.0.0", "2.0.0", "requested"),
                update("bench.tach", "1.0.0", "2.0.0", "requested"));
        assertThat(plan.refresh()).containsExactly("bench.display 1.0.0", "bench.tach 1.0.0");
    }

    @Test
    void aRefusalToMoveAProviderAloneNamesTheCommandThatMovesBoth() throws UpdateRefusedException {
        // Given a display on the tachometer's 1.x API, and both in 2.0.0 stored
        tachAndDisplayOnOne();

        // When the tachometer alone is moved to 2.x, then the refusal names the command that moves both
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.tach", range("[2,3)"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.tach [2,3): bench.display 1.0.0 needs package bench.tach [1.0.0,2.0.0), "
                        + "but this request moves it to bench.tach 2.0.0, which exports it at 2.0.0: change both in one "
                        + "request (gtach:update bench.tach '[2,3)' bench.display ^2.0), or choose a version that fits; "
                        + "nothing was changed.");

        // and that command plans, with the flags the request had
        UpdateRequest both = UpdateRequest.update(List.of(PackageRange.of("bench.tach", SemanticRange.parse("[2,3)")),
                PackageRange.of("bench.display", SemanticRange.parse("^2.0"))));
        assertThat(plan(both).plan().changes()).hasSize(2);
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.tach", Optional.empty()).allowingMajorChange().withPreReleases()))
                .hasMessageContaining("change both in one request (gtach:update --pre --major bench.tach bench.display ^2.0)");
    }

    @Test
    void theCommandNamesTheExactVersionWhenANewerOneWouldNotFit() {
        // Given a display 2.1.0 stored that needs the tachometer's 3.x API, beside the 2.0.0 that fits
        tachAndDisplayOnOne();
        packages.add(Resources.bundle("bench.display", "2.1.0").imports("bench.tach", "[3.0.0,4.0.0)"));

        // When the tachometer alone is moved to 2.x, then ^2.0 would take 2.1.0: the command names 2.0.0
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.tach", range("^2"))))
                .hasMessageContaining("change both in one request (gtach:update bench.tach ^2 bench.display 2.0.0), or");
    }

    @Test
    void noCommandIsNamedWhenMovingBothWouldNotPlanEither() {
        // Given the only display 2.0.0 also needs a package that nothing provides
        tachAndDisplayOnOne();
        packages.add(Resources.bundle("bench.display", "2.0.0").imports("bench.tach", "[2.0.0,3.0.0)")
                .imports("bench.missing", RANGE));

        // When the tachometer alone is moved to 2.x, then the advice stays without a command
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.tach", range("[2,3)"))))
                .hasMessageEndingWith("which exports it at 2.0.0: change both in one request, or choose a version "
                        + "that fits; nothing was changed.");
    }

    @Test
    void aRequestNamingBothAsksForVersionsThatFitEachOther() {
        // Given a display on the tachometer's 1.x API, and both in 2.0.0 stored
        tachAndDisplayOnOne();

        // When both are named, the display kept on 1.x and the tachometer moved to 2.x, then no command is named
        assertThatThrownBy(() -> plan(UpdateRequest.update(List.of(PackageRange.of("bench.tach", SemanticRange.parse("^2")),
                PackageRange.of("bench.display", SemanticRange.parse("^1"))))))
                .hasMessage("Cannot update bench.tach ^2 bench.display ^1: bench.display 1.0.0 needs package bench.tach "
                        + "[1.0.0,2.0.0), but this request moves it to bench.tach 2.0.0, which exports it at 2.0.0: choose "
                        + "versions of bench.display and bench.tach that fit each other; nothing was changed.");
    }

    @Test
    void aRequestOfSeveralIsRefusedWholeWhenOnePartCannotBeDone() {
        // Given an installed tool, and an application stored
        framework.requested("bench.tool", "1.0.0");
        packages.add(Resources.bundle("bench.tool", "1.0.0"), Resources.bundle("bench.app", "1.0.0"));

        // When both are installed in one request, then the one installed already is named, and nothing is planned
        assertThatThrownBy(() -> plan(UpdateRequest.install(List.of(PackageRange.of("bench.app"), PackageRange.of("bench.tool")))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app bench.tool: bench.tool 1.0.0 is already installed; "
                        + "use gtach:update to change its version; nothing was changed.");
        assertThatThrownBy(() -> plan(UpdateRequest.update(List.of(PackageRange.of("bench.tool"), PackageRange.of("bench.app")))))
                .hasMessage("Cannot update bench.tool bench.app: bench.app is not installed (gtach:status lists the "
                        + "application's packages); nothing was changed.");
    }

    @Test
    void uninstallingAnApplicationAndTheLibraryItNeedsTogetherRemovesBoth() throws UpdateRefusedException {
        // Given a library an operator installed, an application that imports it, and a tool
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.requested("bench.tool", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.tool", "1.0.0"));

        // When both are uninstalled in one request (the library alone is refused: the application needs it)
        PlannedUpdate planned = plan(UpdateRequest.uninstall(List.of("bench.lib", "bench.app")));

        // Then both go, each as requested, and the tool stays
        assertThat(planned.plan().changes()).containsExactly(
                uninstall("bench.app", "1.0.0", "requested"),
                uninstall("bench.lib", "1.0.0", "requested"));
        assertThat(planned.target()).extracting(TargetBundle::toString).containsExactly("bench.tool 1.0.0");
    }

    // ---- what the update service never breaks

    @Test
    void aRefreshThatWouldRestartTheProvisioningLayerIsRefused() {
        // Given a console of the provisioning layer importing from a managed library
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState console = framework.unmanaged(Resources.bundle("gtach.provisioning.console", "1.0.0")
                .imports("bench.lib", RANGE));
        framework.wire(console, "bench.lib", RANGE, lib).protect(console);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"));

        // When the library is updated, then the refresh that would stop the console is refused, with its reason
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.lib", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.lib: it would restart gtach.provisioning.console, which the "
                        + "provisioning layer needs, because it needs package bench.lib [1.0.0,2.0.0) from "
                        + "bench.lib 1.0.0; nothing was changed.");
    }

    @Test
    void anUnmanagedConsumerWhoseWireSurvivesIsRefreshed() throws UpdateRefusedException {
        // Given a report of the base set, outside the provisioning layer, importing from a managed library
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState report = framework.unmanaged(Resources.bundle("bench.report", "3.0.0").imports("bench.lib", RANGE));
        framework.wire(report, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"));

        // When the library moves to a version the report's import accepts
        Plan plan = plan(UpdateRequest.update("bench.lib", Optional.empty())).plan();

        // Then the update is planned, and the report restarts with it
        assertThat(plan.changes()).containsExactly(update("bench.lib", "1.0.0", "1.1.0", "requested"));
        assertThat(plan.refresh()).containsExactly("bench.lib 1.0.0", "bench.report 3.0.0");
    }

    @Test
    void aBundleOfTheBaseSetIsNeverInstalledOverIt() {
        // Given a utility of the base set, and a newer one in the repository
        framework.unmanaged(Resources.bundle("bench.util", "1.0.0").exports("bench.util", "1.0.0"));
        packages.add(Resources.bundle("bench.util", "2.0.0").exports("bench.util", "2.0.0"));

        // When it is installed, then the operator is told a new gtach.jar replaces it
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.util", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.util: bench.util is part of the runtime's base set "
                        + "(file:base/bench.util.jar), which the update service never changes; "
                        + "a new gtach.jar replaces it; nothing was changed.");
    }

    @Test
    void aBundleOfTheBaseSetIsNeverPulledInByADependency() {
        // Given the runtime's console 1.0.0, and an application that needs the API of a newer stored console
        framework.unmanaged(Resources.bundle("gtach.provisioning.console", "1.0.0")
                .exports("gtach.provisioning.console", "1.0.0"));
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("gtach.provisioning.console", "[1.1.0,2.0.0)"),
                Resources.bundle("gtach.provisioning.console", "1.1.0").exports("gtach.provisioning.console", "1.1.0"));

        // When the application is installed, then the plan is refused naming the copy and who pulled it in
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: it would install gtach.provisioning.console 1.1.0 from the "
                        + "repository, needed by bench.app 1.0.0, but gtach.provisioning.console is part of the runtime's "
                        + "base set (file:base/gtach.provisioning.console.jar runs 1.0.0), which the update service never "
                        + "changes; a new gtach.jar replaces it; nothing was changed.");
    }

    @Test
    void anUpdateThatWouldBreakAnUnmanagedConsumerIsRefused() {
        // Given a report of the base set importing bench.lib 1.x from a managed library
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState report = framework.unmanaged(Resources.bundle("bench.report", "3.0.0").imports("bench.lib", RANGE));
        framework.wire(report, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "2.0.0").exports("bench.lib", "2.0.0"));

        // When the library moves to 2.0.0, then the report that would lose its wire is named
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.lib", Optional.empty()).allowingMajorChange()))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.lib --major: it would break bench.report 3.0.0 (not managed by the update "
                        + "service), which needs package bench.lib [1.0.0,2.0.0) from bench.lib; nothing was changed.");
    }

    @Test
    void anUninstallThatWouldBreakAnUnmanagedConsumerIsRefused() {
        // Given a report of the base set importing from a managed library
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState report = framework.unmanaged(Resources.bundle("bench.report", "3.0.0").imports("bench.lib", RANGE));
        framework.wire(report, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"));

        // When the library is uninstalled, then the report is named
        assertThatThrownBy(() -> plan(UpdateRequest.uninstall("bench.lib")))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot uninstall bench.lib: it would break bench.report 3.0.0 (not managed by the update "
                        + "service), which needs package bench.lib [1.0.0,2.0.0) from bench.lib; nothing was changed.");
    }

    @Test
    void aLostWireTheCompatibilityCheckFindsIsRefusedWithItsReason() {
        // Given a report of the base set importing from a managed library, and a checker that reads the candidate
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState report = framework.unmanaged(Resources.bundle("bench.report", "3.0.0").imports("bench.lib", RANGE));
        framework.wire(report, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "2.0.0").exports("bench.lib", "2.0.0"));
        compatibility = new CompatibilityChecker() {
            @Override
            public CompatibilityReport check(Path jar) {
                return new CompatibilityReport("bench.lib", Version.parseVersion("2.0.0"),
                        Optional.of(Version.parseVersion("1.0.0")), ChangeKind.MAJOR,
                        List.of(new LostWire(report.id(), "bench.report", Version.parseVersion("3.0.0"),
                                "osgi.wiring.package", "Import-Package: bench.lib;version=\"[1.0,2)\"",
                                "the candidate exports bench.lib 2.0.0 only")));
            }

            @Override
            public CompatibilityReport check(Manifest manifest) {
                throw new UnsupportedOperationException();
            }
        };

        // When the library moves to 2.0.0, then the checker's finding is what the operator reads
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.lib", Optional.empty()).allowingMajorChange()))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.lib --major: it would break bench.report 3.0.0 (not managed by the update "
                        + "service), which needs Import-Package: bench.lib;version=\"[1.0,2)\", but the candidate "
                        + "exports bench.lib 2.0.0 only; nothing was changed.");
    }

    @Test
    void aMissingRequirementIsRefusedNamingThePackage() {
        // Given an application that imports a package nothing exports
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.missing", RANGE));

        // When it is installed, then the package is named
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 needs package bench.missing [1.0.0,2.0.0), which "
                        + "no installed bundle and no allowed stored package provides (the repository has no package "
                        + "exporting it); nothing was changed.");
    }

    @Test
    void aRequirementOnlyAnotherMajorSatisfiesNamesWhatIsStored() {
        // Given an application that imports bench.lib 1.x, and only bench.lib 2.0.0 stored
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "2.0.0").exports("bench.lib", "2.0.0"));

        // When it is installed, then what the repository has instead is named
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 needs package bench.lib [1.0.0,2.0.0), which "
                        + "no installed bundle and no allowed stored package provides "
                        + "(stored: bench.lib 2.0.0 exports it at 2.0.0); nothing was changed.");
    }

    @Test
    void aProviderTheRequestMovesIsSaidToMove() {
        // Given a display on 1.x of the tachometer's API, and the tachometer on 1.0.0 with 2.0.0 stored
        BundleState tach = framework.requested("bench.tach", "1.0.0");
        BundleState display = framework.requested("bench.display", "1.0.0");
        framework.wire(display, "bench.tach", RANGE, tach);
        packages.add(Resources.bundle("bench.tach", "1.0.0").exports("bench.tach", "1.0.0"),
                Resources.bundle("bench.tach", "2.0.0").exports("bench.tach", "2.0.0"),
                Resources.bundle("bench.display", "1.0.0").imports("bench.tach", RANGE));

        // When the tachometer is moved to 2.x, then the move is named as the reason
        assertThatThrownBy(() -> plan(UpdateRequest.update("bench.tach", range("[2,3)"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update bench.tach [2,3): bench.display 1.0.0 needs package bench.tach [1.0.0,2.0.0), "
                        + "but this request moves it to bench.tach 2.0.0, which exports it at 2.0.0: change both in one "
                        + "request, or choose a version that fits; nothing was changed.");
    }

    @Test
    void aProviderTheRequestLeavesAsItIsIsNotSaidToMove() {
        // Given a library on 1.0.0 an operator installed, which exports bench.lib 1.0.0 only
        framework.requested("bench.lib", "1.0.0");
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.lib", "[2.0.0,3.0.0)"));

        // When an application that needs bench.lib 2.x is installed, then the library is named as staying
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 needs package bench.lib [2.0.0,3.0.0), but "
                        + "bench.lib 1.0.0, which stays installed as it is, exports it at 1.0.0, and no stored version "
                        + "of bench.lib exports it in that range; nothing was changed.")
                .message().doesNotContain("moves");
    }

    @Test
    void aProviderThatStaysNamesTheStoredVersionThatWouldFit() {
        // Given a library on 1.0.0 an operator installed, and its 2.0.0 stored
        framework.requested("bench.lib", "1.0.0");
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "2.0.0").exports("bench.lib", "2.0.0"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.lib", "[2.0.0,3.0.0)"));

        // When an application that needs bench.lib 2.x is installed, then the update that would fit is named,
        // with what an update to another major version needs
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.app 1.0.0 needs package bench.lib [2.0.0,3.0.0), but "
                        + "bench.lib 1.0.0, which stays installed as it is, exports it at 1.0.0: update to bench.lib 2.0.0 "
                        + "(another major version: give a range or add --major) first, or choose a version that fits; "
                        + "nothing was changed.");
    }

    @Test
    void aPackageThatImportsItsOwnExportAtAnotherVersionIsNotSaidToMove() {
        // Given an installed package that exports self.p 1.0.0 and imports self.p 2.x, its only stored version
        framework.requested("self.bad", "1.0.0");
        packages.add(Resources.bundle("self.bad", "1.0.0").exports("self.p", "1.0.0").imports("self.p", "[2.0.0,3.0.0)"));

        // When it is updated (to the version it has), then its own export is named, and no move
        assertThatThrownBy(() -> plan(UpdateRequest.update("self.bad", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot update self.bad: self.bad 1.0.0 needs package self.p [2.0.0,3.0.0), which no "
                        + "installed bundle and no allowed stored package provides (self.bad 1.0.0 itself exports it "
                        + "at 1.0.0 only); nothing was changed.");
    }

    @Test
    void aFragmentOfARuntimeBundleIsRefusedInWords() {
        // Given Felix SCR in the runtime's base set, and a stored fragment of it
        framework.unmanaged(Resources.bundle("org.apache.felix.scr", "2.2.14"));
        packages.add(Resources.fragment("gtach.frag", "1.0.0", "org.apache.felix.scr"));

        // When the fragment is installed, then the operator reads whose fragment it is and why it cannot attach
        assertThatThrownBy(() -> plan(UpdateRequest.install("gtach.frag", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install gtach.frag: gtach.frag 1.0.0 is a fragment of org.apache.felix.scr 2.2.14, "
                        + "which is part of the runtime and not managed by GTach; the update service attaches fragments "
                        + "only to the application's bundles; nothing was changed.")
                .message().doesNotContain("osgi.wiring.host", "missing requirement");
    }

    @Test
    void aFragmentOfTheSystemBundleIsRefusedInWords() {
        // Given a stored framework extension
        packages.add(Resources.fragment("gtach.ext", "1.0.0", "system.bundle"));

        // When it is installed, then it is named as an extension the update service does not install
        assertThatThrownBy(() -> plan(UpdateRequest.install("gtach.ext", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install gtach.ext: gtach.ext 1.0.0 is a fragment of the system bundle (an extension "
                        + "of the framework), which is part of the runtime and not managed by GTach; the update service "
                        + "never changes the framework; nothing was changed.");
    }

    @Test
    void aFragmentWhoseHostIsMissingIsRefusedInWords() {
        // Given a stored fragment of a host nothing provides
        packages.add(Resources.fragment("gtach.frag", "1.0.0", "com.acme.host", RANGE));

        // When it is installed, then the host and its range are named
        assertThatThrownBy(() -> plan(UpdateRequest.install("gtach.frag", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install gtach.frag: gtach.frag 1.0.0 is a fragment of com.acme.host [1.0.0,2.0.0), "
                        + "which no installed bundle and no stored package provides; nothing was changed.");
    }

    @Test
    void aFragmentWhoseHostIsStoredOnlyInAnotherRangeNamesWhatIsStored() {
        // Given a stored fragment of host 1.x, and only host 2.0.0 stored
        packages.add(Resources.fragment("gtach.frag", "1.0.0", "com.acme.host", RANGE),
                Resources.bundle("com.acme.host", "2.0.0"));

        // When it is installed, then what the repository holds instead is named
        assertThatThrownBy(() -> plan(UpdateRequest.install("gtach.frag", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install gtach.frag: gtach.frag 1.0.0 is a fragment of com.acme.host [1.0.0,2.0.0), "
                        + "which no installed bundle and no allowed stored package provides (stored: com.acme.host 2.0.0); "
                        + "nothing was changed.");
    }

    // ---- every missing requirement at once

    @Test
    void everyMissingRequirementOfTheClosureIsNamedWithWhoNeedsIt() {
        // Given an application that needs a library and a package nobody has, and a library that needs two more
        // (and, optionally, a third, which does not count)
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE).imports("bench.missing.a", RANGE),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0")
                        .imports("bench.missing.b", RANGE).imports("bench.missing.c", "[2.6.0,3.0.0)")
                        .importsOptionally("bench.missing.d", RANGE));

        // When the application is installed, then all three are named in one sentence, each with who needs it
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: 3 requirements have no installed or allowed stored provider: "
                        + "package bench.missing.a [1.0.0,2.0.0) needed by bench.app 1.0.0; "
                        + "package bench.missing.b [1.0.0,2.0.0) needed by bench.lib 1.1.0; "
                        + "package bench.missing.c [2.6.0,3.0.0) needed by bench.lib 1.1.0; nothing was changed.");
    }

    @Test
    void aRequirementSeveralPackagesShareIsNamedOnceWithAllWhoNeedIt() {
        // Given an application and its library that both import a package nobody has
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE).imports("bench.missing", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0").imports("bench.missing", RANGE));

        // When the application is installed, then the package is named once, with both
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: package bench.missing [1.0.0,2.0.0), needed by bench.app 1.0.0 "
                        + "and bench.lib 1.0.0, has no installed or allowed stored provider; nothing was changed.");
    }

    @Test
    void aRequirementWhoseOnlyCandidateIsAPreReleaseIsListedWithHowToAllowIt() throws UpdateRefusedException {
        // Given an application whose library exists only as a release candidate, and whose other import nobody has
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE).imports("bench.missing", RANGE),
                Resources.bundle("bench.lib", "1.1.0.rc_1").exports("bench.lib", "1.1.0"));

        // When it is installed without --pre, then both are named, the candidate as left out with --pre
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: 2 requirements have no installed or allowed stored provider: "
                        + "package bench.lib [1.0.0,2.0.0) needed by bench.app 1.0.0 (bench.lib 1.1.0-rc.1 would, but is "
                        + "a pre-release: add --pre to allow it); package bench.missing [1.0.0,2.0.0) needed by "
                        + "bench.app 1.0.0; nothing was changed.");

        // When it is installed with --pre, then only the package nobody has is left
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty()).withPreReleases()))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app --pre: bench.app 1.0.0 needs package bench.missing [1.0.0,2.0.0), which "
                        + "no installed bundle and no allowed stored package provides (the repository has no package "
                        + "exporting it); nothing was changed.");
    }

    @Test
    void candidatesThatWouldMoveAnInstalledPackageDownOrToAnotherMajorSayWhichFlagAllowsThat() {
        // Given a library on 1.5.0 with 1.1.0 stored, and a tool on 1.0.0 with 2.0.0 stored, both installed by the
        // operator, and an application that needs the library's 1.1.x and the tool's 2.x
        framework.requested("bench.lib", "1.5.0");
        framework.requested("bench.tool", "1.0.0");
        packages.add(Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"),
                Resources.bundle("bench.lib", "1.5.0").exports("bench.lib", "1.5.0"),
                Resources.bundle("bench.tool", "1.0.0").exports("bench.tool", "1.0.0"),
                Resources.bundle("bench.tool", "2.0.0").exports("bench.tool", "2.0.0"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.lib", "[1.0.0,1.2.0)").imports("bench.tool", "[2.0.0,3.0.0)"));

        // When the application is installed, then both are named, with --downgrade and --major
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: 2 requirements have no installed or allowed stored provider: "
                        + "package bench.lib [1.0.0,1.2.0) needed by bench.app 1.0.0, but bench.lib 1.5.0, which stays "
                        + "installed as it is, exports it at 1.5.0: update to bench.lib 1.1.0 (lower than the installed "
                        + "1.5.0: add --downgrade) first, or choose a version that fits; "
                        + "package bench.tool [2.0.0,3.0.0) needed by bench.app 1.0.0, but bench.tool 1.0.0, which stays "
                        + "installed as it is, exports it at 1.0.0: update to bench.tool 2.0.0 (another major version: "
                        + "give a range or add --major) first, or choose a version that fits; nothing was changed.");
    }

    @Test
    void genericRequirementsAreNamedInWords() {
        // Given an application that needs the component extender 1.5 and a clock service at resolve time, which
        // nothing provides, and another service only when active, which the resolver does not look at
        packages.add(Resources.bundle("bench.app", "1.0.0")
                .requires("osgi.extender", "(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))")
                .requires("osgi.service", "(objectClass=bench.Clock)")
                .requires("osgi.service", "(objectClass=bench.Display)", Map.of("effective", "active")));

        // When it is installed, then both are named as an operator reads them, not as LDAP filters
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: 2 requirements have no installed or allowed stored provider: "
                        + "extender osgi.component [1.5.0,2.0.0) needed by bench.app 1.0.0; "
                        + "service bench.Clock needed by bench.app 1.0.0; nothing was changed.")
                .message().doesNotContain("(osgi.extender=", "objectClass", "bench.Display");
    }

    @Test
    void aLongListNamesTheFirstTenAndSaysHowManyMore() {
        // Given an application that imports twelve packages nobody has
        Resources.Description app = Resources.bundle("bench.app", "1.0.0");
        for (int i = 1; i <= 12; i++) {
            app.imports(String.format("bench.missing%02d", i), RANGE);
        }
        packages.add(app);

        // When it is installed, then the first ten are named and the other two counted
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessageStartingWith("Cannot install bench.app: 12 requirements have no installed or allowed stored "
                        + "provider: package bench.missing01 [1.0.0,2.0.0) needed by bench.app 1.0.0; ")
                .hasMessageContaining("; package bench.missing10 [1.0.0,2.0.0) needed by bench.app 1.0.0; and 2 more; "
                        + "nothing was changed.")
                .message().doesNotContain("bench.missing11", "bench.missing12");
    }

    // ---- back to an earlier generation

    @Test
    void returningToAnEarlierGenerationListsTheChangesBack() throws UpdateRefusedException {
        // Given generation 1 held an application, its library 1.0.0 and a plug-in
        ViewBuilder before = new ViewBuilder();
        before.requested("bench.app", "1.0.0");
        before.dependency("bench.lib", "1.0.0");
        before.requested("bench.plugin", "1.0.0");
        Generation earlier = before.generation(1);
        // and now the library is on 1.1.0, the plug-in is gone and a tool was added
        BundleState lib = framework.dependency("bench.lib", "1.1.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.requested("bench.tool", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"),
                Resources.bundle("bench.plugin", "1.0.0"),
                Resources.bundle("bench.tool", "1.0.0"));

        // When a return to generation 1 is planned
        PlannedUpdate planned = planReturnTo(earlier);

        // Then the library goes back, the plug-in comes back and the tool goes, each for that generation
        assertThat(planned.plan().changes()).containsExactly(
                update("bench.lib", "1.1.0", "1.0.0", "in generation 1"),
                install("bench.plugin", "1.0.0", "in generation 1"),
                uninstall("bench.tool", "1.0.0", "not in generation 1"));
        assertThat(planned.plan().refresh()).containsExactly("bench.app 1.0.0", "bench.lib 1.1.0", "bench.tool 1.0.0");
        assertThat(planned.target()).extracting(TargetBundle::toString)
                .containsExactly("bench.app 1.0.0", "bench.lib 1.0.0", "bench.plugin 1.0.0");
    }

    @Test
    void returningToAGenerationWhosePackageIsGoneIsRefused() throws Exception {
        // Given generation 1 held library 1.0.0, which was removed from the repository since
        ViewBuilder before = new ViewBuilder();
        before.requested("bench.lib", "1.0.0");
        Generation earlier = before.generation(1);
        framework.requested("bench.lib", "1.1.0");
        packages.add(Resources.bundle("bench.lib", "1.0.0"), Resources.bundle("bench.lib", "1.1.0"));
        packages.remove("bench.lib", "1.0.0");

        // When a return to generation 1 is planned, then the missing package is named
        assertThatThrownBy(() -> planReturnTo(earlier))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot roll back to generation 1: its package bench.lib 1.0.0 is no longer in the "
                        + "repository; nothing was changed.");
    }

    @Test
    void aQuarantinedPackageIsRefusedWithTheRepositorysExplanation() {
        // Given an installed library whose JAR verify has since quarantined, and an application to install beside it
        framework.requested("bench.lib", "1.0.0");
        packages.add(Resources.bundle("bench.lib", "1.0.0"), Resources.bundle("bench.app", "1.0.0"));
        packages.quarantine("bench.lib", "1.0.0", "bench.lib 1.0.0 was moved to quarantine on 2025-01-02 03:04:05 UTC"
                + " because bundle.jar is missing; its files are in /q; to restore it, store its original JAR again with gtach:add.");

        // When / Then the operator learns why it is gone and how to restore it
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app: bench.lib 1.0.0 was moved to quarantine on 2025-01-02 03:04:05 UTC"
                        + " because bundle.jar is missing; its files are in /q; to restore it, store its original JAR again"
                        + " with gtach:add; nothing was changed.");
    }

    @Test
    void aRollbackThatWouldRestartTheProvisioningLayerIsRefused() {
        // Given generation 1 held library 1.0.0, and now library 1.1.0 serves a console of the provisioning layer
        ViewBuilder before = new ViewBuilder();
        before.requested("bench.lib", "1.0.0");
        Generation earlier = before.generation(1);
        BundleState lib = framework.requested("bench.lib", "1.1.0");
        BundleState console = framework.unmanaged(Resources.bundle("gtach.provisioning.console", "1.0.0")
                .imports("bench.lib", RANGE));
        framework.wire(console, "bench.lib", RANGE, lib).protect(console);
        packages.add(Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.lib", "1.1.0").exports("bench.lib", "1.1.0"));

        // When a return to generation 1 is planned, then it is refused as an update of the library would be
        assertThatThrownBy(() -> planReturnTo(earlier))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot roll back to generation 1: it would restart gtach.provisioning.console, which the "
                        + "provisioning layer needs, because it needs package bench.lib [1.0.0,2.0.0) from "
                        + "bench.lib 1.1.0; nothing was changed.");
    }

    @Test
    void aRollbackThatWouldBreakAnUnmanagedConsumerIsRefused() {
        // Given generation 1 held only the application, and now a library added since serves a report of the base set
        ViewBuilder before = new ViewBuilder();
        before.requested("bench.app", "1.0.0");
        Generation earlier = before.generation(1);
        framework.requested("bench.app", "1.0.0");
        BundleState lib = framework.requested("bench.lib", "1.0.0");
        BundleState report = framework.unmanaged(Resources.bundle("bench.report", "3.0.0").imports("bench.lib", RANGE));
        framework.wire(report, "bench.lib", RANGE, lib);
        packages.add(Resources.bundle("bench.app", "1.0.0"),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"));

        // When a return to generation 1 is planned, then it is refused as an uninstall of the library would be
        assertThatThrownBy(() -> planReturnTo(earlier))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot roll back to generation 1: it would break bench.report 3.0.0 (not managed by the "
                        + "update service), which needs package bench.lib [1.0.0,2.0.0) from bench.lib; "
                        + "nothing was changed.");
    }

    // ---- start levels and packages that are not started

    private static final String MEMBER = "(osgi.identity=bench.app)";

    private static Change.Start start(int level, boolean started) {
        return new Change.Start(level, started);
    }

    @Test
    void aPackageInstalledAtALevelAndNotStartedSaysSoInThePlanAndItsTarget() throws UpdateRefusedException {
        // Given an application that needs a library
        packages.add(Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE),
                Resources.bundle("bench.lib", "1.0.0").exports("bench.lib", "1.0.0"));

        // When the application is installed at level 3, not started
        PlannedUpdate planned = plan(UpdateRequest.install(List.of(PackageRange.of("bench.app").withStartLevel(3).notStarted())));

        // Then the plan shows both for it, and the library it pulls in takes the application's level, started
        assertThat(planned.plan().changes()).containsExactly(
                new Change(Change.Kind.INSTALL, "bench.app", Optional.empty(), Optional.of("1.0.0"), "requested",
                        Optional.empty(), Optional.of(start(3, false))),
                install("bench.lib", "1.0.0", "needed by bench.app 1.0.0"));
        assertThat(planned.plan().changes().get(0)).hasToString("install bench.app 1.0.0 at start level 3, not started");
        assertThat(planned.target()).extracting(TargetBundle::toString, TargetBundle::startLevel, TargetBundle::started)
                .containsExactly(tuple("bench.app 1.0.0", 3, false), tuple("bench.lib 1.0.0", 2, true));
    }

    @Test
    void aChangeOfStartLevelOrStateAloneIsAPlannedChangeThatReplacesNothing() throws UpdateRefusedException {
        // Given a running application at the default level, the only version stored
        framework.requested("bench.app", "1.0.0");
        packages.add(Resources.bundle("bench.app", "1.0.0"));

        // When it is moved to level 4 and stopped
        PlannedUpdate planned = plan(UpdateRequest.update(List.of(PackageRange.of("bench.app").withStartLevel(4).notStarted())));

        // Then that is the plan: one change of its start, no JAR to stage and nothing to refresh
        assertThat(planned.plan().changes()).containsExactly(new Change(Change.Kind.SET, "bench.app", Optional.of("1.0.0"),
                Optional.of("1.0.0"), "requested", Optional.of(start(2, true)), Optional.of(start(4, false))));
        assertThat(planned.plan().changes().get(0)).hasToString("set bench.app 1.0.0: start level 2 -> 4, started -> not started");
        assertThat(planned.plan().refresh()).isEmpty();
        assertThat(planned.delta().toStage()).isEmpty();
        assertThat(planned.delta().startChanges()).extracting(r -> r.target().startLevel()).containsExactly(4);
    }

    @Test
    void anUpdateThatSaysNothingOfTheStartKeepsTheLevelAndStateTheBundleHas() throws UpdateRefusedException {
        // Given an application installed at level 4, not started, with a newer version stored
        framework.requested("bench.app", "1.0.0", 4, false);
        packages.add(Resources.bundle("bench.app", "1.0.0"), Resources.bundle("bench.app", "1.1.0"));

        // When it is updated without a word of its start
        PlannedUpdate planned = plan(UpdateRequest.update("bench.app", range("^1.1")));

        // Then only its version changes
        assertThat(planned.plan().changes()).containsExactly(update("bench.app", "1.0.0", "1.1.0", "requested"));
        assertThat(planned.target()).extracting(TargetBundle::startLevel, TargetBundle::started).containsExactly(tuple(4, false));
        // and --start with the same update starts it again, saying so
        Change started = plan(UpdateRequest.update(List.of(PackageRange.of("bench.app", SemanticRange.parse("^1.1"))
                .withStarted(true)))).plan().changes().get(0);
        assertThat(started).hasToString("update bench.app 1.0.0 -> 1.1.0, not started -> started");
    }

    @Test
    void aLevelOfTheProvisioningLayerOrAboveTheFrameworkIsRefused() {
        // Given a stored application; the provisioning layer runs at 1, the framework at 100
        packages.add(Resources.bundle("bench.app", "1.0.0"));

        // Then level 1 would start it with the provisioning layer, before recovery, and 101 never
        assertThatThrownBy(() -> plan(UpdateRequest.install(List.of(PackageRange.of("bench.app").withStartLevel(1)))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.app --start-level 1: bench.app cannot have start level 1: levels up to 1 "
                        + "belong to the provisioning layer, and the application runs above it (choose 2 to 100); "
                        + "nothing was changed.");
        assertThatThrownBy(() -> plan(UpdateRequest.install(List.of(PackageRange.of("bench.app").withStartLevel(101)))))
                .hasMessage("Cannot install bench.app --start-level 101: bench.app cannot have start level 101: the "
                        + "framework runs at level 100, so it would never start (choose 2 to 100); nothing was changed.");
    }

    @Test
    void anApplicationWhoseMemberNobodyHasIsRefusedNamingTheMember() {
        // Given an application bundle that names a member the repository does not hold, and one it does
        packages.add(Resources.bundle("bench.suite", "1.0.0")
                        .requires("osgi.identity", "(&(osgi.identity=bench.nobody)(version>=1.0.0)(!(version>=2.0.0)))")
                        .requires("osgi.identity", MEMBER),
                Resources.bundle("bench.app", "1.0.0"));

        // Then the request is refused before anything changes, naming the member, its range and the application
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.suite", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.suite: bench.suite 1.0.0 needs bundle bench.nobody [1.0.0,2.0.0), "
                        + "which no installed bundle and no stored package provides; nothing was changed.");
    }

    @Test
    void twoApplicationsThatWantTwoVersionsOfOneMemberAtOnceAreRefused() {
        // Given two applications, one made of bench.app 1, the other of bench.app 2; both versions stored
        packages.add(Resources.bundle("bench.suite", "1.0.0")
                        .requires("osgi.identity", "(&(osgi.identity=bench.app)(version>=1.0.0)(!(version>=2.0.0)))"),
                Resources.bundle("bench.other", "1.0.0")
                        .requires("osgi.identity", "(&(osgi.identity=bench.app)(version>=2.0.0)(!(version>=3.0.0)))"),
                Resources.bundle("bench.app", "1.0.0"), Resources.bundle("bench.app", "2.0.0"));

        // When both are installed in one request, then it is refused: a bundle runs in one version at a time
        assertThatThrownBy(() -> plan(UpdateRequest.install(List.of(PackageRange.of("bench.suite"), PackageRange.of("bench.other")))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.suite bench.other: bench.suite 1.0.0 needs bundle bench.app [1.0.0,2.0.0), "
                        + "but this request takes bench.app 2.0.0, and a bundle runs in one version at a time; nothing was changed.");
    }

    @Test
    void anApplicationGivesItsMembersTheLevelAndStateItsRequirementSays() throws UpdateRefusedException {
        // Given an application bundle whose member requirement says level 3, not started (Long, as gtach.start-level:Long=3)
        packages.add(Resources.bundle("bench.suite", "1.0.0").requires("osgi.identity", MEMBER, Map.of(),
                        Map.of("gtach.start-level", 3L, "gtach.start", "false")),
                Resources.bundle("bench.app", "1.0.0"));

        // When the application is installed
        PlannedUpdate planned = plan(UpdateRequest.install("bench.suite", Optional.empty()));

        // Then its member comes at that level, not started, and the plan says so
        assertThat(planned.plan().changes()).extracting(Change::toString).containsExactly(
                "install bench.app 1.0.0 at start level 3, not started", "install bench.suite 1.0.0");
        assertThat(planned.target()).extracting(TargetBundle::toString, TargetBundle::startLevel, TargetBundle::started)
                .containsExactly(tuple("bench.app 1.0.0", 3, false), tuple("bench.suite 1.0.0", 2, true));
    }

    @Test
    void anApplicationThatStaysDoesNotUndoWhatItsMemberWasGivenSince() throws UpdateRefusedException {
        // Given an application that said level 3 for its member, since moved to level 5 by a request
        framework.requested("bench.suite", "1.0.0");
        framework.requested("bench.app", "1.0.0", 5, true);
        packages.add(Resources.bundle("bench.suite", "1.0.0").requires("osgi.identity", MEMBER, Map.of(),
                        Map.of("gtach.start-level", "3")),
                Resources.bundle("bench.app", "1.0.0"));

        // When everything is updated and the application stays as it is
        PlannedUpdate planned = plan(UpdateRequest.updateAll());

        // Then its word is not applied again: the member keeps level 5
        assertThat(planned.plan().changes()).isEmpty();
        assertThat(planned.target()).extracting(TargetBundle::toString, TargetBundle::startLevel)
                .containsExactly(tuple("bench.app 1.0.0", 5), tuple("bench.suite 1.0.0", 2));
    }

    @Test
    void anApplicationsStartAttributeThatIsNoLevelOrNoBooleanIsRefused() {
        // Given applications whose member requirements say a level that is no number, a start that is no boolean, level 1
        packages.add(Resources.bundle("bench.suite", "1.0.0").requires("osgi.identity", MEMBER, Map.of(),
                        Map.of("gtach.start-level", "three")),
                Resources.bundle("bench.suite", "2.0.0").requires("osgi.identity", MEMBER, Map.of(),
                        Map.of("gtach.start", "no")),
                Resources.bundle("bench.suite", "3.0.0").requires("osgi.identity", MEMBER, Map.of(),
                        Map.of("gtach.start-level", 1L)),
                Resources.bundle("bench.app", "1.0.0"));

        // Then each is refused with one sentence naming the application, the member and the attribute
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.suite", range("1.0.0"))))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot install bench.suite 1.0.0: bench.suite 1.0.0 gives bench.app the start level \"three\" "
                        + "(gtach.start-level), which is not a whole number above 0; nothing was changed.");
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.suite", range("2.0.0"))))
                .hasMessage("Cannot install bench.suite 2.0.0: bench.suite 2.0.0 says gtach.start=\"no\" for bench.app, "
                        + "which is neither true nor false; nothing was changed.");
        assertThatThrownBy(() -> plan(UpdateRequest.install("bench.suite", range("3.0.0"))))
                .hasMessage("Cannot install bench.suite 3.0.0: bench.app cannot have start level 1: levels up to 1 belong "
                        + "to the provisioning layer, and the application runs above it (choose 2 to 100), as "
                        + "bench.suite 3.0.0 says; nothing was changed.");
    }

    @Test
    void aRollbackPutsBackTheLevelAndStateTheEarlierGenerationRecorded() throws UpdateRefusedException {
        // Given generation 1 had the application at level 3, not started, and now it runs at level 4
        ViewBuilder before = new ViewBuilder();
        before.requested("bench.app", "1.0.0", 3, false);
        Generation earlier = before.generation(1);
        framework.requested("bench.app", "1.0.0", 4, true);
        packages.add(Resources.bundle("bench.app", "1.0.0"));

        // When a return to generation 1 is planned
        PlannedUpdate planned = planReturnTo(earlier);

        // Then the level and state are the change
        assertThat(planned.plan().changes()).extracting(Change::toString)
                .containsExactly("set bench.app 1.0.0: start level 4 -> 3, started -> not started");
        assertThat(planned.target()).extracting(TargetBundle::startLevel, TargetBundle::started).containsExactly(tuple(3, false));
    }
}
