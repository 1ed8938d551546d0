package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.UpdateService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.util.Arrays;
import java.util.List;

/**
 * The update and repository services as the commands reach them. Their components fail to activate
 * when the state is damaged or the repository path cannot work; the commands must stay registered
 * then, so every reference here is optional, and a missing service is one sentence saying why.
 */
@Component(service = ProvisioningServices.class)
public final class ProvisioningServices {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UpdateService updates;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PackageRepository repository;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime components;

    public ProvisioningServices() {
    }

    /** For tests: the services at hand, either of them null when missing. */
    static ProvisioningServices of(UpdateService updates, PackageRepository repository) {
        ProvisioningServices services = new ProvisioningServices();
        services.updates = updates;
        services.repository = repository;
        return services;
    }

    /** @throws IllegalStateException with one sentence when the update service is missing */
    UpdateService updates() {
        UpdateService service = updates;
        if (service == null) {
            throw new IllegalStateException(MissingService.sentence("update service", providers(UpdateService.class)));
        }
        return service;
    }

    /** @throws IllegalStateException with one sentence when the package repository is missing */
    PackageRepository repository() {
        PackageRepository service = repository;
        if (service == null) {
            throw new IllegalStateException(MissingService.sentence("package repository", providers(PackageRepository.class)));
        }
        return service;
    }

    private List<MissingService.Component> providers(Class<?> type) {
        ServiceComponentRuntime runtime = components;
        if (runtime == null) {
            return List.of();
        }
        return runtime.getComponentDescriptionDTOs().stream()
                .filter(description -> Arrays.asList(description.serviceInterfaces).contains(type.getName()))
                .map(description -> component(runtime, description))
                .toList();
    }

    private static MissingService.Component component(ServiceComponentRuntime runtime, ComponentDescriptionDTO description) {
        return new MissingService.Component(description, runtime.isComponentEnabled(description),
                List.copyOf(runtime.getComponentConfigurationDTOs(description)));
    }
}
