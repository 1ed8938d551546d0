package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.remote.RemotePackage;
import gtach.provisioning.repository.remote.RemoteRepositories;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.repository.ContentNamespace;
import org.osgi.service.repository.Repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the planner picks from: the local repository's packages, then those of the fetched remotes
 * that the local repository does not hold (same name and version). A remote package is only a
 * candidate: a plan that picks one names it as a download, and the apply itself reads only local files.
 */
final class CandidateRepository {

    private final Repository local;
    private final Repository remote;
    private final PackageRepository packages;
    private final Map<Resource, Boolean> storedLocally = new HashMap<>();

    /** @param remote the fetched remotes' candidates, or null for the local repository alone */
    CandidateRepository(Repository local, Repository remote, PackageRepository packages) {
        this.local = local;
        this.remote = remote;
        this.packages = packages;
    }

    /** The providers of a requirement: local ones first, then remote ones not stored locally. */
    Collection<Capability> providers(Requirement requirement) {
        Collection<Capability> found = local.findProviders(Set.of(requirement)).getOrDefault(requirement, List.of());
        if (remote == null) {
            return found;
        }
        List<Capability> all = new ArrayList<>(found);
        for (Capability capability : remote.findProviders(Set.of(requirement)).getOrDefault(requirement, List.of())) {
            if (!stored(capability.getResource())) {
                all.add(capability);
            }
        }
        return all;
    }

    /** The versions of a package only the fetched remotes have, with their resources. */
    Map<Version, Resource> remoteVersions(String symbolicName) {
        Map<Version, Resource> versions = new HashMap<>();
        if (remote == null) {
            return versions;
        }
        Requirement identity = new IdentityRequirement(symbolicName);
        for (Capability capability : remote.findProviders(Set.of(identity)).getOrDefault(identity, List.of())) {
            Resource resource = capability.getResource();
            if (!stored(resource)) {
                versions.putIfAbsent(Identity.of(resource).version(), resource);
            }
        }
        return versions;
    }

    private boolean stored(Resource resource) {
        return storedLocally.computeIfAbsent(resource, r -> {
            Identity identity = Identity.of(r);
            return packages.get(identity.symbolicName(), identity.version().toString()).isPresent();
        });
    }

    /** The remote a resource comes from; empty for a stored package or a bundle. */
    static Optional<String> remoteOf(Resource resource) {
        for (Capability identity : resource.getCapabilities(IdentityNamespace.IDENTITY_NAMESPACE)) {
            if (identity.getAttributes().get(RemoteRepositories.REMOTE_ATTRIBUTE) instanceof String remote) {
                return Optional.of(remote);
            }
        }
        return Optional.empty();
    }

    /** A remote resource as the package to download. */
    static RemotePackage download(Resource resource) {
        Identity identity = Identity.of(resource);
        long size = 0;
        for (Capability content : resource.getCapabilities(ContentNamespace.CONTENT_NAMESPACE)) {
            if (content.getAttributes().get(ContentNamespace.CAPABILITY_SIZE_ATTRIBUTE) instanceof Long bytes) {
                size = bytes;
            }
        }
        return new RemotePackage(remoteOf(resource).orElseThrow(), identity.symbolicName(), identity.version().toString(), size);
    }

    /** The SHA-256 a remote resource's signed index gives its JAR. */
    static String sha256(Resource resource) {
        for (Capability content : resource.getCapabilities(ContentNamespace.CONTENT_NAMESPACE)) {
            if (content.getAttributes().get(ContentNamespace.CONTENT_NAMESPACE) instanceof String hash) {
                return hash;
            }
        }
        return "";
    }

    /** A requirement for any version of one symbolic name, as the repository's lookups take it. */
    private record IdentityRequirement(String symbolicName) implements Requirement {

        @Override
        public String getNamespace() {
            return IdentityNamespace.IDENTITY_NAMESPACE;
        }

        @Override
        public Map<String, String> getDirectives() {
            return Map.of(Namespace.REQUIREMENT_FILTER_DIRECTIVE,
                    "(" + IdentityNamespace.IDENTITY_NAMESPACE + "=" + symbolicName + ")");
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Resource getResource() {
            return null;
        }
    }
}
