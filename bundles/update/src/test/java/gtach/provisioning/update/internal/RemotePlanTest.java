package gtach.provisioning.update.internal;

import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.Plan;
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

/** Planning with the packages of fetched remotes as candidates, over the real Felix resolver. */
class RemotePlanTest {

    private static final String RANGE = "[1.0.0,2.0.0)";

    private final StoredPackages local = new StoredPackages();
    private final StoredPackages fetched = new StoredPackages();
    private final ViewBuilder framework = new ViewBuilder();

    private PlannedUpdate plan(UpdateRequest request) throws UpdateRefusedException {
        Planner planner = new Planner(local, local.repository(), fetched.repository(),
                new ResolverImpl(new Logger(Logger.LOG_ERROR)), new UnreadableJars());
        return planner.plan(request, framework.generation(1), framework.view());
    }

    private static Change install(String name, String to, String reason) {
        return new Change(Change.Kind.INSTALL, name, Optional.empty(), Optional.of(to), reason);
    }

    @Test
    void aPackageOnlyARemoteHasIsPlannedWithItsDependenciesFromTheRemoteAndEachIsNamedAsADownload() throws Exception {
        // Given an application and its library listed only by a fetched remote, and nothing stored locally
        fetched.add(Resources.bundle("fleet.app", "1.0.0").imports("fleet.lib", RANGE).fromRemote("fleet"),
                Resources.bundle("fleet.lib", "1.1.0").exports("fleet.lib", "1.1.0").fromRemote("fleet"));

        // When the application is planned
        PlannedUpdate planned = plan(UpdateRequest.install("fleet.app", Optional.empty()));

        // Then both are installed, both are downloads, and the library says who needs it
        Plan plan = planned.plan();
        assertThat(plan.changes()).containsExactly(install("fleet.app", "1.0.0", "requested"),
                install("fleet.lib", "1.1.0", "needed by fleet.app 1.0.0"));
        assertThat(plan.downloads()).containsExactly("fleet.app 1.0.0 from remote fleet (4096 bytes)",
                "fleet.lib 1.1.0 from remote fleet (4096 bytes), needed by fleet.app 1.0.0");
        assertThat(planned.downloads()).containsExactly(new RemotePackage("fleet", "fleet.app", "1.0.0", 4096),
                new RemotePackage("fleet", "fleet.lib", "1.1.0", 4096));
        assertThat(planned.target().get(1).sha256()).isEqualTo(StoredPackages.sha256Of("fleet.lib", "1.1.0"));
    }

    @Test
    void aStoredDependencyThatFitsIsTakenBeforeANewerOneARemoteHas() throws Exception {
        // Given the application only on the remote, and its library stored locally in 1.0.0 and listed by the remote in 1.5.0
        local.add(Resources.bundle("fleet.lib", "1.0.0").exports("fleet.lib", "1.0.0"));
        fetched.add(Resources.bundle("fleet.app", "1.0.0").imports("fleet.lib", RANGE).fromRemote("fleet"),
                Resources.bundle("fleet.lib", "1.5.0").exports("fleet.lib", "1.5.0").fromRemote("fleet"));

        // When the application is planned, then only the application is downloaded
        Plan plan = plan(UpdateRequest.install("fleet.app", Optional.empty())).plan();
        assertThat(plan.changes()).contains(install("fleet.lib", "1.0.0", "needed by fleet.app 1.0.0"));
        assertThat(plan.downloads()).containsExactly("fleet.app 1.0.0 from remote fleet (4096 bytes)");
    }

    @Test
    void aRemotePackageWithTheNameAndVersionOfAStoredOneIsNeverADownload() throws Exception {
        local.add(Resources.bundle("fleet.app", "1.0.0"));
        fetched.add(Resources.bundle("fleet.app", "1.0.0").fromRemote("fleet"));

        Plan plan = plan(UpdateRequest.install("fleet.app", Optional.empty())).plan();

        assertThat(plan.changes()).containsExactly(install("fleet.app", "1.0.0", "requested"));
        assertThat(plan.downloads()).isEmpty();
    }

    @Test
    void anUpdateTakesTheNewestVersionOfTheInstalledMajorWhereverItIsListed() throws Exception {
        // Given 1.0.0 installed and stored, 1.1.0 stored, 1.3.0 and 2.0.0 only on the remote
        framework.requested("fleet.app", "1.0.0");
        local.add(Resources.bundle("fleet.app", "1.0.0"), Resources.bundle("fleet.app", "1.1.0"));
        fetched.add(Resources.bundle("fleet.app", "1.3.0").fromRemote("fleet"),
                Resources.bundle("fleet.app", "2.0.0").fromRemote("fleet"));

        // When it is updated without a range, then it moves to 1.3.0, to be downloaded
        Plan plan = plan(UpdateRequest.update("fleet.app", Optional.empty())).plan();
        assertThat(plan.changes()).extracting(Change::to).containsExactly(Optional.of("1.3.0"));
        assertThat(plan.downloads()).containsExactly("fleet.app 1.3.0 from remote fleet (4096 bytes)");

        // and with a range it takes what the range allows, here a stored version
        Plan ranged = plan(UpdateRequest.update(List.of(PackageRange.of("fleet.app", SemanticRange.parse("~1.1.0"))))).plan();
        assertThat(ranged.changes()).extracting(Change::to).containsExactly(Optional.of("1.1.0"));
        assertThat(ranged.downloads()).isEmpty();
    }

    @Test
    void aDependencyNeitherTheRepositoryNorARemoteHasIsRefusedAsBeforeAndNothingIsDownloaded() {
        fetched.add(Resources.bundle("fleet.app", "1.0.0").imports("fleet.missing", RANGE).fromRemote("fleet"));

        assertThatThrownBy(() -> plan(UpdateRequest.install("fleet.app", Optional.empty())))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessageContaining("fleet.missing");
    }

    @Test
    void aNameNoOneHasIsRefusedAsBefore() {
        assertThatThrownBy(() -> plan(UpdateRequest.install("nobody.has", Optional.empty())))
                .hasMessageContaining("the repository holds no package named nobody.has");
    }
}
