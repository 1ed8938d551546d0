package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.CompatibilityChecker;
import gtach.provisioning.version.CompatibilityReport;
import gtach.provisioning.version.LostWire;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.service.repository.Repository;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.Resolver;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
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
 * what runs. Refuses, with one sentence, whatever cannot be done safely. A function of the request,
 * the current generation and a {@link FrameworkView}: it never asks the framework itself, and
 * changes nothing.
 */
final class Planner {

    private static final int MAX_PIN_ROUNDS = 8;

    private final PackageRepository packages;
    private final CandidateRepository candidates;
    private final Resolver resolver;
    private final CompatibilityChecker compatibility;
    private final RefreshPolicy policy;
    private final BaselineGate baseline;

    Planner(PackageRepository packages, Repository repository, Resolver resolver, CompatibilityChecker compatibility) {
        this(packages, repository, null, resolver, compatibility, RefreshPolicy.NONE);
    }

    /**
     * @param remote the fetched remotes' packages, candidates when the local repository has no
     *        version that will do (a plan names those it picks as downloads); null for none
     */
    Planner(PackageRepository packages, Repository repository, Repository remote, Resolver resolver,
            CompatibilityChecker compatibility) {
        this(packages, repository, remote, resolver, compatibility, RefreshPolicy.NONE);
    }

    /** @param policy what a plan for a request may restart; rollbacks are not bound by it */
    Planner(PackageRepository packages, Repository repository, Repository remote, Resolver resolver,
            CompatibilityChecker compatibility, RefreshPolicy policy) {
        this(packages, repository, remote, resolver, compatibility, policy, new BaselineGate());
    }

    /**
     * @param baseline the API baseline of a request's plan, kept from one plan to the next for what it read of
     *        each JAR; rollbacks are not bound by it
     */
    Planner(PackageRepository packages, Repository repository, Repository remote, Resolver resolver,
            CompatibilityChecker compatibility, RefreshPolicy policy, BaselineGate baseline) {
        this.policy = policy;
        this.baseline = baseline;
        this.packages = packages;
        this.candidates = new CandidateRepository(repository, remote, packages);
        this.resolver = resolver;
        this.compatibility = compatibility;
    }

    PlannedUpdate plan(UpdateRequest request, Generation current, FrameworkView view) throws UpdateRefusedException {
        return plan(request, current, view, true);
    }

    /**
     * @param suggest whether a refusal may name a request that would do it (the planning of that
     *        request itself suggests nothing, so that one refusal plans at most one more request)
     */
    private PlannedUpdate plan(UpdateRequest request, Generation current, FrameworkView view, boolean suggest)
            throws UpdateRefusedException {
        Map<String, BundleState> managed = view.managed();
        Map<String, Version> installed = new HashMap<>();
        managed.forEach((name, bundle) -> installed.put(name, bundle.version()));
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
                for (PackageRange named : request.packages()) {
                    String name = named.name();
                    refuseUnmanaged(name, view, subject, false);
                    if (managed.containsKey(name)) {
                        throw refused(subject, name + " " + Versions.display(installed.get(name))
                                + " is already installed; use gtach:update to change its version");
                    }
                    pinned.put(name, choose(request, named, subject));
                    requested.add(name);
                }
            }
            case UPDATE -> {
                for (PackageRange named : request.packages()) {
                    String name = named.name();
                    refuseUnmanaged(name, view, subject, true);
                    pinned.put(name, request.withinInstalledMajor(named)
                            ? newestInMajor(name, installed.get(name), request.preReleases())
                            : choose(request, named, subject));
                    requested.add(name);
                }
            }
            case UPDATE_ALL -> {
                preferInstalled = false;
                for (String name : requested) {
                    pinned.put(name, request.majorChange()
                            ? newest(name, installed.get(name), request.preReleases())
                            : newestInMajor(name, installed.get(name), request.preReleases()));
                }
            }
            case UNINSTALL -> {
                for (String name : request.names()) {
                    refuseUnmanaged(name, view, subject, true);
                    pinned.remove(name);
                    requested.remove(name);
                }
            }
        }

        JointUpdate joint = suggest ? new JointUpdate(request, packages, installed,
                together -> plans(together, current, view)) : JointUpdate.NONE;
        Map<Resource, List<Wire>> resolution = resolve(request, subject, view, installed, pinned, preferInstalled, joint);

        List<TargetBundle> target = new ArrayList<>();
        Map<String, Resource> chosen = new TreeMap<>();
        Map<String, RemotePackage> downloads = new TreeMap<>();
        for (Resource resource : resolution.keySet()) {
            if (resource instanceof BundleRevision) {
                continue;
            }
            Identity identity = Identity.of(resource);
            chosen.put(identity.symbolicName(), resource);
            PackageId id = new PackageId(identity.symbolicName(), identity.version());
            String build;
            if (CandidateRepository.remoteOf(resource).isPresent()) {
                downloads.put(id.symbolicName(), CandidateRepository.download(resource));
                build = CandidateRepository.sha256(resource);
            } else {
                PackageInfo info = packages.get(id.symbolicName(), id.version().toString())
                        .orElseThrow(() -> refused(subject, "the package " + id + " vanished from the repository while planning"));
                build = buildOf(request, info, current);
            }
            target.add(new TargetBundle(id, build, TargetBundle.locationOf(id.symbolicName()),
                    !identity.fragment(), requested.contains(id.symbolicName()), 0, hostOf(resource)));
        }
        refuseBaseSetCopies(subject, view, chosen, resolution);
        if (request.action() == UpdateRequest.Action.UNINSTALL) {
            for (String name : request.names()) {
                if (chosen.containsKey(name)) {
                    throw refused(subject, name + " is still needed by " + String.join(", ",
                            requirersOf(chosen.get(name), resolution)) + "; uninstall that first");
                }
            }
        }
        target = StartSettings.settle(request, view, chosen, resolution, target, subject);
        target.sort(Comparator.comparing(TargetBundle::symbolicName));

        Delta delta = Delta.between(view, target, Set.of());
        List<Change> changes = changes(delta, view.levels(), t -> t.requested() ? "requested"
                : "needed by " + String.join(", ", requirersOf(chosen.get(t.symbolicName()), resolution)),
                b -> request.action() == UpdateRequest.Action.UNINSTALL && request.names().contains(b.managedName())
                        ? "requested" : "no longer needed");
        for (Change change : changes) {
            if (change.kind() == Change.Kind.UPDATE && !request.downgrade()
                    && VersionOrder.compare(Version.parseVersion(change.to().get()), Version.parseVersion(change.from().get())) < 0) {
                throw refused(subject, "it would downgrade " + change.symbolicName() + " from "
                        + display(change.from().get()) + " to " + display(change.to().get())
                        + "; add --downgrade to allow that");
            }
        }
        checkUnmanagedConsumers(subject, delta, view, chosen);
        checkProtectedLayer(subject, delta, view);
        policy.check(subject, request, delta);
        // a package still to be downloaded is checked when the apply plans again with it stored
        Optional<String> application = ApplicationCheck.problem(ApplicationCheck.changing(
                delta.toStage().stream().filter(t -> !downloads.containsKey(t.symbolicName())).toList(),
                t -> packages.bundleFile(t.id())));
        if (application.isPresent()) {
            throw refused(subject, application.get());
        }
        // last: it reads the classes of the JARs, the other checks only the framework and the manifests
        List<String> warnings = baseline.check(subject, request, delta, view, packages, downloads.keySet());
        List<String> downloadTexts = new ArrayList<>();
        for (RemotePackage d : downloads.values()) {
            Resource resource = chosen.get(d.symbolicName());
            downloadTexts.add(RemoteDownloads.text(d) + (requested.contains(d.symbolicName()) ? ""
                    : ", needed by " + String.join(", ", requirersOf(resource, resolution))));
        }
        return new PlannedUpdate(new Plan(request, changes, delta.refresh().texts(), downloadTexts,
                delta.refresh().chains(), warnings), target, delta,
                List.copyOf(downloads.values()));
    }

    /**
     * The build (SHA-256) a package of the plan gets. A rebuild of an unreleased package replaces its
     * stored build under the same version: only an update that names it (or {@code update --all})
     * brings the new build in; any other keeps the build the current generation runs.
     */
    private static String buildOf(UpdateRequest request, PackageInfo stored, Generation current) {
        String name = stored.id().symbolicName();
        boolean named = request.action() == UpdateRequest.Action.UPDATE_ALL
                || request.action() == UpdateRequest.Action.UPDATE && request.names().contains(name);
        if (!named) {
            for (ManagedBundle b : current.bundles()) {
                if (b.symbolicName().equals(name) && Version.parseVersion(b.version()).equals(stored.id().version())) {
                    return b.sha256();
                }
            }
        }
        return stored.sha256();
    }

    /** The target set of an earlier generation, as a plan (for rollback). */
    PlannedUpdate planReturnTo(Generation earlier, FrameworkView view, UpdateRequest label) throws UpdateRefusedException {
        for (ManagedBundle b : earlier.bundles()) {
            PackageId id = new PackageId(b.symbolicName(), Version.parseVersion(b.version()));
            if (packages.get(b.symbolicName(), b.version()).isEmpty()) {
                throw refused("roll back to generation " + earlier.number(), "its package " + b.symbolicName() + " "
                        + Versions.display(id.version()) + " is no longer in the repository"
                        + packages.whyAbsent(id).map(why -> " (" + fragment(why) + ")").orElse(""));
            }
            try {
                // a rebuild of an unreleased package replaced its build; the one this generation ran must be kept
                packages.bundleFile(id, b.sha256());
            } catch (IllegalArgumentException e) {
                throw refused("roll back to generation " + earlier.number(), "the build of " + b.symbolicName() + " "
                        + Versions.display(id.version()) + " it ran (sha256 " + b.sha256().substring(0, 12)
                        + "…) is no longer in the repository");
            }
        }
        List<TargetBundle> target = targetOf(earlier, packages);
        Map<String, Resource> chosen = new TreeMap<>();
        target.forEach(t -> chosen.put(t.symbolicName(), packages.resource(t.id())));
        Delta delta = Delta.between(view, target, Set.of());
        List<Change> changes = changes(delta, view.levels(), t -> "in generation " + earlier.number(),
                b -> "not in generation " + earlier.number());
        String subject = "roll back to generation " + earlier.number();
        checkUnmanagedConsumers(subject, delta, view, chosen);
        checkProtectedLayer(subject, delta, view);
        return new PlannedUpdate(new Plan(label, changes, delta.refresh().texts(), List.of(),
                delta.refresh().chains()), target, delta);
    }

    /**
     * The bundles of a generation as targets. The host of a fragment is read from the repository;
     * a fragment whose package is gone has none, and staging its JAR says so.
     */
    static List<TargetBundle> targetOf(Generation generation, PackageRepository packages) {
        List<TargetBundle> target = new ArrayList<>();
        for (ManagedBundle b : generation.bundles()) {
            PackageId id = new PackageId(b.symbolicName(), Version.parseVersion(b.version()));
            Optional<String> host = Optional.empty();
            if (!b.started() && packages.get(b.symbolicName(), b.version()).isPresent()) {
                host = hostOf(packages.resource(id));
            }
            target.add(new TargetBundle(id, b.sha256(), b.location(), b.started(), b.requested(), b.startLevel(), host));
        }
        return target;
    }

    /**
     * The changes of a delta in the order an operator reads them: by name. A start level and state are
     * shown where they change, and for an install where they are not the default.
     */
    private static List<Change> changes(Delta delta, StartLevels levels, java.util.function.Function<TargetBundle, String> why,
            java.util.function.Function<BundleState, String> whyGone) {
        List<Change> changes = new ArrayList<>();
        for (TargetBundle t : delta.installs()) {
            boolean usual = t.startLevel() == levels.application() && (t.started() || t.host().isPresent());
            changes.add(new Change(Change.Kind.INSTALL, t.symbolicName(), Optional.empty(),
                    Optional.of(t.id().version().toString()), why.apply(t), Optional.empty(),
                    usual ? Optional.empty() : Optional.of(new Change.Start(t.startLevel(), t.started()))));
        }
        for (Delta.Replacement u : delta.updates()) {
            changes.add(startChange(Change.Kind.UPDATE, u, why.apply(u.target())));
        }
        for (Delta.Replacement s : delta.startChanges()) {
            changes.add(startChange(Change.Kind.SET, s, why.apply(s.target())));
        }
        for (BundleState b : delta.uninstalls()) {
            changes.add(new Change(Change.Kind.UNINSTALL, b.managedName(), Optional.of(b.version().toString()),
                    Optional.empty(), whyGone.apply(b)));
        }
        changes.sort(Comparator.comparing(Change::symbolicName));
        return changes;
    }

    /** An update or a start change, with the start level and state before and after where they differ. */
    private static Change startChange(Change.Kind kind, Delta.Replacement r, String why) {
        boolean differs = r.startDiffers();
        BundleState now = r.installed();
        return new Change(kind, r.target().symbolicName(), Optional.of(now.version().toString()),
                Optional.of(r.target().id().version().toString()), why,
                differs ? Optional.of(new Change.Start(now.startLevel(), !now.fragment() && now.persistentlyStarted()))
                        : Optional.empty(),
                differs ? Optional.of(new Change.Start(r.target().startLevel() > 0 ? r.target().startLevel() : now.startLevel(),
                        r.target().started())) : Optional.empty());
    }

    private static Optional<String> hostOf(Resource resource) {
        for (Requirement host : resource.getRequirements(HostNamespace.HOST_NAMESPACE)) {
            return Optional.of(RequirementText.nameIn(host.getDirectives().getOrDefault("filter", ""),
                    HostNamespace.HOST_NAMESPACE));
        }
        return Optional.empty();
    }

    /** Whether a request plans, as far as the planner can tell without the framework. */
    private boolean plans(UpdateRequest request, Generation current, FrameworkView view) {
        try {
            plan(request, current, view, false);
            return true;
        } catch (UpdateRefusedException e) {
            return false;
        }
    }

    private Version choose(UpdateRequest request, PackageRange named, String subject) throws UpdateRefusedException {
        String name = named.name();
        List<Version> stored = versions(name);
        if (stored.isEmpty()) {
            throw refused(subject, "the repository holds no package named " + name + "; add it with gtach:add first");
        }
        boolean preReleases = request.preReleases();
        List<Version> candidates = stored.stream()
                .filter(v -> allowed(named, v, preReleases))
                .sorted(VersionOrder.PRECEDENCE.reversed())
                .toList();
        if (candidates.isEmpty()) {
            List<String> excluded = preReleases ? List.of() : stored.stream()
                    .filter(v -> allowed(named, v, true))
                    .map(Versions::display)
                    .toList();
            throw refused(subject, "no stored version of " + name + " "
                    + named.range().map(r -> "matches " + r.text()).orElse("is a release")
                    + preReleasesLeftOut(excluded) + "; stored: "
                    + stored.stream().map(Versions::display).collect(Collectors.joining(", ")));
        }
        return candidates.get(0);
    }

    /** The versions of a package the local repository holds, then those only fetched remotes list. */
    private List<Version> versions(String name) {
        List<Version> versions = new ArrayList<>();
        packages.versions(name).forEach(p -> versions.add(p.id().version()));
        versions.addAll(candidates.remoteVersions(name).keySet());
        return versions;
    }

    /** Without a range, any release (or any version at all with --pre) will do. */
    private static boolean allowed(PackageRange named, Version version, boolean preReleases) {
        return named.range().map(r -> Versions.includes(r, version, preReleases))
                .orElse(preReleases || !Versions.isPreRelease(version));
    }

    /** Says which versions were left out only for being pre-releases, and how to allow them. */
    static String preReleasesLeftOut(List<String> versions) {
        if (versions.isEmpty()) {
            return "";
        }
        return versions.size() == 1
                ? " (" + versions.get(0) + " would, but is a pre-release: add --pre to allow it)"
                : " (" + String.join(", ", versions) + " would, but are pre-releases: add --pre to allow them)";
    }

    /** The newest stored version of the installed major, never lower than the installed one. */
    private Version newestInMajor(String name, Version now, boolean preReleases) {
        return newest(name, now, preReleases, v -> v.getMajor() == now.getMajor());
    }

    /** The newest stored version of any major, never lower than the installed one. */
    private Version newest(String name, Version now, boolean preReleases) {
        return newest(name, now, preReleases, v -> true);
    }

    private Version newest(String name, Version now, boolean preReleases, java.util.function.Predicate<Version> major) {
        return versions(name).stream()
                .filter(major)
                .filter(v -> preReleases || !Versions.isPreRelease(v) || v.equals(now))
                .filter(v -> VersionOrder.compare(v, now) >= 0)
                .max(VersionOrder.PRECEDENCE)
                .orElse(now);
    }

    private static void refuseUnmanaged(String name, FrameworkView view, String subject, boolean mustBeInstalled)
            throws UpdateRefusedException {
        if (view.managed().containsKey(name)) {
            return;
        }
        if (org.osgi.framework.Constants.SYSTEM_BUNDLE_SYMBOLICNAME.equals(name)) {
            throw refused(subject, "the system bundle is never changed by the update service");
        }
        for (BundleState bundle : view.named(name)) {
            if (bundle.id() == 0) {
                throw refused(subject, "the system bundle is never changed by the update service");
            }
            throw refused(subject, name + " is part of the runtime's base set (" + bundle.location()
                    + "), which the update service never changes; a new gtach.jar replaces it");
        }
        if (mustBeInstalled) {
            throw refused(subject, name + " is not installed (gtach:status lists the application's packages)");
        }
    }

    /**
     * A stored copy of a base-set bundle must never join the application, even when a dependency
     * asks for a version the runtime does not have: two copies of a runtime bundle would both run
     * (a second console takes over the command socket, a second update service recovers the live journal).
     */
    private static void refuseBaseSetCopies(String subject, FrameworkView view, Map<String, Resource> chosen,
            Map<Resource, List<Wire>> resolution) throws UpdateRefusedException {
        for (Map.Entry<String, Resource> entry : chosen.entrySet()) {
            for (BundleState bundle : view.named(entry.getKey())) {
                if (!bundle.managed()) {
                    throw refused(subject, "it would install " + Identity.of(entry.getValue()) + " from the repository, needed by "
                            + String.join(", ", requirersOf(entry.getValue(), resolution)) + ", but " + entry.getKey()
                            + " is part of the runtime's base set (" + bundle.location() + " runs " + Versions.display(bundle.version())
                            + "), which the update service never changes; a new gtach.jar replaces it");
                }
            }
        }
    }

    private Map<Resource, List<Wire>> resolve(UpdateRequest request, String subject, FrameworkView view,
            Map<String, Version> installed, Map<String, Version> pinned, boolean preferInstalled, JointUpdate joint)
            throws UpdateRefusedException {
        Map<String, Version> pins = new TreeMap<>(pinned);
        // Versions the resolver also chose for a name this loop pinned, highest first, to try when the pin fails
        Map<String, Deque<Version>> alternatives = new TreeMap<>();
        UpdateRefusedException firstRefusal = null;
        for (int round = 0; round < MAX_PIN_ROUNDS; round++) {
            List<Resource> mandatory = new ArrayList<>();
            for (Map.Entry<String, Version> pin : pins.entrySet()) {
                if (pinned.containsKey(pin.getKey())) {
                    PackageId id = new PackageId(pin.getKey(), pin.getValue());
                    if (packages.get(id.symbolicName(), id.version().toString()).isPresent()) {
                        mandatory.add(packages.resource(id));
                        continue;
                    }
                    Resource remote = candidates.remoteVersions(id.symbolicName()).get(id.version());
                    if (remote == null) {
                        // the repository says why (quarantined, damaged) and how to restore it
                        throw refused(subject, packages.whyAbsent(id).map(Planner::fragment)
                                .orElse("the package " + id + " is not in the repository"));
                    }
                    mandatory.add(remote);
                }
            }
            PlanningContext planning = new PlanningContext(mandatory, view.fixedWirings(), candidates, installed, pins,
                    request.preReleases(), preferInstalled);
            Map<Resource, List<Wire>> result;
            try {
                result = resolver.resolve(planning);
            } catch (ResolutionException e) {
                if (firstRefusal == null) {
                    firstRefusal = refused(subject, Unsatisfied.explain(planning, mandatory, packages, pins, installed, joint, e));
                }
                Optional<Map.Entry<String, Deque<Version>>> retry = alternatives.entrySet().stream()
                        .filter(entry -> !entry.getValue().isEmpty()).findFirst();
                if (retry.isEmpty()) {
                    throw firstRefusal;
                }
                pins.put(retry.get().getKey(), retry.get().getValue().poll());
                continue;
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
                    // One version per symbolic name: the highest first, the others if that cannot resolve.
                    List<Version> chosen = entry.getValue().stream().sorted(VersionOrder.PRECEDENCE.reversed()).toList();
                    pins.put(entry.getKey(), chosen.get(0));
                    alternatives.put(entry.getKey(), new ArrayDeque<>(chosen.subList(1, chosen.size())));
                    duplicated = true;
                }
            }
            if (!duplicated) {
                return result;
            }
        }
        throw firstRefusal != null ? firstRefusal : refused(subject, "the resolver kept choosing two versions of one package");
    }

    private static List<String> requirersOf(Resource provider, Map<Resource, List<Wire>> resolution) {
        // Sorted: the resolution's order is the resolver's hash order, and the text must not vary.
        Set<String> names = new java.util.TreeSet<>();
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
    private void checkUnmanagedConsumers(String subject, Delta delta, FrameworkView view, Map<String, Resource> chosen)
            throws UpdateRefusedException {
        List<BundleState> leaving = new ArrayList<>(delta.uninstalls());
        for (Delta.Replacement u : delta.updates()) {
            if (!checkedByCompatibility(subject, u, view)) {
                leaving.add(u.installed());
            }
        }
        for (BundleState bundle : leaving) {
            Resource replacement = chosen.get(bundle.managedName());
            for (Dependency wire : view.wiresTo(bundle)) {
                BundleState consumer = view.bundle(wire.requirer()).orElse(null);
                if (consumer == null || consumer.managed()) {
                    continue;
                }
                if (replacement == null || !provides(replacement, wire.requirement())) {
                    throw refused(subject, "it would break " + consumer.symbolicName() + " " + consumer.version()
                            + " (not managed by the update service), which needs "
                            + RequirementText.describe(wire.requirement()) + " from " + bundle.managedName());
                }
            }
        }
    }

    /** True when the compatibility check could judge this update (and found nothing broken). */
    private boolean checkedByCompatibility(String subject, Delta.Replacement update, FrameworkView view)
            throws UpdateRefusedException {
        CompatibilityReport report;
        try {
            report = compatibility.check(packages.bundleFile(update.target().id(), update.target().sha256()));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        if (!report.installedVersion().equals(Optional.of(update.installed().version()))) {
            // It compared with another bundle of the same name (one outside the application).
            return false;
        }
        for (LostWire lost : report.lostWires()) {
            Optional<BundleState> consumer = view.bundle(lost.consumerId());
            if (consumer.isPresent() && !consumer.get().managed()) {
                throw refused(subject, "it would break " + lost.consumerSymbolicName() + " " + lost.consumerVersion()
                        + " (not managed by the update service), which needs " + lost.requirement() + ", but "
                        + lost.reason());
            }
        }
        return true;
    }

    /** Nothing the provisioning layer needs may be stopped by a refresh: the transaction runs on it. */
    private static void checkProtectedLayer(String subject, Delta delta, FrameworkView view) throws UpdateRefusedException {
        for (BundleState member : delta.refresh().members()) {
            if (!member.managed() && view.isProtected(member)) {
                throw refused(subject, "it would restart " + member.symbolicName()
                        + ", which the provisioning layer needs, because it " + delta.refresh().reasons().get(member));
            }
        }
    }

    private static boolean provides(Resource resource, Requirement requirement) {
        return resource.getCapabilities(requirement.getNamespace()).stream()
                .anyMatch(capability -> PlanningContext.satisfies(capability, requirement));
    }

    private static String display(String osgiVersion) {
        return Versions.display(Version.parseVersion(osgiVersion));
    }

    /** A sentence of the repository's as a part of ours. */
    private static String fragment(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    static UpdateRefusedException refused(String subject, String why) {
        return new UpdateRefusedException("Cannot " + subject + ": " + why + "; nothing was changed.");
    }
}
