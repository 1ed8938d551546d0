package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.CompatibilityChecker;
import gtach.provisioning.version.CompatibilityReport;
import gtach.provisioning.version.LostWire;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.resource.Wiring;
import org.osgi.service.repository.Repository;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.Resolver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a request into a plan: picks the versions asked for, resolves the whole managed set with
 * the OSGi resolver over the unmanaged bundles and the repository, and compares the result with
 * what runs. Refuses, with one sentence, whatever cannot be done safely. Changes nothing.
 */
final class Planner {

    private static final int MAX_PIN_ROUNDS = 8;

    private final BundleContext context;
    private final PackageRepository packages;
    private final Repository repository;
    private final Resolver resolver;
    private final CompatibilityChecker compatibility;

    Planner(BundleContext context, PackageRepository packages, Repository repository, Resolver resolver,
            CompatibilityChecker compatibility) {
        this.context = context;
        this.packages = packages;
        this.repository = repository;
        this.resolver = resolver;
        this.compatibility = compatibility;
    }

    PlannedUpdate plan(UpdateRequest request, Generation current) throws UpdateRefusedException {
        Map<String, Bundle> managed = ManagedBundles.installed(context);
        Map<String, Version> installed = new HashMap<>();
        managed.forEach((name, bundle) -> installed.put(name, bundle.getVersion()));
        Set<String> requested = new LinkedHashSet<>();
        for (ManagedBundle b : current.bundles()) {
            if (b.requested() && managed.containsKey(b.symbolicName())) {
                requested.add(b.symbolicName());
            }
        }
        Map<String, Version> pinned = new TreeMap<>();
        requested.forEach(name -> pinned.put(name, installed.get(name)));
        boolean preferInstalled = true;
        String subject = request.toString();

        switch (request.action()) {
            case INSTALL -> {
                String name = request.name().orElseThrow();
                refuseUnmanaged(name, managed, subject, false);
                if (managed.containsKey(name)) {
                    throw refused(subject, name + " " + Versions.display(installed.get(name))
                            + " is already installed; use gtach:update to change its version");
                }
                Version chosen = choose(request, name, Optional.empty(), subject);
                pinned.put(name, chosen);
                requested.add(name);
            }
            case UPDATE -> {
                String name = request.name().orElseThrow();
                refuseUnmanaged(name, managed, subject, true);
                Version now = installed.get(name);
                Version chosen = choose(request, name, Optional.of(now), subject);
                pinned.put(name, chosen);
                requested.add(name);
            }
            case UPDATE_ALL -> {
                preferInstalled = false;
                for (String name : requested) {
                    pinned.put(name, newestInMajor(name, installed.get(name), request.preReleases()));
                }
            }
            case UNINSTALL -> {
                String name = request.name().orElseThrow();
                refuseUnmanaged(name, managed, subject, true);
                pinned.remove(name);
                requested.remove(name);
            }
        }

        Map<Resource, Wiring> fixed = fixedWirings(managed);
        Map<Resource, List<Wire>> resolution = resolve(request, subject, fixed, installed, pinned, preferInstalled);

        List<TargetBundle> target = new ArrayList<>();
        Map<String, Resource> chosenResources = new TreeMap<>();
        for (Resource resource : resolution.keySet()) {
            if (resource instanceof BundleRevision) {
                continue;
            }
            Identity identity = Identity.of(resource);
            chosenResources.put(identity.symbolicName(), resource);
            PackageId id = new PackageId(identity.symbolicName(), identity.version());
            PackageInfo info = packages.get(id.symbolicName(), id.version().toString())
                    .orElseThrow(() -> refused(subject, "the package " + id + " vanished from the repository while planning"));
            target.add(new TargetBundle(id, info.sha256(), TargetBundle.locationOf(id.symbolicName()),
                    !identity.fragment(), requested.contains(id.symbolicName()), 0));
        }
        if (request.action() == UpdateRequest.Action.UNINSTALL && chosenResources.containsKey(request.name().get())) {
            String name = request.name().get();
            throw refused(subject, name + " is still needed by " + String.join(", ",
                    requirersOf(chosenResources.get(name), resolution)) + "; uninstall that first");
        }

        List<Change> changes = changes(request, target, installed, resolution, chosenResources);
        for (Change change : changes) {
            if (change.kind() == Change.Kind.UPDATE && !request.downgrade()
                    && VersionOrder.compare(Version.parseVersion(change.to().get()), Version.parseVersion(change.from().get())) < 0) {
                throw refused(subject, "it would downgrade " + change.symbolicName() + " from "
                        + display(change.from().get()) + " to " + display(change.to().get())
                        + "; add --downgrade to allow that");
            }
        }
        checkUnmanagedConsumers(subject, changes, managed, chosenResources);
        List<String> refresh = refreshSet(subject, changes, managed, hostsOfNewFragments(changes, chosenResources));
        target.sort(Comparator.comparing(TargetBundle::symbolicName));
        return new PlannedUpdate(new Plan(request, changes, refresh), target);
    }

    /** The target set of an earlier generation, as a plan (for rollback). */
    PlannedUpdate planReturnTo(Generation earlier, UpdateRequest label) throws UpdateRefusedException {
        Map<String, Bundle> managed = ManagedBundles.installed(context);
        List<TargetBundle> target = new ArrayList<>();
        for (ManagedBundle b : earlier.bundles()) {
            PackageId id = new PackageId(b.symbolicName(), Version.parseVersion(b.version()));
            if (packages.get(b.symbolicName(), b.version()).isEmpty()) {
                throw refused("roll back to generation " + earlier.number(), "its package " + id
                        + " is no longer in the repository");
            }
            target.add(new TargetBundle(id, b.sha256(), b.location(), b.started(), b.requested(), b.startLevel()));
        }
        List<Change> changes = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (TargetBundle t : target) {
            wanted.add(t.symbolicName());
            Bundle now = managed.get(t.symbolicName());
            if (now == null) {
                changes.add(new Change(Change.Kind.INSTALL, t.symbolicName(), Optional.empty(),
                        Optional.of(t.id().version().toString()), "in generation " + earlier.number()));
            } else if (!now.getVersion().equals(t.id().version())) {
                changes.add(new Change(Change.Kind.UPDATE, t.symbolicName(), Optional.of(now.getVersion().toString()),
                        Optional.of(t.id().version().toString()), "in generation " + earlier.number()));
            }
        }
        managed.forEach((name, bundle) -> {
            if (!wanted.contains(name)) {
                changes.add(new Change(Change.Kind.UNINSTALL, name, Optional.of(bundle.getVersion().toString()),
                        Optional.empty(), "not in generation " + earlier.number()));
            }
        });
        String subject = "roll back to generation " + earlier.number();
        List<String> refresh = refreshSet(subject, changes, managed, Set.of());
        return new PlannedUpdate(new Plan(label, changes, refresh), target);
    }

    private Version choose(UpdateRequest request, String name, Optional<Version> now, String subject)
            throws UpdateRefusedException {
        List<PackageInfo> stored = packages.versions(name);
        if (stored.isEmpty()) {
            throw refused(subject, "the repository holds no package named " + name + "; add it with gtach:add first");
        }
        List<Version> candidates = stored.stream()
                .map(p -> p.id().version())
                .filter(v -> request.range().map(r -> Versions.includes(r, v, request.preReleases()))
                        .orElse(request.preReleases() || !Versions.isPreRelease(v)))
                .sorted(VersionOrder.PRECEDENCE.reversed())
                .toList();
        if (candidates.isEmpty()) {
            throw refused(subject, "no stored version of " + name + " matches "
                    + request.range().map(r -> r.text()).orElse("a release version")
                    + (request.preReleases() ? "" : " (pre-releases need --pre)") + "; stored: "
                    + stored.stream().map(p -> Versions.display(p.id().version())).collect(Collectors.joining(", ")));
        }
        return candidates.get(0);
    }

    private Version newestInMajor(String name, Version now, boolean preReleases) {
        return packages.versions(name).stream()
                .map(p -> p.id().version())
                .filter(v -> v.getMajor() == now.getMajor())
                .filter(v -> preReleases || !Versions.isPreRelease(v) || v.equals(now))
                .filter(v -> VersionOrder.compare(v, now) >= 0)
                .max(VersionOrder.PRECEDENCE)
                .orElse(now);
    }

    private void refuseUnmanaged(String name, Map<String, Bundle> managed, String subject, boolean mustBeInstalled)
            throws UpdateRefusedException {
        if (managed.containsKey(name)) {
            return;
        }
        if (org.osgi.framework.Constants.SYSTEM_BUNDLE_SYMBOLICNAME.equals(name)) {
            throw refused(subject, "the system bundle is never changed by the update service");
        }
        for (Bundle bundle : context.getBundles()) {
            if (name.equals(bundle.getSymbolicName())) {
                if (bundle.getBundleId() == 0) {
                    throw refused(subject, "the system bundle is never changed by the update service");
                }
                throw refused(subject, name + " is part of the runtime's base set (" + bundle.getLocation()
                        + "), which the update service never changes; a new gtach.jar replaces it");
            }
        }
        if (mustBeInstalled) {
            throw refused(subject, name + " is not installed (gtach:status lists the application's packages)");
        }
    }

    private Map<Resource, Wiring> fixedWirings(Map<String, Bundle> managed) {
        Set<Bundle> managedBundles = new HashSet<>(managed.values());
        Map<Resource, Wiring> fixed = new LinkedHashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (managedBundles.contains(bundle) || bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring != null && wiring.isCurrent()) {
                fixed.put(wiring.getRevision(), wiring);
            }
        }
        return fixed;
    }

    private Map<Resource, List<Wire>> resolve(UpdateRequest request, String subject, Map<Resource, Wiring> fixed,
            Map<String, Version> installed, Map<String, Version> pinned, boolean preferInstalled)
            throws UpdateRefusedException {
        Map<String, Version> pins = new TreeMap<>(pinned);
        for (int round = 0; round < MAX_PIN_ROUNDS; round++) {
            List<Resource> mandatory = new ArrayList<>();
            for (Map.Entry<String, Version> pin : pins.entrySet()) {
                if (pinned.containsKey(pin.getKey())) {
                    mandatory.add(packages.resource(new PackageId(pin.getKey(), pin.getValue())));
                }
            }
            PlanningContext planning = new PlanningContext(mandatory, fixed, repository, installed, pins,
                    request.preReleases(), preferInstalled);
            Map<Resource, List<Wire>> result;
            try {
                result = resolver.resolve(planning);
            } catch (ResolutionException e) {
                throw refused(subject, Unsatisfied.explain(planning, mandatory, packages, pins, e));
            }
            Map<String, List<Version>> byName = new HashMap<>();
            for (Resource resource : result.keySet()) {
                if (!(resource instanceof BundleRevision)) {
                    Identity id = Identity.of(resource);
                    byName.computeIfAbsent(id.symbolicName(), k -> new ArrayList<>()).add(id.version());
                }
            }
            boolean duplicated = false;
            for (Map.Entry<String, List<Version>> entry : byName.entrySet()) {
                if (entry.getValue().size() > 1) {
                    // One version per symbolic name: keep the highest and resolve again.
                    pins.put(entry.getKey(), entry.getValue().stream().max(VersionOrder.PRECEDENCE).orElseThrow());
                    duplicated = true;
                }
            }
            if (!duplicated) {
                return result;
            }
        }
        throw refused(subject, "the resolver kept choosing two versions of one package");
    }

    private List<Change> changes(UpdateRequest request, List<TargetBundle> target, Map<String, Version> installed,
            Map<Resource, List<Wire>> resolution, Map<String, Resource> chosen) {
        List<Change> changes = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (TargetBundle t : target) {
            String name = t.symbolicName();
            wanted.add(name);
            Version now = installed.get(name);
            String reason = t.requested() ? "requested" : "needed by " + String.join(", ", requirersOf(chosen.get(name), resolution));
            if (now == null) {
                changes.add(new Change(Change.Kind.INSTALL, name, Optional.empty(), Optional.of(t.id().version().toString()), reason));
            } else if (!now.equals(t.id().version())) {
                changes.add(new Change(Change.Kind.UPDATE, name, Optional.of(now.toString()), Optional.of(t.id().version().toString()), reason));
            }
        }
        installed.forEach((name, version) -> {
            if (!wanted.contains(name)) {
                boolean asked = request.action() == UpdateRequest.Action.UNINSTALL && request.name().get().equals(name);
                changes.add(new Change(Change.Kind.UNINSTALL, name, Optional.of(version.toString()), Optional.empty(),
                        asked ? "requested" : "no longer needed"));
            }
        });
        changes.sort(Comparator.comparing(Change::symbolicName));
        return changes;
    }

    private static List<String> requirersOf(Resource provider, Map<Resource, List<Wire>> resolution) {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<Resource, List<Wire>> entry : resolution.entrySet()) {
            for (Wire wire : entry.getValue()) {
                if (wire.getProvider().equals(provider) && !entry.getKey().equals(provider)) {
                    names.add(Identity.of(entry.getKey()).toString());
                }
            }
        }
        return names.isEmpty() ? List.of("nothing") : new ArrayList<>(names);
    }

    /**
     * A bundle the update service does not manage must not lose a wire: it would not be re-resolved.
     * The version bundle's compatibility check says so for an update; for an uninstall, any wire counts.
     */
    private void checkUnmanagedConsumers(String subject, List<Change> changes, Map<String, Bundle> managed,
            Map<String, Resource> chosen) throws UpdateRefusedException {
        Set<Bundle> managedBundles = new HashSet<>(managed.values());
        for (Change change : changes) {
            if (change.kind() == Change.Kind.INSTALL) {
                continue;
            }
            Bundle bundle = managed.get(change.symbolicName());
            if (change.kind() == Change.Kind.UPDATE && checkedByCompatibility(subject, change, bundle, managedBundles)) {
                continue;
            }
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            Resource replacement = chosen.get(change.symbolicName());
            for (BundleWire wire : wiring.getProvidedWires(null)) {
                Bundle consumer = wire.getRequirer().getBundle();
                if (managedBundles.contains(consumer)) {
                    continue;
                }
                if (replacement == null || !provides(replacement, wire.getRequirement())) {
                    throw refused(subject, "it would break " + consumer.getSymbolicName() + " " + consumer.getVersion()
                            + " (not managed by the update service), which needs "
                            + RequirementText.describe(wire.getRequirement()) + " from " + change.symbolicName());
                }
            }
        }
    }

    /** True when the compatibility check could judge this update (and found nothing broken). */
    private boolean checkedByCompatibility(String subject, Change change, Bundle installed, Set<Bundle> managedBundles)
            throws UpdateRefusedException {
        CompatibilityReport report;
        try {
            report = compatibility.check(packages.bundleFile(new PackageId(change.symbolicName(),
                    Version.parseVersion(change.to().orElseThrow()))));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        if (!report.installedVersion().equals(Optional.of(installed.getVersion()))) {
            // It compared with another bundle of the same name (one outside the application).
            return false;
        }
        for (LostWire lost : report.lostWires()) {
            Bundle consumer = context.getBundle(lost.consumerId());
            if (consumer != null && !managedBundles.contains(consumer)) {
                throw refused(subject, "it would break " + lost.consumerSymbolicName() + " " + lost.consumerVersion()
                        + " (not managed by the update service), which needs " + lost.requirement() + ", but "
                        + lost.reason());
            }
        }
        return true;
    }

    private static boolean provides(Resource resource, Requirement requirement) {
        return resource.getCapabilities(requirement.getNamespace()).stream()
                .anyMatch(capability -> PlanningContext.satisfies(capability, requirement));
    }

    /** Everything wired to what changes, which the framework will stop and refresh. */
    /** A resolved host takes a new fragment only when refreshed, so it joins the refresh set. */
    private Set<Bundle> hostsOfNewFragments(List<Change> changes, Map<String, Resource> chosen) {
        Set<Bundle> hosts = new HashSet<>();
        for (Change change : changes) {
            Resource resource = chosen.get(change.symbolicName());
            if (change.kind() != Change.Kind.INSTALL || resource == null || !Identity.of(resource).fragment()) {
                continue;
            }
            for (Requirement host : resource.getRequirements(org.osgi.framework.namespace.HostNamespace.HOST_NAMESPACE)) {
                String name = RequirementText.nameIn(host.getDirectives().getOrDefault("filter", ""),
                        org.osgi.framework.namespace.HostNamespace.HOST_NAMESPACE);
                for (Bundle bundle : context.getBundles()) {
                    if (name.equals(bundle.getSymbolicName()) && bundle.adapt(BundleWiring.class) != null) {
                        hosts.add(bundle);
                    }
                }
            }
        }
        return hosts;
    }

    private List<String> refreshSet(String subject, List<Change> changes, Map<String, Bundle> managed,
            Set<Bundle> hosts) throws UpdateRefusedException {
        Set<Bundle> changed = new HashSet<>(hosts);
        for (Change change : changes) {
            if (change.kind() != Change.Kind.INSTALL) {
                changed.add(managed.get(change.symbolicName()));
            }
        }
        if (changed.isEmpty()) {
            return List.of();
        }
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        Collection<Bundle> closure = wiring.getDependencyClosure(changed);
        Set<Bundle> managedBundles = new HashSet<>(managed.values());
        List<String> refresh = new ArrayList<>();
        Set<Bundle> provisioning = provisioningLayer();
        for (Bundle bundle : closure) {
            if (!managedBundles.contains(bundle) && provisioning.contains(bundle)) {
                throw refused(subject, "it would restart " + bundle.getSymbolicName()
                        + ", which the provisioning layer needs, because it is wired to what changes");
            }
            refresh.add(bundle.getSymbolicName() + " " + bundle.getVersion());
        }
        refresh.sort(null);
        return refresh;
    }

    /**
     * What must keep running while a transaction runs: the system bundle, our bundles, the bundles
     * whose services the update service uses, and everything those are wired to as consumers.
     */
    private Set<Bundle> provisioningLayer() {
        Set<Bundle> layer = new HashSet<>();
        java.util.Deque<Bundle> pending = new java.util.ArrayDeque<>();
        pending.add(context.getBundle(0));
        for (Bundle bundle : context.getBundles()) {
            if (String.valueOf(bundle.getSymbolicName()).startsWith("gtach.provisioning.")) {
                pending.add(bundle);
            }
        }
        org.osgi.framework.ServiceReference<?>[] used = context.getBundle().getServicesInUse();
        if (used != null) {
            for (org.osgi.framework.ServiceReference<?> reference : used) {
                if (reference.getBundle() != null) {
                    pending.add(reference.getBundle());
                }
            }
        }
        while (!pending.isEmpty()) {
            Bundle bundle = pending.poll();
            if (!layer.add(bundle)) {
                continue;
            }
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring != null) {
                for (BundleWire wire : wiring.getRequiredWires(null)) {
                    pending.add(wire.getProvider().getBundle());
                }
            }
        }
        return layer;
    }

    private static String display(String osgiVersion) {
        return Versions.display(Version.parseVersion(osgiVersion));
    }

    static UpdateRefusedException refused(String subject, String why) {
        return new UpdateRefusedException("Cannot " + subject + ": " + why + "; nothing was changed.");
    }
}
