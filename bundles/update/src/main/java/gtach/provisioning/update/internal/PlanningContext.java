package gtach.provisioning.update.internal;

import gtach.provisioning.version.VersionOrder;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wiring;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolveContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the resolver sees when planning: the bundles the update service does not manage, as they
 * are wired now (fixed), plus every stored package (candidates). Managed bundles are resolved
 * afresh from their stored packages, so a change can move what they depend on.
 * <p>
 * Candidates are ordered as the plan should prefer them: a fixed bundle first, then the version
 * already installed, then stored versions by SemVer precedence, highest first, then the versions
 * only fetched remotes have, likewise. A symbolic name
 * can be pinned to one version: no other version of it is offered.
 */
final class PlanningContext extends ResolveContext {

    private final List<Resource> mandatory;
    private final Map<Resource, Wiring> fixed;
    private final CandidateRepository repository;
    private final Map<String, Version> installed;
    private final Map<String, Version> pinned;
    private final boolean preReleases;
    private final boolean preferInstalled;
    private final Map<Requirement, List<Capability>> cache = new HashMap<>();
    /** The fixed bundles' capabilities by namespace, then by the value of the attribute named like it. */
    private Map<String, Map<Object, List<Capability>>> fixedByName;

    /**
     * @param mandatory the packages that must be in the result
     * @param fixed the unmanaged bundles' revisions and wirings
     * @param installed the managed versions installed now, by symbolic name
     * @param pinned symbolic names allowed in one version only
     * @param preferInstalled whether an installed version comes before a higher stored one
     */
    PlanningContext(List<Resource> mandatory, Map<Resource, Wiring> fixed, CandidateRepository repository,
            Map<String, Version> installed, Map<String, Version> pinned, boolean preReleases, boolean preferInstalled) {
        this.mandatory = List.copyOf(mandatory);
        this.fixed = fixed;
        this.repository = repository;
        this.installed = installed;
        this.pinned = pinned;
        this.preReleases = preReleases;
        this.preferInstalled = preferInstalled;
    }

    @Override
    public Collection<Resource> getMandatoryResources() {
        return mandatory;
    }

    @Override
    public List<Capability> findProviders(Requirement requirement) {
        return new ArrayList<>(cache.computeIfAbsent(requirement, this::providers));
    }

    /** The providers without the resolver's bookkeeping; also used to explain a failure. */
    List<Capability> providers(Requirement requirement) {
        Filter filter = filterOf(requirement);
        List<Capability> result = new ArrayList<>();
        for (Capability capability : fixedCandidates(requirement)) {
            if (matches(filter, capability)) {
                result.add(capability);
            }
        }
        result.sort(Comparator.comparingLong(c -> bundleId(c.getResource())));
        if (isOptional(requirement) && !result.isEmpty()) {
            // An optional need never pulls a new package in when something installed serves it.
            return result;
        }
        List<Capability> stored = new ArrayList<>();
        for (Capability capability : repository.providers(requirement)) {
            if (offered(capability, requirement, preReleases)) {
                stored.add(capability);
            }
        }
        stored.sort(this::preference);
        result.addAll(stored);
        return result;
    }

    /**
     * The stored providers left out only because they are pre-releases and the request did not
     * allow them, so that a refusal can say so; empty when pre-releases were allowed.
     */
    List<Capability> leftOutAsPreReleases(Requirement requirement) {
        if (preReleases) {
            return List.of();
        }
        List<Capability> leftOut = new ArrayList<>();
        for (Capability capability : repository.providers(requirement)) {
            if (!offered(capability, requirement, false) && offered(capability, requirement, true)) {
                leftOut.add(capability);
            }
        }
        leftOut.sort(this::preference);
        return leftOut;
    }

    /** Whether a stored provider is offered to the resolver: pins, pre-releases, and optional needs. */
    private boolean offered(Capability capability, Requirement requirement, boolean allowPreReleases) {
        Identity identity = Identity.of(capability.getResource());
        Version pin = pinned.get(identity.symbolicName());
        if (pin != null && !pin.equals(identity.version())) {
            return false;
        }
        if (pin == null && !allowPreReleases && Versions.isPreRelease(identity.version())
                && !identity.version().equals(installed.get(identity.symbolicName()))) {
            return false;
        }
        return !isOptional(requirement) || pin != null || installed.containsKey(identity.symbolicName());
    }

    /**
     * The fixed capabilities that may match: those with the one name the filter asks for, when it
     * asks for exactly one (as package, bundle and host requirements do), else all of the namespace.
     * The system bundle alone exports hundreds of packages; matching each requirement's filter
     * against all of them was most of the planning time.
     */
    private List<Capability> fixedCandidates(Requirement requirement) {
        String namespace = requirement.getNamespace();
        if (fixedByName == null) {
            fixedByName = new HashMap<>();
            for (Wiring wiring : fixed.values()) {
                for (Capability capability : wiring.getResourceCapabilities(null)) {
                    Object name = capability.getAttributes().get(capability.getNamespace());
                    fixedByName.computeIfAbsent(capability.getNamespace(), k -> new HashMap<>())
                            .computeIfAbsent(name, k -> new ArrayList<>()).add(capability);
                }
            }
        }
        Map<Object, List<Capability>> byName = fixedByName.getOrDefault(namespace, Map.of());
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        String name = filter == null ? null : onlyName(filter, namespace);
        if (name != null) {
            return byName.getOrDefault(name, List.of());
        }
        List<Capability> all = new ArrayList<>();
        byName.values().forEach(all::addAll);
        return all;
    }

    /** The value a filter requires for the attribute named like the namespace, when it requires exactly one. */
    private static String onlyName(String filter, String namespace) {
        String key = "(" + namespace + "=";
        int at = filter.indexOf(key);
        if (at < 0 || filter.indexOf(key, at + 1) >= 0 || filter.contains("|") || filter.contains("!" + key)) {
            return null;
        }
        int end = filter.indexOf(')', at);
        String value = end < 0 ? null : filter.substring(at + key.length(), end);
        return value == null || value.contains("*") || value.contains("\\") ? null : value;
    }

    private int preference(Capability a, Capability b) {
        Identity ia = Identity.of(a.getResource());
        Identity ib = Identity.of(b.getResource());
        if (preferInstalled) {
            boolean aInstalled = ia.version().equals(installed.get(ia.symbolicName()));
            boolean bInstalled = ib.version().equals(installed.get(ib.symbolicName()));
            if (aInstalled != bInstalled) {
                return aInstalled ? -1 : 1;
            }
        }
        // a stored package before a fetched remote's, which would have to be downloaded first
        boolean aRemote = CandidateRepository.remoteOf(a.getResource()).isPresent();
        boolean bRemote = CandidateRepository.remoteOf(b.getResource()).isPresent();
        if (aRemote != bRemote) {
            return aRemote ? 1 : -1;
        }
        int byVersion = VersionOrder.compare(ib.version(), ia.version());
        return byVersion != 0 ? byVersion : ia.symbolicName().compareTo(ib.symbolicName());
    }

    @Override
    public int insertHostedCapability(List<Capability> capabilities, HostedCapability hostedCapability) {
        capabilities.add(hostedCapability);
        return capabilities.size() - 1;
    }

    @Override
    public boolean isEffective(Requirement requirement) {
        String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
    }

    @Override
    public Map<Resource, Wiring> getWirings() {
        return Collections.unmodifiableMap(fixed);
    }

    static boolean isOptional(Requirement requirement) {
        return Namespace.RESOLUTION_OPTIONAL.equals(requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                || PackageNamespace.RESOLUTION_DYNAMIC.equals(requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
    }

    private static Filter filterOf(Requirement requirement) {
        String text = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (text == null) {
            return null;
        }
        try {
            return FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("The requirement " + requirement + " has an invalid filter: " + text, e);
        }
    }

    /** Whether a capability satisfies a requirement of its namespace, by the requirement's filter. */
    static boolean satisfies(Capability capability, Requirement requirement) {
        return matches(filterOf(requirement), capability);
    }

    private static boolean matches(Filter filter, Capability capability) {
        if (filter != null && !filter.matches(capability.getAttributes())) {
            return false;
        }
        // A capability with mandatory attributes matches only a filter that names them all.
        String mandatoryAttributes = capability.getDirectives().get(Constants.MANDATORY_DIRECTIVE);
        if (mandatoryAttributes != null && filter != null) {
            String text = filter.toString();
            for (String attribute : mandatoryAttributes.split(",")) {
                if (!text.contains("(" + attribute.trim() + "=")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long bundleId(Resource resource) {
        return resource instanceof BundleRevision r ? r.getBundle().getBundleId() : Long.MAX_VALUE;
    }
}
