package gtach.provisioning.update.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class FrameworkViewTest {

    private static final String RANGE = "[1.0.0,2.0.0)";

    private final ViewBuilder framework = new ViewBuilder();

    @Test
    void theProtectedLayerIsItsRootsAndWhatTheyAreWiredToButNotTheirConsumers() {
        // Given a console of the provisioning layer importing from a managed library, which imports from the
        // base set, and an application importing from the library
        BundleState base = framework.unmanaged(Resources.bundle("bench.base", "1.0.0").exports("bench.base", "1.0.0"));
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState console = framework.unmanaged(Resources.bundle("gtach.provisioning.console", "1.0.0")
                .imports("bench.lib", RANGE));
        BundleState app = framework.requested("bench.app", "1.0.0");
        BundleState idle = framework.unmanaged(Resources.bundle("bench.idle", "1.0.0"));
        framework.wire(lib, "bench.base", RANGE, base)
                .wire(console, "bench.lib", RANGE, lib)
                .wire(app, "bench.lib", RANGE, lib);

        // When the layer is computed from the console
        Set<Long> layer = FrameworkView.providersOf(Set.of(console.id()), framework.dependencies());

        // Then it holds the console, the library and the base bundle, transitively, and neither the
        // application that merely uses the library nor a bundle nobody is wired to
        assertThat(layer).containsExactlyInAnyOrder(console.id(), lib.id(), base.id());
        FrameworkView view = framework.protect(console).view();
        assertThat(view.isProtected(lib)).isTrue();
        assertThat(view.isProtected(base)).isTrue();
        assertThat(view.isProtected(app)).isFalse();
        assertThat(view.isProtected(idle)).isFalse();
    }

    @Test
    void aRootWiredToNothingIsALayerOfItsOwn() {
        // Given a root no wire leaves
        BundleState system = framework.unmanaged(Resources.bundle("org.apache.felix.framework", "7.0.5"));
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "org.osgi.framework", "[1.10.0,2.0.0)", system);

        // When the layer is computed from it
        Set<Long> layer = FrameworkView.providersOf(Set.of(system.id()), framework.dependencies());

        // Then it is just the root
        assertThat(layer).containsExactly(system.id());
    }

    @Test
    void aBundleReachedTwiceKeepsTheReasonItWasFirstReachedBy() {
        // Given a diamond: left and right import from lib, top imports from both
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState left = framework.dependency("bench.left", "1.0.0");
        BundleState right = framework.dependency("bench.right", "1.0.0");
        BundleState top = framework.requested("bench.top", "1.0.0");
        framework.wire(left, "bench.lib", RANGE, lib)
                .wire(right, "bench.lib", RANGE, lib)
                .wire(top, "bench.left", RANGE, left)
                .wire(top, "bench.right", RANGE, right);

        // When lib is replaced
        RefreshSet refresh = framework.view().closure(List.of(lib));

        // Then every bundle is in the set once, top for the first wire that reached it
        assertThat(refresh.reasons()).containsExactly(
                entry(lib, "changes"),
                entry(left, "needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0"),
                entry(right, "needs package bench.lib [1.0.0,2.0.0) from bench.lib 1.0.0"),
                entry(top, "needs package bench.left [1.0.0,2.0.0) from bench.left 1.0.0"));
    }

    @Test
    void twoReplacedBundlesWiredToEachOtherBothChange() {
        // Given an application importing from a library
        BundleState lib = framework.dependency("bench.lib", "1.0.0");
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.lib", RANGE, lib);

        // When both are replaced
        RefreshSet refresh = framework.view().closure(List.of(lib, app));

        // Then each is there because it changes, not because of the other
        assertThat(refresh.reasons()).containsExactly(entry(lib, "changes"), entry(app, "changes"));
    }

    @Test
    void theRefreshDoesNotReachTheProvidersOfAReplacedBundle() {
        // Given an application importing from a library of the base set
        BundleState base = framework.unmanaged(Resources.bundle("bench.base", "1.0.0").exports("bench.base", "1.0.0"));
        BundleState app = framework.requested("bench.app", "1.0.0");
        framework.wire(app, "bench.base", RANGE, base);

        // When the application is replaced
        RefreshSet refresh = framework.view().closure(List.of(app));

        // Then the base bundle keeps running
        assertThat(refresh.members()).containsExactly(app);
    }

    @Test
    void managedBundlesAreKnownByNameAndTheBaseSetOnlyBySymbolicName() {
        // Given a managed and an unmanaged bundle of one symbolic name
        BundleState managed = framework.requested("bench.util", "2.0.0");
        BundleState base = framework.unmanaged(Resources.bundle("bench.util", "1.0.0"));

        // When the view is read
        FrameworkView view = framework.view();

        // Then only the managed one is a managed bundle; both carry the name
        assertThat(view.managed()).containsOnlyKeys("bench.util").containsEntry("bench.util", managed);
        assertThat(view.named("bench.util")).containsExactly(managed, base);
        assertThat(base.managed()).isFalse();
        assertThat(base.location()).isEqualTo("file:base/bench.util.jar");
        assertThat(managed.managedName()).isEqualTo("bench.util");
    }
}
