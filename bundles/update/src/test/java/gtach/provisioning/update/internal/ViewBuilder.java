package gtach.provisioning.update.internal;

import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.resource.Resource;
import org.osgi.resource.Wiring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A framework as a transaction would find it, built by hand: managed bundles at
 * {@code gtach:app:<name>} holding the JAR {@link StoredPackages} stores for them, unmanaged bundles of
 * the base set at {@code file:base/<name>.jar} with the wirings the resolver must keep, the wires
 * between them, and the roots of the provisioning layer. Bundle ids count from 1, in the order the
 * bundles are added.
 */
final class ViewBuilder {

    /** The levels of the runtime: the provisioning layer at 1, the application at 2, the framework raised to 100. */
    static final StartLevels LEVELS = new StartLevels(1, 2, 100);

    private final List<BundleState> bundles = new ArrayList<>();
    private final Map<Long, Resource> resources = new HashMap<>();
    private final Set<Long> requested = new HashSet<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    private final Map<Resource, Wiring> fixed = new LinkedHashMap<>();
    private final Set<Long> roots = new HashSet<>();
    private long nextId = 1;

    /** A running managed bundle an operator asked for. */
    BundleState requested(String symbolicName, String version) {
        BundleState bundle = managed(symbolicName, version, Bundle.ACTIVE, false, true);
        requested.add(bundle.id());
        return bundle;
    }

    /** A managed bundle an operator asked for, at a start level of its own, running or not. */
    BundleState requested(String symbolicName, String version, int startLevel, boolean started) {
        long id = nextId++;
        BundleState bundle = new BundleState(id, symbolicName, Version.parseVersion(version),
                TargetBundle.locationOf(symbolicName), started ? Bundle.ACTIVE : Bundle.RESOLVED, startLevel, started,
                false, true, Optional.of(StoredPackages.sha256Of(symbolicName, version)));
        bundles.add(bundle);
        resources.put(id, Resources.bundle(symbolicName, version).stored());
        requested.add(id);
        return bundle;
    }

    /** A running managed bundle that is there because another needs it. */
    BundleState dependency(String symbolicName, String version) {
        return managed(symbolicName, version, Bundle.ACTIVE, false, true);
    }

    /** A managed bundle an operator asked for that the framework could not resolve. */
    BundleState unresolved(String symbolicName, String version) {
        BundleState bundle = managed(symbolicName, version, Bundle.INSTALLED, false, false);
        requested.add(bundle.id());
        return bundle;
    }

    /** A managed fragment an operator asked for, attached to its host. */
    BundleState fragment(String symbolicName, String version, BundleState host) {
        BundleState fragment = managed(symbolicName, version, Bundle.RESOLVED, true, true);
        requested.add(fragment.id());
        dependencies.add(new Dependency(fragment.id(), host.id(),
                Resources.hostRequirement(resources.get(fragment.id()), host.symbolicName())));
        return fragment;
    }

    /** A running bundle of the base set, which the update service does not manage. */
    BundleState unmanaged(Resources.Description description) {
        long id = nextId++;
        String location = "file:base/" + description.symbolicName() + ".jar";
        Resource revision = description.installed(id, location);
        BundleState bundle = new BundleState(id, description.symbolicName(), description.version(), location,
                description.host().isPresent() ? Bundle.RESOLVED : Bundle.ACTIVE, LEVELS.provisioning(),
                description.host().isEmpty(), description.host().isPresent(), true, Optional.empty());
        bundles.add(bundle);
        resources.put(id, revision);
        fixed.put(revision, Resources.wiringOf(revision));
        return bundle;
    }

    /** The requirer imports a package from the provider. */
    ViewBuilder wire(BundleState requirer, String packageName, String range, BundleState provider) {
        dependencies.add(new Dependency(requirer.id(), provider.id(),
                Resources.packageRequirement(resources.get(requirer.id()), packageName, range)));
        return this;
    }

    /** Bundles that must keep running while a transaction runs, with everything they are wired to. */
    ViewBuilder protect(BundleState... layerRoots) {
        for (BundleState root : layerRoots) {
            roots.add(root.id());
        }
        return this;
    }

    List<Dependency> dependencies() {
        return List.copyOf(dependencies);
    }

    FrameworkView view() {
        return new FrameworkView(bundles, dependencies, fixed, FrameworkView.providersOf(roots, dependencies), LEVELS);
    }

    /** The committed generation that matches the managed bundles. */
    Generation generation(int number) {
        List<ManagedBundle> managed = new ArrayList<>();
        for (BundleState b : bundles) {
            if (b.managed()) {
                managed.add(new ManagedBundle(b.symbolicName(), b.version().toString(), b.sha256().orElseThrow(),
                        b.location(), b.startLevel(), !b.fragment() && b.persistentlyStarted(), requested.contains(b.id())));
            }
        }
        return new Generation(number, Instant.parse("2026-01-15T09:30:00Z"), "install", managed);
    }

    private BundleState managed(String symbolicName, String version, int state, boolean fragment, boolean resolved) {
        long id = nextId++;
        Version v = Version.parseVersion(version);
        BundleState bundle = new BundleState(id, symbolicName, v, TargetBundle.locationOf(symbolicName), state,
                LEVELS.application(), !fragment, fragment, resolved,
                Optional.of(StoredPackages.sha256Of(symbolicName, version)));
        bundles.add(bundle);
        resources.put(id, Resources.bundle(symbolicName, version).stored());
        return bundle;
    }
}
