package gtach.provisioning.update.internal;

import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.SemanticRange;
import org.apache.felix.resolver.Logger;
import org.apache.felix.resolver.ResolverImpl;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plans over rebuilds of unreleased packages: the same version with another build is a change for
 * the request that names it, and for no other; an installed snapshot needs no --pre to be updated
 * to its own rebuild; a rollback returns to the build a generation ran.
 */
class RebuildPlanTest {

    private static final String SNAPSHOT = "1.0.0.SNAPSHOT";
    private static final String RANGE = "[1.0.0,2.0.0)";

    private final StoredPackages packages = new StoredPackages();
    private final ViewBuilder framework = new ViewBuilder();

    private Planner planner() {
        return new Planner(packages, packages.repository(), new ResolverImpl(new Logger(Logger.LOG_ERROR)), new UnreadableJars());
    }

    private PlannedUpdate plan(UpdateRequest request) throws UpdateRefusedException {
        return planner().plan(request, framework.generation(1), framework.view());
    }

    private static Change rebuilt(String name, String reason) {
        return new Change(Change.Kind.UPDATE, name, Optional.of(SNAPSHOT), Optional.of(SNAPSHOT), reason);
    }

    private static String sha256Of(PlannedUpdate planned, String name) {
        return planned.target().stream().filter(t -> t.symbolicName().equals(name)).findFirst().orElseThrow().sha256();
    }

    @Test
    void updatingARebuiltSnapshotBringsItsNewBuildWithoutPre() throws UpdateRefusedException {
        // Given an installed snapshot, rebuilt since with the same version
        framework.requested("bench.app", SNAPSHOT);
        packages.add(Resources.bundle("bench.app", SNAPSHOT));
        String rebuild = packages.rebuild("bench.app", SNAPSHOT, "second", true);

        // When it is updated without a range, and without --pre
        PlannedUpdate planned = plan(UpdateRequest.update("bench.app", Optional.empty()));

        // Then the plan is an update of the same version to the new build
        assertThat(planned.plan().changes()).containsExactly(rebuilt("bench.app", "requested"));
        assertThat(planned.plan().changes().get(0)).hasToString("update bench.app 1.0.0-SNAPSHOT (other build)");
        assertThat(sha256Of(planned, "bench.app")).isEqualTo(rebuild);
        assertThat(planned.plan().refresh()).containsExactly("bench.app 1.0.0.SNAPSHOT");
    }

    @Test
    void namingTheInstalledSnapshotVersionNeedsNoPre() throws UpdateRefusedException {
        // Given
        framework.requested("bench.app", SNAPSHOT);
        packages.add(Resources.bundle("bench.app", SNAPSHOT));
        packages.rebuild("bench.app", SNAPSHOT, "second", true);

        // When the operator names the version exactly, as gtach:update bench.app 1.0.0-SNAPSHOT does
        PlannedUpdate planned = plan(UpdateRequest.update("bench.app", Optional.of(SemanticRange.parse("1.0.0-SNAPSHOT"))));

        // Then
        assertThat(planned.plan().changes()).containsExactly(rebuilt("bench.app", "requested"));
    }

    @Test
    void anotherSnapshotVersionStillNeedsPre() throws UpdateRefusedException {
        // Given an installed snapshot, and a snapshot of the next minor version stored
        framework.requested("bench.app", SNAPSHOT);
        packages.add(Resources.bundle("bench.app", SNAPSHOT), Resources.bundle("bench.app", "1.1.0.SNAPSHOT"));

        // When / Then: without --pre it stays on its own snapshot; with --pre it moves on
        assertThat(plan(UpdateRequest.update("bench.app", Optional.empty())).plan().isEmpty()).isTrue();
        assertThat(plan(UpdateRequest.update("bench.app", Optional.empty()).withPreReleases()).plan().changes())
                .extracting(Change::toString).containsExactly("update bench.app 1.0.0-SNAPSHOT -> 1.1.0-SNAPSHOT");
    }

    @Test
    void aRequestThatDoesNotNameARebuiltPackageKeepsTheBuildThatRuns() throws UpdateRefusedException {
        // Given an installed snapshot library, rebuilt since, and an application to install beside it
        framework.requested("bench.lib", SNAPSHOT);
        packages.add(Resources.bundle("bench.lib", SNAPSHOT).exports("bench.lib", "1.0.0"),
                Resources.bundle("bench.app", "1.0.0").imports("bench.lib", RANGE));
        packages.rebuild("bench.lib", SNAPSHOT, "second", true);

        // When the application is installed
        PlannedUpdate planned = plan(UpdateRequest.install("bench.app", Optional.empty()));

        // Then the library keeps the build that runs
        assertThat(planned.plan().changes()).extracting(Change::toString).containsExactly("install bench.app 1.0.0");
        assertThat(sha256Of(planned, "bench.lib")).isEqualTo(StoredPackages.sha256Of("bench.lib", SNAPSHOT));
    }

    @Test
    void updateAllBringsEveryNewBuild() throws UpdateRefusedException {
        // Given two installed snapshots, one rebuilt
        framework.requested("bench.app", SNAPSHOT);
        framework.requested("bench.tool", SNAPSHOT);
        packages.add(Resources.bundle("bench.app", SNAPSHOT), Resources.bundle("bench.tool", SNAPSHOT));
        packages.rebuild("bench.tool", SNAPSHOT, "second", true);

        // When / Then
        assertThat(plan(UpdateRequest.updateAll()).plan().changes()).containsExactly(rebuilt("bench.tool", "requested"));
    }

    @Test
    void aRollbackReturnsToTheBuildTheGenerationRan() throws UpdateRefusedException {
        // Given generation 1 ran an earlier build, kept since although two rebuilds followed, and the first build runs now
        framework.requested("bench.app", SNAPSHOT);
        packages.add(Resources.bundle("bench.app", SNAPSHOT));
        String earlierBuild = packages.rebuild("bench.app", SNAPSHOT, "earlier", true);
        packages.rebuild("bench.app", SNAPSHOT, "later", true);
        Generation earlier = withBuild(framework.generation(1), earlierBuild);

        // When a return to generation 1 is planned
        PlannedUpdate planned = planner().planReturnTo(earlier, framework.view(), UpdateRequest.updateAll());

        // Then the build it ran comes back
        assertThat(planned.plan().changes()).containsExactly(rebuilt("bench.app", "in generation 1"));
        assertThat(sha256Of(planned, "bench.app")).isEqualTo(earlierBuild);
    }

    @Test
    void aRollbackToABuildTheRepositoryNoLongerHasIsRefused() {
        // Given generation 1 ran a build that a rebuild replaced and nothing kept
        ViewBuilder before = new ViewBuilder();
        before.requested("bench.app", SNAPSHOT);
        Generation earlier = before.generation(1);
        packages.add(Resources.bundle("bench.app", SNAPSHOT));
        packages.rebuild("bench.app", SNAPSHOT, "second", false);
        framework.requested("bench.app", SNAPSHOT);

        // When / Then
        assertThatThrownBy(() -> planner().planReturnTo(earlier, framework.view(), UpdateRequest.updateAll()))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("Cannot roll back to generation 1: the build of bench.app 1.0.0-SNAPSHOT it ran (sha256 "
                        + StoredPackages.sha256Of("bench.app", SNAPSHOT).substring(0, 12)
                        + "…) is no longer in the repository; nothing was changed.");
    }

    /** The generation with its one bundle at another build. */
    private static Generation withBuild(Generation generation, String sha256) {
        ManagedBundle b = generation.bundles().get(0);
        return new Generation(generation.number(), generation.time(), generation.cause(), List.of(new ManagedBundle(
                b.symbolicName(), b.version(), sha256, b.location(), b.startLevel(), b.started(), b.requested())));
    }
}
