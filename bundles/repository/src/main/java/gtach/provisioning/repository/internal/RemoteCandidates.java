package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.remote.RemoteRepositories;
import aQute.bnd.osgi.repository.BaseRepository;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.service.repository.ContentNamespace;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The packages of the fetched remotes as an OSGi repository for a resolver. Nothing here touches
 * the network: a resolution that picks one of these resources has to download it (verified against
 * the signed index) before anything can install it.
 * <p>
 * Each resource has its index entry's capabilities and requirements; its {@code osgi.identity}
 * capability also carries {@link RemoteRepositories#REMOTE_ATTRIBUTE} naming the remote, and its
 * {@code osgi.content} URL is absolute. Lookups go by the name a filter pins down, as the local
 * repository's do, so a resolver asking for one package among 10,000 does not test them all.
 */
final class RemoteCandidates extends BaseRepository {

    static final RemoteCandidates NONE = new RemoteCandidates(List.of());

    /** A fetched remote's entries, and where its relative content URLs point. */
    record Source(String remote, URI base, List<RemoteIndexEntry> entries) {
    }

    /** Capabilities by namespace, then by the value of the attribute named like the namespace. */
    private final Map<String, Map<Object, List<Capability>>> byName = new HashMap<>();
    private final Map<String, List<Capability>> byNamespace = new HashMap<>();
    private final int size;

    RemoteCandidates(List<Source> sources) {
        int count = 0;
        for (Source source : sources) {
            for (RemoteIndexEntry entry : source.entries()) {
                RemoteResource resource = new RemoteResource(source.remote(), source.base(), entry);
                for (Capability capability : resource.getCapabilities(null)) {
                    Object name = capability.getAttributes().get(capability.getNamespace());
                    byNamespace.computeIfAbsent(capability.getNamespace(), k -> new ArrayList<>()).add(capability);
                    if (name instanceof String) {
                        byName.computeIfAbsent(capability.getNamespace(), k -> new HashMap<>())
                                .computeIfAbsent(name, k -> new ArrayList<>()).add(capability);
                    }
                }
                count++;
            }
        }
        size = count;
    }

    /** How many resources there are. */
    int size() {
        return size;
    }

    @Override
    public Map<Requirement, Collection<Capability>> findProviders(Collection<? extends Requirement> requirements) {
        Map<Requirement, Collection<Capability>> found = new LinkedHashMap<>();
        for (Requirement requirement : requirements) {
            found.put(requirement, providers(requirement));
        }
        return found;
    }

    private List<Capability> providers(Requirement requirement) {
        String namespace = requirement.getNamespace();
        String text = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (text == null) {
            return List.copyOf(byNamespace.getOrDefault(namespace, List.of()));
        }
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            // no capability satisfies a filter that cannot be read
            return List.of();
        }
        Optional<Set<String>> names = FilterShape.of(text).requiredValues(namespace);
        List<Capability> candidates;
        if (names.isPresent()) {
            candidates = new ArrayList<>();
            for (String name : names.get()) {
                candidates.addAll(byName.getOrDefault(namespace, Map.of()).getOrDefault(name, List.of()));
            }
        } else {
            candidates = byNamespace.getOrDefault(namespace, List.of());
        }
        List<Capability> matching = new ArrayList<>();
        for (Capability capability : candidates) {
            if (filter.matches(capability.getAttributes())) {
                matching.add(capability);
            }
        }
        return matching;
    }

    /** One package of a remote's index, as a resource. */
    private static final class RemoteResource implements Resource {

        private final List<Capability> capabilities;
        private final List<Requirement> requirements;
        private final List<Capability> identity;
        private final String text;

        RemoteResource(String remote, URI base, RemoteIndexEntry entry) {
            text = entry.symbolicName() + " " + entry.version() + " from remote " + remote;
            List<Capability> caps = new ArrayList<>();
            for (CapReqRecord record : entry.capabilities()) {
                Map<String, Object> attributes = new LinkedHashMap<>(record.attributes());
                if (record.namespace().equals(IdentityNamespace.IDENTITY_NAMESPACE)) {
                    attributes.put(RemoteRepositories.REMOTE_ATTRIBUTE, remote);
                } else if (record.namespace().equals(ContentNamespace.CONTENT_NAMESPACE)
                        && attributes.get(ContentNamespace.CAPABILITY_URL_ATTRIBUTE) instanceof String url) {
                    attributes.put(ContentNamespace.CAPABILITY_URL_ATTRIBUTE, base.resolve(url).toString());
                }
                caps.add(new Part(this, record.namespace(), attributes, record.directives()));
            }
            List<Requirement> reqs = new ArrayList<>();
            for (CapReqRecord record : entry.requirements()) {
                reqs.add(new Part(this, record.namespace(), record.attributes(), record.directives()));
            }
            capabilities = List.copyOf(caps);
            requirements = List.copyOf(reqs);
            identity = capabilities.stream().filter(c -> c.getNamespace().equals(IdentityNamespace.IDENTITY_NAMESPACE)).toList();
        }

        @Override
        public List<Capability> getCapabilities(String namespace) {
            if (namespace == null) {
                return capabilities;
            }
            // the planner asks for the identity of every candidate it orders: that one answer is kept
            return namespace.equals(IdentityNamespace.IDENTITY_NAMESPACE) ? identity
                    : capabilities.stream().filter(c -> c.getNamespace().equals(namespace)).toList();
        }

        @Override
        public List<Requirement> getRequirements(String namespace) {
            return namespace == null ? requirements
                    : requirements.stream().filter(r -> r.getNamespace().equals(namespace)).toList();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A capability or requirement of a remote resource; equal only to itself, as its resource is. */
    private static final class Part implements Capability, Requirement {

        private final Resource resource;
        private final String namespace;
        private final Map<String, Object> attributes;
        private final Map<String, String> directives;

        Part(Resource resource, String namespace, Map<String, Object> attributes, Map<String, String> directives) {
            this.resource = resource;
            this.namespace = namespace;
            this.attributes = CapReqText.readOnly(attributes);
            this.directives = CapReqText.readOnly(directives);
        }

        @Override
        public String getNamespace() {
            return namespace;
        }

        @Override
        public Map<String, String> getDirectives() {
            return directives;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public String toString() {
            return namespace + attributes + directives;
        }
    }
}
