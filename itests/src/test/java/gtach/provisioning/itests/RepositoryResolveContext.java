package gtach.provisioning.itests;

import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wiring;
import org.osgi.service.repository.Repository;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolveContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Resolve the given resources with the framework's system bundle plus whatever the repository provides. */
final class RepositoryResolveContext extends ResolveContext {

    private final Collection<Resource> mandatory;
    private final Repository repository;
    private final BundleRevision system;

    RepositoryResolveContext(Collection<Resource> mandatory, Repository repository, BundleRevision system) {
        this.mandatory = mandatory;
        this.repository = repository;
        this.system = system;
    }

    @Override
    public Collection<Resource> getMandatoryResources() {
        return mandatory;
    }

    @Override
    public List<Capability> findProviders(Requirement requirement) {
        List<Capability> providers = new ArrayList<>();
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        for (Capability capability : system.getCapabilities(requirement.getNamespace())) {
            if (matches(filter, capability)) {
                providers.add(capability);
            }
        }
        providers.addAll(repository.findProviders(List.of(requirement)).get(requirement));
        return providers;
    }

    private static boolean matches(String filter, Capability capability) {
        try {
            return filter == null || org.osgi.framework.FrameworkUtil.createFilter(filter).matches(capability.getAttributes());
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public int insertHostedCapability(List<Capability> capabilities, HostedCapability hosted) {
        capabilities.add(hosted);
        return capabilities.size() - 1;
    }

    @Override
    public boolean isEffective(Requirement requirement) {
        String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
    }

    @Override
    public Map<Resource, Wiring> getWirings() {
        return Map.of(system, system.getWiring());
    }
}
