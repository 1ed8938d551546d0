package gtach.provisioning.update.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.HostNamespace;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Explains a failed resolution in one sentence: which requirement of which package has no
 * provider and what the repository has instead, why a fragment cannot attach, or the two chains of
 * a uses-constraint conflict. The resolver's own message is the fallback.
 */
final class Unsatisfied {

    private static final String NOTHING = ", which no installed bundle and no allowed stored package provides";

    private Unsatisfied() {
    }

    /**
     * @param pins the one version each pinned symbolic name may have in this attempt
     * @param installed the managed versions installed now, by symbolic name
     */
    static String explain(PlanningContext planning, List<Resource> roots, PackageRepository packages,
            Map<String, Version> pins, Map<String, Version> installed, ResolutionException e) {
        Deque<Resource> queue = new ArrayDeque<>(roots);
        Set<Resource> seen = new HashSet<>(roots);
        while (!queue.isEmpty()) {
            Resource resource = queue.poll();
            for (Requirement requirement : resource.getRequirements(null)) {
                if (!planning.isEffective(requirement) || PlanningContext.isOptional(requirement)) {
                    continue;
                }
                List<Capability> providers = planning.providers(requirement);
                if (HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace())) {
                    Optional<String> unattachable = unattachable(resource, requirement, providers, planning, packages);
                    if (unattachable.isPresent()) {
                        return unattachable.get();
                    }
                }
                if (providers.isEmpty()) {
                    List<String> preReleases = planning.leftOutAsPreReleases(requirement).stream()
                            .map(c -> Identity.of(c.getResource()))
                            .map(id -> id.symbolicName() + " " + Versions.display(id.version()))
                            .distinct()
                            .toList();
                    return Identity.of(resource) + " needs " + RequirementText.describe(requirement)
                            + (preReleases.isEmpty() ? why(resource, requirement, packages, pins, installed)
                                    : NOTHING + Planner.preReleasesLeftOut(preReleases));
                }
                Resource first = providers.get(0).getResource();
                if (seen.add(first)) {
                    queue.add(first);
                }
            }
        }
        Optional<String> conflict = UsesConflict.explain(e.getMessage(), names(planning, roots));
        if (conflict.isPresent()) {
            return conflict.get();
        }
        String message = e.getMessage() == null ? "the resolver found no consistent set" : e.getMessage();
        return "the resolver found no consistent set (" + message.replaceAll("\\s+", " ").trim() + ")";
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
     * A fragment that cannot be attached: to the framework, to a bundle of the runtime (its wiring is
     * fixed, so the resolver cannot attach anything new to it), or to a host nothing allowed provides.
     */
    private static Optional<String> unattachable(Resource fragment, Requirement host, List<Capability> providers,
            PlanningContext planning, PackageRepository packages) {
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
        if (providers.isEmpty()) {
            String stored = packages.versions(name).stream()
                    .map(p -> p.id().symbolicName() + " " + Versions.display(p.id().version()))
                    .collect(Collectors.joining(", "));
            return Optional.of(fragmentOf + name + RequirementText.range(filter, HostNamespace.HOST_NAMESPACE)
                    + (stored.isEmpty() ? ", which no installed bundle and no stored package provides"
                            : ", which no installed bundle and no allowed stored package provides (stored: " + stored + ")"));
        }
        return Optional.empty();
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
            Map<String, Version> pins, Map<String, Version> installed) {
        String nothing = NOTHING;
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            return nothing;
        }
        String name = RequirementText.nameIn(requirement.getDirectives().getOrDefault("filter", ""),
                PackageNamespace.PACKAGE_NAMESPACE);
        List<PackageInfo> exporters = packages.exporters(name);
        if (exporters.isEmpty()) {
            return nothing + " (the repository has no package exporting it)";
        }
        Identity self = Identity.of(requirer);
        List<String> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> keptNames = new ArrayList<>();
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
                changed.add("this request installs " + exporter + " " + Versions.display(version) + ", which exports it at " + at);
            } else if (!installed.get(exporter).equals(version)) {
                changed.add("this request moves it to " + exporter + " " + Versions.display(version) + ", which exports it at " + at);
            } else {
                kept.add(exporter + " " + Versions.display(version) + ", which stays installed as it is, exports it at " + at);
                keptNames.add(exporter);
            }
        }
        if (!changed.isEmpty()) {
            changed.addAll(kept);
            return ", but " + String.join(" and ", changed) + ": change both in one request, or choose a version that fits";
        }
        if (!kept.isEmpty()) {
            List<String> fitting = exporters.stream()
                    .filter(p -> keptNames.contains(p.id().symbolicName()) && provides(packages, p, requirement))
                    .map(p -> p.id().symbolicName() + " " + Versions.display(p.id().version()))
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

    private static boolean provides(PackageRepository packages, PackageInfo info, Requirement requirement) {
        return packages.resource(info.id()).getCapabilities(requirement.getNamespace()).stream()
                .anyMatch(capability -> PlanningContext.satisfies(capability, requirement));
    }

    private static String exportedVersion(PackageInfo info, String name) {
        return info.exports().stream().filter(x -> x.name().equals(name)).map(ExportedPackage::version)
                .map(Object::toString).findFirst().orElse("?");
    }
}
