package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DeltaTest {

    private static final String RANGE = "[1.0.0,2.0.0)";

    private final ViewBuilder framework = new ViewBuilder();

    private static TargetBundle target(String symbolicName, String version) {
        return new TargetBundle(new PackageId(symbolicName, Version.parseVersion(version)),
                StoredPackages.sha256Of(symbolicName, version), TargetBundle.locationOf(symbolicName), true, true, 0,
                Optional.empty());
    }

    private static TargetBundle fragmentTarget(String symbolicName, String version, String host) {
        return new TargetBundle(new PackageId(symbolicName, Version.parseVersion(version)),
                StoredPackages.sha256Of(symbolicName, version), TargetBundle.locationOf(symbolicName), false, true, 0,
                Optional.of(host));
    }

    @Test
    void aTargetThatMatchesTheFrameworkChangesNothing() {
        // Given a library and its consumer, both as the generation wants them
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);

        // When the target is what runs
        Delta delta = Delta.between(framework.view(), List.of(target("bench.app", "1.0.0"), target("bench.lib", "1.0.0")),
                Set.of());

        // Then there is nothing to do
        assertThat(delta.isEmpty()).isTrue();
        assertThat(delta.refresh().isEmpty()).isTrue();
        assertThat(delta.toStage()).isEmpty();
        assertThat(delta.touchedLocations()).isEmpty();
    }

    @Test
    void aNewBundleIsInstalledWithoutRefreshingAnything() {
        // Given a running library
        framework.dependency("bench.lib", "1.0.0");

        // When the target adds an application
        TargetBundle app = target("bench.app", "1.0.0");
        Delta delta = Delta.between(framework.view(), List.of(target("bench.lib", "1.0.0"), app), Set.of());

        // Then only the application is installed, and nothing is refreshed
        assertThat(delta.installs()).containsExactly(app);
        assertThat(delta.updates()).isEmpty();
        assertThat(delta.uninstalls()).isEmpty();
        assertThat(delta.refresh().isEmpty()).isTrue();
        assertThat(delta.toStage()).containsExactly(app);
        assertThat(delta.touchedLocations()).containsExactly("gtach:app:bench.app");
    }

    @Test
    void updatingALeafRefreshesOnlyThatLeaf() {
        // Given an application wired to a library
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);

        // When the application moves to 1.1.0
        TargetBundle newApp = target("bench.app", "1.1.0");
        Delta delta = Delta.between(framework.view(), List.of(newApp, target("bench.lib", "1.0.0")), Set.of());

        // Then it is replaced in place and refreshed alone: what it needs is not restarted
        assertThat(delta.updates()).containsExactly(new Delta.Replacement(app, newApp));
        assertThat(delta.installs()).isEmpty();
        assertThat(delta.refresh().reasons()).containsExactly(entry(app, "changes"));
        assertThat(delta.refresh().texts()).containsExactly("bench.app 1.0.0");
        assertThat(delta.toStage()).containsExactly(newApp);
    }

    @Test
    void updatingALibraryRefreshesBothOfItsConsumersAndSaysWhy() {
        // Given a library that two applications import
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState tool = framework.requested("bench.tool", "2.0.0");
        framework.wire(app, "bench.lib", RANGE, lib).wire(tool, "bench.lib", "[1.0.0,1.5.0)", lib);

        // When the library moves to 1.1.0
        Delta delta = Delta.between(framework.view(),
                List.of(target("bench.app", "1.0.0"), target("bench.lib", "1.1.0"), target("bench.tool", "2.0.0")),
                Set.of());

        // Then the library and both consumers are refreshed, each consumer for the package it takes from the library
        assertThat(delta.updates()).extracting(Delta.Replacement::installed).containsExactly(lib);
        assertThat(delta.refresh().reasons()).containsExactly(
                entry(lib, "changes"),
                entry(app, "needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0"),
                entry(tool, "needs package bench.lib [1.0.0,1.5.0) from bench.lib 1.0.0"));
        assertThat(delta.refresh().texts()).containsExactly("bench.app 1.0.0", "bench.lib 1.0.0", "bench.tool 2.0.0");
    }

    @Test
    void aRefreshFollowsAChainOfImportsToTheLastConsumer() {
        // Given app imports from mid, which imports from lib
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState mid = framework.dependency("bench.mid", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(mid, "bench.lib", RANGE, lib).wire(app, "bench.mid", RANGE, mid);

        // When lib changes
        Delta delta = Delta.between(framework.view(),
                List.of(target("bench.app", "1.0.0"), target("bench.lib", "1.0.1"), target("bench.mid", "1.0.0")),
                Set.of());

        // Then app is refreshed too, because of mid, not because of lib
        assertThat(delta.refresh().reasons()).containsExactly(
                entry(lib, "changes"),
                entry(mid, "needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0"),
                entry(app, "needs package bench.mid [1.0.0,2.0.0) from bench.mid 1.0.0"));
    }

    @Test
    void uninstallingWhatNothingNeedsRefreshesOnlyIt() {
        // Given an application that imports from a library, and a tool nothing imports from
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState tool = framework.requested("bench.tool", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib).wire(tool, "bench.lib", RANGE, lib);

        // When the target no longer holds the tool
        Delta delta = Delta.between(framework.view(), List.of(target("bench.app", "1.0.0"), target("bench.lib", "1.0.0")),
                Set.of());

        // Then the tool is uninstalled and refreshed alone; the library it used keeps running
        assertThat(delta.uninstalls()).containsExactly(tool);
        assertThat(delta.installs()).isEmpty();
        assertThat(delta.updates()).isEmpty();
        assertThat(delta.refresh().reasons()).containsExactly(entry(tool, "changes"));
        assertThat(delta.toStage()).isEmpty();
        assertThat(delta.touchedLocations()).containsExactly("gtach:app:bench.tool");
    }

    @Test
    void aNewFragmentRefreshesItsResolvedHostAndWhatImportsFromIt() {
        // Given a resolved application that a plug-in imports from
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState plugin = framework.requested("bench.plugin", "1.0.0");
        framework.wire(plugin, "bench.app.spi", RANGE, app);

        // When a fragment of the application is added
        TargetBundle config = fragmentTarget("bench.app.config", "1.0.0", "bench.app");
        Delta delta = Delta.between(framework.view(),
                List.of(target("bench.app", "1.0.0"), config, target("bench.plugin", "1.0.0")), Set.of());

        // Then the fragment is installed, and only a refresh of the host attaches it
        assertThat(delta.installs()).containsExactly(config);
        assertThat(delta.newFragmentHosts()).containsExactly(app);
        assertThat(delta.replaced()).containsExactly(app);
        assertThat(delta.refresh().reasons()).containsExactly(
                entry(app, "changes"),
                entry(plugin, "needs package bench.app.spi [1.0.0,2.0.0) from bench.app 1.0.0"));
        assertThat(delta.touchedLocations()).containsExactly("gtach:app:bench.app.config");
    }

    @Test
    void aNewFragmentOfAnUnresolvedHostRefreshesNothing() {
        // Given an application the framework could not resolve
        framework.unresolved("bench.app", "1.0.0");

        // When a fragment of it is added
        Delta delta = Delta.between(framework.view(),
                List.of(target("bench.app", "1.0.0"), fragmentTarget("bench.app.config", "1.0.0", "bench.app")),
                Set.of());

        // Then the fragment attaches when the host resolves: nothing is refreshed now
        assertThat(delta.installs()).extracting(TargetBundle::symbolicName).containsExactly("bench.app.config");
        assertThat(delta.newFragmentHosts()).isEmpty();
        assertThat(delta.refresh().isEmpty()).isTrue();
    }

    @Test
    void updatingAFragmentPullsItsHostIntoTheRefresh() {
        // Given an application with a fragment attached
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState config = framework.fragment("bench.app.config", "1.0.0", app);

        // When the fragment moves to 1.0.1
        Delta delta = Delta.between(framework.view(),
                List.of(target("bench.app", "1.0.0"), fragmentTarget("bench.app.config", "1.0.1", "bench.app")),
                Set.of());

        // Then the host is refreshed with it, because it hosts the fragment
        assertThat(delta.updates()).extracting(Delta.Replacement::installed).containsExactly(config);
        assertThat(delta.newFragmentHosts()).isEmpty();
        assertThat(delta.refresh().reasons()).containsExactly(
                entry(config, "changes"),
                entry(app, "hosts the fragment bench.app.config 1.0.0"));
    }

    @Test
    void uninstallingAFragmentRefreshesItsHost() {
        // Given an application with a fragment attached
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState config = framework.fragment("bench.app.config", "1.0.0", app);

        // When the target no longer holds the fragment
        Delta delta = Delta.between(framework.view(), List.of(target("bench.app", "1.0.0")), Set.of());

        // Then the host is refreshed to let it go
        assertThat(delta.uninstalls()).containsExactly(config);
        assertThat(delta.refresh().reasons()).containsExactly(
                entry(config, "changes"),
                entry(app, "hosts the fragment bench.app.config 1.0.0"));
        assertThat(delta.affectedManaged()).containsExactly(config, app);
    }

    @Test
    void updatingAHostPullsItsFragmentIntoTheRefresh() {
        // Given an application with a fragment attached
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState config = framework.fragment("bench.app.config", "1.0.0", app);

        // When the application moves to 1.1.0
        Delta delta = Delta.between(framework.view(),
                List.of(target("bench.app", "1.1.0"), fragmentTarget("bench.app.config", "1.0.0", "bench.app")),
                Set.of());

        // Then the fragment is refreshed with its host
        assertThat(delta.refresh().reasons()).containsExactly(
                entry(app, "changes"),
                entry(config, "is a fragment of bench.app 1.0.0"));
    }

    @Test
    void theSameVersionWithAnotherJarIsAnUpdate() {
        // Given an application installed from one JAR
        BundleState app = framework.requested("bench.app", "1.0.0");

        // When the target holds the same version built again (another SHA-256)
        TargetBundle rebuilt = new TargetBundle(new PackageId("bench.app", Version.parseVersion("1.0.0")),
                "0f".repeat(32), "gtach:app:bench.app", true, true, 0, Optional.empty());
        Delta delta = Delta.between(framework.view(), List.of(rebuilt), Set.of());

        // Then the bundle is replaced in place
        assertThat(delta.updates()).containsExactly(new Delta.Replacement(app, rebuilt));
        assertThat(delta.refresh().reasons()).containsExactly(entry(app, "changes"));
    }

    @Test
    void aBundleTheLastGenerationDoesNotKnowIsReplaced() {
        // Given a managed bundle whose JAR no committed generation records
        BundleState stray = new BundleState(7, "bench.app", Version.parseVersion("1.0.0"), "gtach:app:bench.app",
                Bundle.ACTIVE, 1, true, false, true, Optional.empty());
        FrameworkView view = new FrameworkView(List.of(stray), List.of(), Map.of(), Set.of(), ViewBuilder.LEVELS);

        // When the target holds that version
        Delta delta = Delta.between(view, List.of(target("bench.app", "1.0.0")), Set.of());

        // Then its JAR is not trusted: it is replaced
        assertThat(delta.updates()).extracting(Delta.Replacement::installed).containsExactly(stray);
    }

    @Test
    void aForcedLocationIsAnUpdateEvenWhenVersionAndJarAgree() {
        // Given an application and a library as the generation wants them
        framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");

        // When recovery forces the application's location (what a crash left there is not known)
        TargetBundle same = target("bench.app", "1.0.0");
        Delta delta = Delta.between(framework.view(), List.of(same, target("bench.lib", "1.0.0")),
                Set.of("gtach:app:bench.app"));

        // Then the application is replaced with its own JAR, and the library is left alone
        assertThat(delta.updates()).containsExactly(new Delta.Replacement(app, same));
        assertThat(delta.touchedLocations()).containsExactly("gtach:app:bench.app");
    }

    @Test
    void onlyManagedMembersOfTheRefreshAreAffected() {
        // Given a library that a managed application and an unmanaged report both import
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState report = framework.unmanaged(Resources.bundle("bench.report", "3.0.0").imports("bench.lib", RANGE));
        framework.wire(app, "bench.lib", RANGE, lib).wire(report, "bench.lib", RANGE, lib);

        // When the library is updated
        Delta delta = Delta.between(framework.view(), List.of(target("bench.app", "1.0.0"), target("bench.lib", "1.1.0")),
                Set.of());

        // Then the report is refreshed, but a snapshot holds only the managed bundles
        assertThat(delta.refresh().members()).containsExactly(lib, app, report);
        assertThat(delta.affectedManaged()).containsExactly(lib, app);
    }

    @Test
    void touchedLocationsListInstallsUpdatesAndUninstalls() {
        // Given three managed bundles
        framework.requested("bench.app", "1.0.0");
        framework.dependency("bench.lib", "1.0.0");
        framework.requested("bench.tool", "1.0.0");

        // When one stays, one is updated, one is removed and one is new
        Delta delta = Delta.between(framework.view(),
                List.of(target("bench.app", "1.0.0"), target("bench.lib", "1.2.0"), target("bench.new", "0.1.0")),
                Set.of());

        // Then the journal records the three locations that change, installs first
        assertThat(delta.touchedLocations())
                .containsExactly("gtach:app:bench.new", "gtach:app:bench.lib", "gtach:app:bench.tool");
        assertThat(delta.toStage()).extracting(TargetBundle::toString).containsExactly("bench.new 0.1.0", "bench.lib 1.2.0");
        assertThat(delta.isEmpty()).isFalse();
    }

    @Test
    void anotherStartLevelOrStateAloneIsAStartChangeThatReplacesAndRefreshesNothing() {
        // Given a running application and a library, with a fragment attached to the application
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.dependency("bench.lib", "1.0.0");
        framework.fragment("bench.app.nls", "1.0.0", app);

        // When the target moves the application to level 4 and stops the library, and says nothing of the fragment's start
        TargetBundle moved = new TargetBundle(new PackageId("bench.app", Version.parseVersion("1.0.0")),
                StoredPackages.sha256Of("bench.app", "1.0.0"), TargetBundle.locationOf("bench.app"), true, true, 4,
                Optional.empty());
        TargetBundle stopped = new TargetBundle(new PackageId("bench.lib", Version.parseVersion("1.0.0")),
                StoredPackages.sha256Of("bench.lib", "1.0.0"), TargetBundle.locationOf("bench.lib"), false, false, 0,
                Optional.empty());
        Delta delta = Delta.between(framework.view(), List.of(moved, stopped,
                fragmentTarget("bench.app.nls", "1.0.0", "bench.app")), Set.of());

        // Then both are start changes, and nothing is staged, replaced or refreshed
        assertThat(delta.startChanges()).extracting(r -> r.target().symbolicName()).containsExactly("bench.app", "bench.lib");
        assertThat(delta.isEmpty()).isFalse();
        assertThat(delta.updates()).isEmpty();
        assertThat(delta.toStage()).isEmpty();
        assertThat(delta.refresh().isEmpty()).isTrue();
        assertThat(delta.touchedLocations()).isEmpty();
    }
}
