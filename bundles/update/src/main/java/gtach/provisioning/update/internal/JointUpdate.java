package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.PackageRange;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.framework.Version;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The command that changes both: when an update moves a provider away from what an installed package
 * needs, the same update with that package added, at the newest stored version that takes what the
 * request moves. Named only when that request plans, so that the command a refusal prints is one
 * that works.
 */
final class JointUpdate {

    /** Names no command. */
    static final JointUpdate NONE = new JointUpdate(null, null, Map.of(), together -> false);

    private final UpdateRequest request;
    private final PackageRepository packages;
    private final Map<String, Version> installed;
    private final Predicate<UpdateRequest> plans;

    /**
     * @param installed the managed versions installed now, by symbolic name
     * @param plans whether a request plans
     */
    JointUpdate(UpdateRequest request, PackageRepository packages, Map<String, Version> installed,
            Predicate<UpdateRequest> plans) {
        this.request = request;
        this.packages = packages;
        this.installed = installed;
        this.plans = plans;
    }

    /**
     * What to do when the request moves (or installs) a provider away from what a requirer needs: change
     * both in one request, with the command that does when there is one, or choose a version that fits;
     * when the request names both already, choose versions of them that fit each other.
     *
     * @param requirement the requirer's requirement the request leaves unsatisfied
     * @param moved the providers of it at the versions the request installs or moves to
     */
    String advice(Resource requirer, Requirement requirement, List<PackageId> moved) {
        List<String> named = request == null ? List.of() : request.names();
        String name = Identity.of(requirer).symbolicName();
        List<String> providers = moved.stream().map(PackageId::symbolicName).distinct().toList();
        if (named.contains(name) && !providers.isEmpty() && named.containsAll(providers)) {
            return "choose versions of " + name + " and " + String.join(" and ", providers) + " that fit each other";
        }
        return "change both in one request" + command(requirer, requirement, moved).map(c -> " (" + c + ")").orElse("")
                + ", or choose a version that fits";
    }

    /**
     * The command that updates the requirer together with what this request does, e.g.
     * {@code gtach:update gtach.example.tach '[2,3)' gtach.example.display ^2.0}; empty when the
     * request is not an update of named packages, when the requirer is not installed or already
     * named, or when no stored version of it fits and plans.
     *
     * @param requirement the requirer's requirement the request leaves unsatisfied
     * @param moved the providers of it at the versions the request installs or moves to
     */
    Optional<String> command(Resource requirer, Requirement requirement, List<PackageId> moved) {
        if (request == null || request.action() != UpdateRequest.Action.UPDATE || moved.isEmpty()) {
            return Optional.empty();
        }
        String name = Identity.of(requirer).symbolicName();
        Version now = installed.get(name);
        if (now == null || request.names().contains(name)) {
            return Optional.empty();
        }
        List<Resource> providers = moved.stream().map(packages::resource).toList();
        Optional<Version> fitting = packages.versions(name).stream()
                .map(p -> p.id().version())
                .filter(v -> !v.equals(now))
                .filter(v -> request.preReleases() || !Versions.isPreRelease(v))
                .filter(v -> request.downgrade() || VersionOrder.compare(v, now) > 0)
                .filter(v -> takes(packages.resource(new PackageId(name, v)), providers, requirement.getNamespace()))
                .max(VersionOrder.PRECEDENCE);
        return fitting.map(v -> request.and(new PackageRange(name, Optional.of(range(name, v)))))
                .filter(plans)
                .flatMap(JointUpdate::commandLine);
    }

    /**
     * Whether a version of the requirer takes what the moved providers offer: each of its needs in
     * the namespace that names something they provide, they satisfy.
     */
    private static boolean takes(Resource candidate, List<Resource> providers, String namespace) {
        for (Requirement need : candidate.getRequirements(namespace)) {
            String effective = need.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            if (PlanningContext.isOptional(need) || effective != null && !Namespace.EFFECTIVE_RESOLVE.equals(effective)) {
                continue;
            }
            String needed = RequirementText.nameIn(need.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, ""),
                    namespace);
            List<Capability> named = providers.stream()
                    .flatMap(p -> p.getCapabilities(namespace).stream())
                    .filter(c -> Objects.equals(String.valueOf(c.getAttributes().get(namespace)), needed))
                    .toList();
            if (!named.isEmpty() && named.stream().noneMatch(c -> PlanningContext.satisfies(c, need))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code ^major.minor} when that picks the version (it is the newest stored one the range admits),
     * as an operator would type it; the version itself, which means exactly that version, otherwise.
     */
    private SemanticRange range(String name, Version version) {
        SemanticRange caret = SemanticRange.parse("^" + version.getMajor() + "." + version.getMinor());
        Optional<Version> picked = packages.versions(name).stream()
                .map(p -> p.id().version())
                .filter(v -> Versions.includes(caret, v, request.preReleases()))
                .max(VersionOrder.PRECEDENCE);
        return picked.equals(Optional.of(version)) ? caret : SemanticRange.parse(Versions.display(version));
    }

    /**
     * The request as a Gogo command line: options first, an OSGi range quoted (a bare '[' opens a list).
     * Empty when its packages have different start options, which one command line cannot give.
     */
    static Optional<String> commandLine(UpdateRequest request) {
        List<String> startOptions = request.packages().stream().map(PackageRange::startOptions).distinct().toList();
        if (startOptions.size() > 1) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder("gtach:").append(request.action().name().toLowerCase(Locale.ROOT));
        if (request.preReleases()) {
            line.append(" --pre");
        }
        if (request.downgrade()) {
            line.append(" --downgrade");
        }
        if (request.majorChange()) {
            line.append(" --major");
        }
        startOptions.forEach(line::append);
        for (PackageRange named : request.packages()) {
            line.append(' ').append(named.name());
            named.range().map(SemanticRange::text)
                    .map(text -> text.startsWith("[") || text.startsWith("(") ? "'" + text + "'" : text)
                    .ifPresent(text -> line.append(' ').append(text));
        }
        return Optional.of(line.toString());
    }
}
