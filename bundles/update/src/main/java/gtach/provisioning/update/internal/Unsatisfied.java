package gtach.provisioning.update.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.resolver.ResolutionException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Explains a failed resolution in one sentence: which requirement of which package has no
 * provider, and what the repository has instead. The resolver's own message is the fallback
 * (uses-constraint conflicts, for instance).
 */
final class Unsatisfied {

    private Unsatisfied() {
    }

    static String explain(PlanningContext planning, List<Resource> roots, PackageRepository packages,
            Map<String, Version> pins, ResolutionException e) {
        Deque<Resource> queue = new ArrayDeque<>(roots);
        Set<Resource> seen = new HashSet<>(roots);
        while (!queue.isEmpty()) {
            Resource resource = queue.poll();
            for (Requirement requirement : resource.getRequirements(null)) {
                if (!planning.isEffective(requirement) || PlanningContext.isOptional(requirement)) {
                    continue;
                }
                List<Capability> providers = planning.providers(requirement);
                if (providers.isEmpty()) {
                    return Identity.of(resource) + " needs " + RequirementText.describe(requirement)
                            + why(requirement, packages, pins);
                }
                Resource first = providers.get(0).getResource();
                if (seen.add(first)) {
                    queue.add(first);
                }
            }
        }
        String message = e.getMessage() == null ? "the resolver found no consistent set" : e.getMessage();
        return "the resolver found no consistent set (" + message.replaceAll("\\s+", " ").trim() + ")";
    }

    /** Either the request itself holds a provider at the wrong version, or nothing allowed provides it at all. */
    private static String why(Requirement requirement, PackageRepository packages, Map<String, Version> pins) {
        String nothing = ", which no installed bundle and no allowed stored package provides";
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            return nothing;
        }
        String name = RequirementText.nameIn(requirement.getDirectives().getOrDefault("filter", ""),
                PackageNamespace.PACKAGE_NAMESPACE);
        List<PackageInfo> exporters = packages.exporters(name);
        if (exporters.isEmpty()) {
            return nothing + " (the repository has no package exporting it)";
        }
        String pinned = exporters.stream()
                .filter(p -> p.id().version().equals(pins.get(p.id().symbolicName())))
                .map(p -> p.id().symbolicName() + " " + Versions.display(p.id().version()) + ", which exports it at "
                        + exportedVersion(p, name))
                .distinct()
                .collect(Collectors.joining(" and "));
        if (!pinned.isEmpty()) {
            return ", but this request moves it to " + pinned + ": change both in one request, or choose a version that fits";
        }
        String stored = exporters.stream()
                .map(p -> p.id().symbolicName() + " " + Versions.display(p.id().version()) + " exports it at "
                        + exportedVersion(p, name))
                .collect(Collectors.joining(", "));
        return nothing + " (stored: " + stored + ")";
    }

    private static String exportedVersion(PackageInfo info, String name) {
        return info.exports().stream().filter(x -> x.name().equals(name)).map(ExportedPackage::version)
                .map(Object::toString).findFirst().orElse("?");
    }
}
