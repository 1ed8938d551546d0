package gtach.provisioning.update.internal;

import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Resource;
import org.osgi.resource.Wiring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a transaction needs to know of the framework, read once: every bundle with its state, every
 * wire between bundles (of current and of removal-pending revisions), the wirings of the bundles the
 * update service does not manage (the resolver must keep them), the provisioning layer (what must
 * keep running while a transaction runs) and the start levels. Immutable; planning, applying, recovery and the boot check
 * all decide from one view instead of asking the framework again.
 */
final class FrameworkView {

    private final Map<Long, BundleState> bundles;
    private final Map<String, BundleState> managed;
    private final Map<Long, List<Dependency>> byProvider = new HashMap<>();
    private final Map<Long, List<Dependency>> byRequirer = new HashMap<>();
    private final Map<Resource, Wiring> fixedWirings;
    private final Set<Long> provisioningLayer;
    private final StartLevels levels;

    /**
     * @param bundles every installed bundle
     * @param dependencies every wire between two of them
     * @param fixedWirings the current wirings of the unmanaged bundles, for the resolver
     * @param provisioningLayer ids of the bundles that must keep running while a transaction runs
     * @param levels the start levels of the provisioning layer, of new bundles and of the framework
     */
    FrameworkView(Collection<BundleState> bundles, Collection<Dependency> dependencies,
            Map<Resource, Wiring> fixedWirings, Set<Long> provisioningLayer, StartLevels levels) {
        Map<Long, BundleState> byId = new LinkedHashMap<>();
        Map<String, BundleState> byName = new TreeMap<>();
        for (BundleState bundle : bundles) {
            byId.put(bundle.id(), bundle);
            if (bundle.managed()) {
                byName.put(bundle.managedName(), bundle);
            }
        }
        this.bundles = Collections.unmodifiableMap(byId);
        this.managed = Collections.unmodifiableMap(byName);
        for (Dependency d : dependencies) {
            byProvider.computeIfAbsent(d.provider(), k -> new ArrayList<>()).add(d);
            byRequirer.computeIfAbsent(d.requirer(), k -> new ArrayList<>()).add(d);
        }
        this.fixedWirings = Collections.unmodifiableMap(new LinkedHashMap<>(fixedWirings));
        this.provisioningLayer = Set.copyOf(provisioningLayer);
        this.levels = levels;
    }

    /**
     * Reads the framework.
     *
     * @param committed the last committed generation, which says what JAR each managed bundle should hold
     */
    static FrameworkView read(BundleContext context, Generation committed) {
        Map<String, String> sha = new HashMap<>();
        for (ManagedBundle b : committed.bundles()) {
            sha.put(b.location(), b.sha256());
        }
        List<BundleState> states = new ArrayList<>();
        List<Dependency> dependencies = new ArrayList<>();
        Map<Resource, Wiring> fixed = new LinkedHashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            BundleState state = stateOf(bundle, Optional.ofNullable(sha.get(bundle.getLocation())));
            states.add(state);
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (!state.managed() && wiring != null && wiring.isCurrent()) {
                fixed.put(wiring.getRevision(), wiring);
            }
            dependencies.addAll(wiresOf(bundle));
        }
        return new FrameworkView(states, dependencies, fixed, providersOf(provisioningRoots(context, states), dependencies),
                StartLevels.read(context));
    }

    private static BundleState stateOf(Bundle bundle, Optional<String> sha256) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return new BundleState(bundle.getBundleId(), String.valueOf(bundle.getSymbolicName()), bundle.getVersion(),
                bundle.getLocation(), bundle.getState(), level.getStartLevel(), level.isPersistentlyStarted(),
                revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0,
                wiring != null && wiring.isCurrent(), sha256);
    }

    /** What the bundle needs from others, by its current revision and by old ones still in use until a refresh. */
    private static List<Dependency> wiresOf(Bundle bundle) {
        List<Dependency> wires = new ArrayList<>();
        BundleRevisions revisions = bundle.adapt(BundleRevisions.class);
        for (BundleRevision r : revisions == null ? List.<BundleRevision>of() : revisions.getRevisions()) {
            BundleWiring w = r.getWiring();
            if (w == null || !w.isInUse()) {
                continue;
            }
            for (BundleWire wire : w.getRequiredWires(null)) {
                long provider = wire.getProvider().getBundle().getBundleId();
                if (provider != bundle.getBundleId()) {
                    wires.add(new Dependency(bundle.getBundleId(), provider, wire.getRequirement()));
                }
            }
        }
        return wires;
    }

    /** The system bundle, the provisioning bundles, and the bundles whose services the update service uses. */
    private static Set<Long> provisioningRoots(BundleContext context, List<BundleState> states) {
        Set<Long> roots = new LinkedHashSet<>();
        roots.add(0L);
        for (BundleState state : states) {
            if (state.symbolicName().startsWith("gtach.provisioning.")) {
                roots.add(state.id());
            }
        }
        ServiceReference<?>[] used = context.getBundle().getServicesInUse();
        for (ServiceReference<?> reference : used == null ? new ServiceReference<?>[0] : used) {
            if (reference.getBundle() != null) {
                roots.add(reference.getBundle().getBundleId());
            }
        }
        return roots;
    }

    /**
     * What must keep running while a transaction runs: the system bundle, the provisioning bundles,
     * the bundles whose services the update service uses, and everything those are wired to.
     */
    static Set<Long> providersOf(Set<Long> roots, Collection<Dependency> dependencies) {
        Map<Long, List<Long>> providers = new HashMap<>();
        for (Dependency d : dependencies) {
            providers.computeIfAbsent(d.requirer(), k -> new ArrayList<>()).add(d.provider());
        }
        Set<Long> layer = new HashSet<>();
        Deque<Long> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            Long id = pending.poll();
            if (layer.add(id)) {
                pending.addAll(providers.getOrDefault(id, List.of()));
            }
        }
        return layer;
    }

    /** The start levels of the provisioning layer, of new bundles and of the framework. */
    StartLevels levels() {
        return levels;
    }

    /** The managed bundles by name. */
    Map<String, BundleState> managed() {
        return managed;
    }

    Collection<BundleState> bundles() {
        return bundles.values();
    }

    Optional<BundleState> bundle(long id) {
        return Optional.ofNullable(bundles.get(id));
    }

    /** Bundles with this symbolic name, managed or not. */
    List<BundleState> named(String symbolicName) {
        return bundles.values().stream().filter(b -> b.symbolicName().equals(symbolicName)).toList();
    }

    /** The current wirings of the bundles the update service does not manage. */
    Map<Resource, Wiring> fixedWirings() {
        return fixedWirings;
    }

    /** Whether the bundle belongs to the layer that must keep running while a transaction runs. */
    boolean isProtected(BundleState bundle) {
        return provisioningLayer.contains(bundle.id());
    }

    /** The wires by which other bundles need this one. */
    List<Dependency> wiresTo(BundleState provider) {
        return List.copyOf(byProvider.getOrDefault(provider.id(), List.of()));
    }

    /** The wires by which this bundle needs others. */
    List<Dependency> wiresFrom(BundleState requirer) {
        return List.copyOf(byRequirer.getOrDefault(requirer.id(), List.of()));
    }

    /**
     * The refresh closure of the replaced bundles, as the framework computes it for
     * {@code FrameworkWiring.refreshBundles}: them, every bundle wired to a member, and the host of
     * every member that is a fragment.
     */
    RefreshSet closure(Collection<BundleState> replaced) {
        Map<BundleState, RefreshSet.Link> links = new LinkedHashMap<>();
        Deque<BundleState> pending = new ArrayDeque<>();
        for (BundleState bundle : replaced) {
            if (links.putIfAbsent(bundle, RefreshSet.Link.changed()) == null) {
                pending.add(bundle);
            }
        }
        while (!pending.isEmpty()) {
            BundleState member = pending.poll();
            for (Dependency d : byProvider.getOrDefault(member.id(), List.of())) {
                BundleState requirer = bundles.get(d.requirer());
                Supplier<String> why = () -> d.attachesFragment() ? "is a fragment of " + member
                        : "needs " + RequirementText.describe(d.requirement()) + " from " + member;
                if (requirer != null && links.putIfAbsent(requirer, new RefreshSet.Link(why, member)) == null) {
                    pending.add(requirer);
                }
            }
            for (Dependency d : byRequirer.getOrDefault(member.id(), List.of())) {
                BundleState host = bundles.get(d.provider());
                if (d.attachesFragment() && host != null
                        && links.putIfAbsent(host, new RefreshSet.Link(() -> "hosts the fragment " + member, member)) == null) {
                    pending.add(host);
                }
            }
        }
        return new RefreshSet(links);
    }
}
