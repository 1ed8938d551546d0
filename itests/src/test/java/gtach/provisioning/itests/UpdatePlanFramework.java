package gtach.provisioning.itests;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of the update service read from the framework itself, not from the service. */
final class UpdatePlanFramework {

    private final BundleContext context;

    UpdatePlanFramework(BundleContext context) {
        this.context = context;
    }

    /** The framework bundle the update service manages under this name, if any. */
    Optional<Bundle> managed(String symbolicName) {
        return Optional.ofNullable(context.getBundle("gtach:app:" + symbolicName));
    }

    /** Fails unless the managed bundle is installed at this version and ACTIVE. */
    Bundle assertActive(String symbolicName, String version) {
        Bundle bundle = managed(symbolicName)
                .orElseThrow(() -> new AssertionError("No bundle at location gtach:app:" + symbolicName));
        assertThat(bundle.getSymbolicName()).isEqualTo(symbolicName);
        assertThat(bundle.getVersion().toString()).as("version of %s", symbolicName).isEqualTo(version);
        assertThat(bundle.getState()).as("state of %s %s (32 is ACTIVE)", symbolicName, version).isEqualTo(Bundle.ACTIVE);
        return bundle;
    }

    /** Fails when a bundle is still installed under the managed location of this name. */
    void assertAbsent(String symbolicName) {
        assertThat(managed(symbolicName)).as("bundle at gtach:app:%s", symbolicName).isEmpty();
    }

    /** The bundle whose export a bundle's import of the package is wired to. */
    Bundle provider(Bundle consumer, String packageName) {
        BundleWiring wiring = consumer.adapt(BundleWiring.class);
        assertThat(wiring).as("wiring of %s", consumer.getSymbolicName()).isNotNull();
        List<BundleWire> wires = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        return wires.stream()
                .filter(w -> packageName.equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .map(w -> w.getProviderWiring().getBundle()).findFirst()
                .orElseThrow(() -> new AssertionError(consumer.getSymbolicName() + " has no wire for " + packageName));
    }

    /** Every bundle of the framework, as id, name, version, state, location and last modification. */
    List<String> snapshot() {
        return Arrays.stream(context.getBundles())
                .map(b -> b.getBundleId() + " " + b.getSymbolicName() + " " + b.getVersion() + " " + b.getState()
                        + " " + b.getLocation() + " " + b.getLastModified())
                .toList();
    }
}
