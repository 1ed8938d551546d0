package gtach.provisioning.update.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.resolver.ResolutionException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Explains a failed resolution in one sentence: every requirement of the packages the request
 * needs that nothing allowed provides, with who needs it and what the repository has instead (one
 * such requirement is told as it always was: "a needs b, which …"); why a fragment cannot attach;
 * or the two chains of a uses-constraint conflict. The resolver's own message is the fallback.
 */
final class Unsatisfied {

    /** How many missing requirements a refusal names before it says how many more there are. */
    static final int NAMED = 10;

    private static final String NOTHING = ", which no installed bundle and no allowed stored package provides";
    private static final String NOTHING_STORED = ", which no installed bundle and no stored package provides";
    private static final String NO_EXPORTER = " (the repository has no package exporting it)";

    /**
     * A requirement nothing allowed provides.
     *
     * @param requirement the requirement in words
     * @param sentence the whole explanation when it is the only one
     * @param why what follows the requirement in that sentence (", which no … provides (…)" or ", but …"),
     *        from which a list takes what was stored instead or left out
     */
    private record Missing(Identity requirer, String requirement, String sentence, String why) {
    }

    private Unsatisfied() {
    }

    /**
     * Walks what the resolver would need, from the roots through the provider it prefers for each
     * requirement that has one (a runtime bundle's wiring is fixed: it is not walked), and names
     * every mandatory requirement on the way that nothing allowed provides.
     *
     * @param pins the one version each pinned symbolic name may have in this attempt
     * @param installed the managed versions installed now, by symbolic name
     * @param joint the request that would move a requirer together with what this one moves
     */
    static String explain(PlanningContext planning, List<Resource> roots, PackageRepository packages,
            Map<String, Version> pins, Map<String, Version> installed, JointUpdate joint, ResolutionException e) {
        Set<Missing> missing = new LinkedHashSet<>();
        Deque<Resource> queue = new ArrayDeque<>(roots);
        Set<Resource> seen = new HashSet<>(roots);
        while (!queue.isEmpty()) {
            Resource resource = queue.poll();
            for (Requirement requirement : resource.getRequirements(null)) {
                if (!planning.isEffective(requirement) || PlanningContext.isOptional(requirement)) {
                    continue;
                }
                List<Capability> providers = planning.findProviders(requirement);
                if (HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace())) {
                    Optional<String> outside = hostOutsideTheApplication(resource, requirement, providers, planning);
                    if (outside.isPresent()) {
                        return outside.get();
                    }
                }
                if (providers.isEmpty()) {
                    missing.add(missing(resource, requirement, planning, packages, pins, installed, joint));
                    continue;
                }
                Resource first = providers.get(0).getResource();
                if (!planning.getWirings().containsKey(first) && seen.add(first)) {
                    queue.add(first);
                }
            }
        }
        if (!missing.isEmpty()) {
            return listed(new ArrayList<>(missing));
        }
        Optional<String> conflict = UsesConflict.explain(e.getMessage(), names(planning, roots));
        if (conflict.isPresent()) {
            return conflict.get();
        }
        String message = e.getMessage() == null ? "the resolver found no consistent set" : e.getMessage();
        return "the resolver found no consistent set (" + message.replaceAll("\\s+", " ").trim() + ")";
    }

    /** One requirement with no provider, explained both ways. */
    private static Missing missing(Resource requirer, Requirement requirement, PlanningContext planning,
            PackageRepository packages, Map<String, Version> pins, Map<String, Version> installed, JointUpdate joint) {
        Identity who = Identity.of(requirer);
        String text = RequirementText.describe(requirement);
        List<String> preReleases = planning.leftOutAsPreReleases(requirement).stream()
                .map(c -> Identity.of(c.getResource()).toString())
                .distinct()
                .toList();
        if (HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace())) {
            String why = preReleases.isEmpty() ? hostAbsent(requirement, packages)
                    : NOTHING + Planner.preReleasesLeftOut(preReleases);
            String filter = requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
            return new Missing(who, text, who + " is a fragment of " + RequirementText.nameIn(filter, HostNamespace.HOST_NAMESPACE)
                    + RequirementText.range(filter, HostNamespace.HOST_NAMESPACE) + why, why);
        }
        String why = preReleases.isEmpty() ? why(requirer, requirement, packages, pins, installed, joint)
                : NOTHING + Planner.preReleasesLeftOut(preReleases);
        return new Missing(who, text, who + " needs " + text + why, why);
    }

    /**
     * The one sentence: a single requirement as it always read; else how many there are, each with
     * who needs it and what was left out, the first {@link #NAMED} only.
     */
    private static String listed(List<Missing> missing) {
        if (missing.size() == 1) {
            return missing.get(0).sentence();
        }
        // The same requirement with the same reason, of several packages, is one item naming them all
        Map<Item, List<String>> items = new LinkedHashMap<>();
        for (Missing m : missing) {
            List<String> requirers = items.computeIfAbsent(new Item(m.requirement(), inList(m.why())), k -> new ArrayList<>());
            if (!requirers.contains(m.requirer().toString())) {
                requirers.add(m.requirer().toString());
            }
        }
        if (items.size() == 1) {
            Map.Entry<Item, List<String>> only = items.entrySet().iterator().next();
            return only.getKey().requirement() + ", needed by " + and(only.getValue())
                    + ", has no installed or allowed stored provider" + only.getKey().why();
        }
        List<String> named = items.entrySet().stream().limit(NAMED)
                .map(item -> item.getKey().requirement() + " needed by " + and(item.getValue()) + item.getKey().why())
                .toList();
        int more = items.size() - named.size();
        return items.size() + " requirements have no installed or allowed stored provider: " + String.join("; ", named)
                + (more == 0 ? "" : "; and " + more + " more");
    }

    /** A requirement in a list, with its reason. */
    private record Item(String requirement, String why) {
    }

    /**
     * A reason as it follows "needed by …" in a list whose heading already says nothing provides
     * it: what is stored instead or why it was left out, if anything.
     */
    private static String inList(String why) {
        String rest = why.startsWith(NOTHING) ? why.substring(NOTHING.length())
                : why.startsWith(NOTHING_STORED) ? why.substring(NOTHING_STORED.length()) : why;
        return rest.equals(NO_EXPORTER) ? "" : rest;
    }

    private static String and(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /**
     * Names a resource of the resolver's message ("name version") by its text, found among the
     * resources the planning offered; the symbolic name alone when it is not among them. The
     * resources are gathered on first use only.
     */
    private static Function<UsesConflict.Node, String> names(PlanningContext planning, List<Resource> roots) {
        Map<String, Resource> byText = new HashMap<>();
        return node -> {
            if (byText.isEmpty()) {
                planning.getWirings().keySet().forEach(r -> byText.putIfAbsent(String.valueOf(r), r));
                Deque<Resource> queue = new ArrayDeque<>(roots);
                Set<Resource> seen = new HashSet<>(roots);
                while (!queue.isEmpty()) {
                    Resource resource = queue.poll();
                    byText.putIfAbsent(String.valueOf(resource), resource);
                    if (planning.getWirings().containsKey(resource)) {
                        continue;
                    }
                    for (Requirement requirement : resource.getRequirements(null)) {
                        if (!planning.isEffective(requirement)) {
                            continue;
                        }
                        for (Capability provider : planning.findProviders(requirement)) {
                            if (seen.add(provider.getResource())) {
                                queue.add(provider.getResource());
                            }
                        }
                    }
                }
            }
            Resource resource = byText.get(node.text());
            return resource == null ? node.symbolicName() : Identity.of(resource).toString();
        };
    }

    /**
     * A fragment that cannot be attached because its host is not the application's: the framework
     * or a bundle of the runtime (its wiring is fixed, so the resolver cannot attach anything new to it).
     */
    private static Optional<String> hostOutsideTheApplication(Resource fragment, Requirement host,
            List<Capability> providers, PlanningContext planning) {
        String filter = host.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        String name = RequirementText.nameIn(filter, HostNamespace.HOST_NAMESPACE);
        String fragmentOf = Identity.of(fragment) + " is a fragment of ";
        if (Constants.SYSTEM_BUNDLE_SYMBOLICNAME.equals(name) || providers.stream().anyMatch(c -> isSystemBundle(c.getResource()))) {
            return Optional.of(fragmentOf + "the system bundle (an extension of the framework), which is part of the "
                    + "runtime and not managed by GTach; the update service never changes the framework");
        }
        if (!providers.isEmpty() && providers.stream().allMatch(c -> planning.getWirings().containsKey(c.getResource()))) {
            return Optional.of(fragmentOf + Identity.of(providers.get(0).getResource()) + ", which is part of the "
                    + "runtime and not managed by GTach; the update service attaches fragments only to the application's bundles");
        }
        return Optional.empty();
    }

    /** Why nothing provides a fragment's host: nothing of that name is stored, or which versions are. */
    private static String hostAbsent(Requirement host, PackageRepository packages) {
        String name = RequirementText.nameIn(host.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, ""),
                HostNamespace.HOST_NAMESPACE);
        String stored = packages.versions(name).stream()
                .map(p -> p.id().symbolicName() + " " + Versions.display(p.id().version()))
                .collect(Collectors.joining(", "));
        return stored.isEmpty() ? NOTHING_STORED : NOTHING + " (stored: " + stored + ")";
    }

    /**
     * Why nothing provides a bundle an application names: another version of it is taken by this
     * request (a bundle runs in one version at a time), or which versions are stored, or none is.
     */
    private static String memberAbsent(Requirement requirement, PackageRepository packages, Map<String, Version> pins) {
        String name = RequirementText.nameIn(requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, ""),
                IdentityNamespace.IDENTITY_NAMESPACE);
        List<PackageInfo> stored = packages.versions(name);
        Version taken = pins.get(name);
        if (taken != null && stored.stream().anyMatch(p -> !p.id().version().equals(taken) && provides(packages, p, requirement))) {
            return ", but this request takes " + name + " " + Versions.display(taken)
                    + ", and a bundle runs in one version at a time";
        }
        String listed = stored.stream()
                .map(p -> p.id().symbolicName() + " " + Versions.display(p.id().version()))
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? NOTHING_STORED : NOTHING + " (stored: " + listed + ")";
    }

    private static boolean isSystemBundle(Resource resource) {
        return resource instanceof BundleRevision revision && revision.getBundle().getBundleId() == Constants.SYSTEM_BUNDLE_ID;
    }

    /**
     * Either the request holds a provider at a version that does not fit (one it moves, one it
     * installs, or one it leaves as it is), or nothing allowed provides it at all. "Moves" is said
     * only of a package whose version the plan changes.
     */
    private static String why(Resource requirer, Requirement requirement, PackageRepository packages,
            Map<String, Version> pins, Map<String, Version> installed, JointUpdate joint) {
        String nothing = NOTHING;
        if (IdentityNamespace.IDENTITY_NAMESPACE.equals(requirement.getNamespace())) {
            return memberAbsent(requirement, packages, pins);
        }
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            return nothing;
        }
        String name = RequirementText.nameIn(requirement.getDirectives().getOrDefault("filter", ""),
                PackageNamespace.PACKAGE_NAMESPACE);
        List<PackageInfo> exporters = packages.exporters(name);
        if (exporters.isEmpty()) {
            return nothing + NO_EXPORTER;
        }
        Identity self = Identity.of(requirer);
        List<String> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> keptNames = new ArrayList<>();
        List<PackageId> moved = new ArrayList<>();
        String itself = null;
        for (PackageInfo p : exporters) {
            String exporter = p.id().symbolicName();
            Version version = p.id().version();
            if (!version.equals(pins.get(exporter))) {
                continue;
            }
            String at = exportedVersion(p, name);
            if (exporter.equals(self.symbolicName()) && version.equals(self.version())) {
                itself = self + " itself exports it at " + at + " only";
            } else if (!installed.containsKey(exporter)) {
                moved.add(p.id());
                changed.add("this request installs " + exporter + " " + Versions.display(version) + ", which exports it at " + at);
            } else if (!installed.get(exporter).equals(version)) {
                moved.add(p.id());
                changed.add("this request moves it to " + exporter + " " + Versions.display(version) + ", which exports it at " + at);
            } else {
                kept.add(exporter + " " + Versions.display(version) + ", which stays installed as it is, exports it at " + at);
                keptNames.add(exporter);
            }
        }
        if (!changed.isEmpty()) {
            changed.addAll(kept);
            return ", but " + String.join(" and ", changed) + ": " + joint.advice(requirer, requirement, moved);
        }
        if (!kept.isEmpty()) {
            List<String> fitting = exporters.stream()
                    .filter(p -> keptNames.contains(p.id().symbolicName()) && provides(packages, p, requirement))
                    .map(p -> moveTo(p.id(), installed.get(p.id().symbolicName())))
                    .toList();
            return ", but " + String.join(" and ", kept) + (fitting.isEmpty()
                    ? ", and no stored version of " + String.join(" or ", keptNames) + " exports it in that range"
                    : ": update to " + String.join(" or ", fitting) + " first, or choose a version that fits");
        }
        if (itself != null) {
            return nothing + " (" + itself + ")";
        }
        String stored = exporters.stream()
                .map(p -> p.id().symbolicName() + " " + Versions.display(p.id().version()) + " exports it at "
                        + exportedVersion(p, name))
                .collect(Collectors.joining(", "));
        return nothing + " (stored: " + stored + ")";
    }

    /**
     * A stored version an installed package could be moved to, with what a move there needs
     * besides naming it: one lower than the installed needs --downgrade, another major version a
     * range or --major (an update without either stays within the major), a pre-release --pre.
     */
    private static String moveTo(PackageId id, Version installed) {
        List<String> needs = new ArrayList<>();
        if (VersionOrder.compare(id.version(), installed) < 0) {
            needs.add("lower than the installed " + Versions.display(installed) + ": add --downgrade");
        } else if (id.version().getMajor() != installed.getMajor()) {
            needs.add("another major version: give a range or add --major");
        }
        if (Versions.isPreRelease(id.version()) && !Versions.isPreRelease(installed)) {
            needs.add("a pre-release: add --pre");
        }
        return id.symbolicName() + " " + Versions.display(id.version())
                + (needs.isEmpty() ? "" : " (" + String.join(", and ", needs) + ")");
    }

    private static boolean provides(PackageRepository packages, PackageInfo info, Requirement requirement) {
        return packages.resource(info.id()).getCapabilities(requirement.getNamespace()).stream()
                .anyMatch(capability -> PlanningContext.satisfies(capability, requirement));
    }

    private static String exportedVersion(PackageInfo info, String name) {
        return info.exports().stream().filter(x -> x.name().equals(name)).map(ExportedPackage::version)
                .map(Object::toString).findFirst().orElse("?");
    }
}
