package gtach.provisioning.shell.internal;

import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The sentence a command answers when a provisioning service it needs is missing, with the reason
 * Declarative Services knows: the component's activation failure, a service it waits for, or that
 * it is disabled.
 */
final class MissingService {

    /** What Declarative Services says about one component. */
    record Component(ComponentDescriptionDTO description, boolean enabled, List<ComponentConfigurationDTO> configurations) {
    }

    private MissingService() {
    }

    /**
     * @param name the service as the operator knows it, such as "update service"
     * @param components every component that provides the service's interface; empty when none
     *        does, or when Declarative Services cannot be asked
     */
    static String sentence(String name, List<Component> components) {
        Optional<String> reason = components.stream().map(MissingService::reason).flatMap(Optional::stream).findFirst();
        return "The " + name + " is not available" + reason.map(r -> ": " + r).orElse("") + "; see gtach:log.";
    }

    private static Optional<String> reason(Component component) {
        String name = component.description().name;
        if (!component.enabled()) {
            return Optional.of("its component " + name + " is disabled");
        }
        for (ComponentConfigurationDTO configuration : component.configurations()) {
            switch (configuration.state) {
                case ComponentConfigurationDTO.FAILED_ACTIVATION:
                    return Optional.of(FailureText.innermostMessage(configuration.failure)
                            .orElse("its component " + name + " failed to activate"));
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                    return Arrays.stream(configuration.unsatisfiedReferences).findFirst()
                            .map(missing -> "it waits for " + interfaceOf(component.description(), missing));
                case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                    return Optional.of("its component " + name + " waits for its configuration");
                default:
                    break;
            }
        }
        return Optional.empty();
    }

    private static String interfaceOf(ComponentDescriptionDTO description, UnsatisfiedReferenceDTO missing) {
        return Arrays.stream(description.references).filter(reference -> reference.name.equals(missing.name))
                .map((ReferenceDTO reference) -> "a " + reference.interfaceName).findFirst()
                .orElse(missing.name);
    }
}
