package gtach.provisioning.shell.internal;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MissingServiceTest {

    private static final String TRACE = String.join("\n",
            "org.osgi.service.component.ComponentException: java.lang.reflect.InvocationTargetException",
            "\tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:326)",
            "Caused by: java.lang.reflect.InvocationTargetException",
            "\tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)",
            "Caused by: java.lang.IllegalStateException: /home/pi/.gtach/state/current holds \"abc\", not a generation number.",
            "\tat gtach.provisioning.update.internal.UpdateComponent.<init>(UpdateComponent.java:80)",
            "\t... 12 more");

    @Test
    void failedActivationIsTheInnermostMessage() {
        // Given an update component whose constructor threw
        ComponentConfigurationDTO failed = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        failed.failure = TRACE;

        // Then the sentence carries its message, without the wrappers
        assertThat(MissingService.sentence("update service", List.of(component(true, failed))))
                .isEqualTo("The update service is not available: /home/pi/.gtach/state/current holds \"abc\", "
                        + "not a generation number; see gtach:log.");
    }

    @Test
    void fileSystemFailureSaysWhatHappenedToThePath() {
        ComponentConfigurationDTO failed = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        failed.failure = "java.lang.reflect.InvocationTargetException\n\tat x.Y.z(Y.java:1)\n"
                + "Caused by: java.nio.file.FileAlreadyExistsException: /home/pi/.gtach/repository\n\tat x.Y.z(Y.java:2)";

        assertThat(MissingService.sentence("package repository", List.of(component(true, failed))))
                .isEqualTo("The package repository is not available: /home/pi/.gtach/repository: file already exists;"
                        + " see gtach:log.");
    }

    @Test
    void disabledComponentIsSaid() {
        assertThat(MissingService.sentence("update service", List.of(component(false))))
                .isEqualTo("The update service is not available: its component gtach.update is disabled; see gtach:log.");
    }

    @Test
    void unsatisfiedReferenceNamesTheServiceItWaitsFor() {
        ComponentConfigurationDTO waiting = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        UnsatisfiedReferenceDTO missing = new UnsatisfiedReferenceDTO();
        missing.name = "repository";
        waiting.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {missing};

        assertThat(MissingService.sentence("update service", List.of(component(true, waiting))))
                .isEqualTo("The update service is not available: it waits for a "
                        + "gtach.provisioning.repository.PackageRepository; see gtach:log.");
    }

    @Test
    void noKnownReasonIsStillOneSentence() {
        assertThat(MissingService.sentence("package repository", List.of()))
                .isEqualTo("The package repository is not available; see gtach:log.");
    }

    @Test
    void commandsAnswerTheSentenceWhenTheirServiceIsMissing() {
        // Given commands whose services are both missing
        UpdateCommands updates = new UpdateCommands(ProvisioningServices.of(null, null));
        RepositoryCommands repository = new RepositoryCommands(ProvisioningServices.of(null, null));

        // Then each says which service is missing, in a sentence
        assertThatThrownBy(() -> updates.history(null, false)).isInstanceOf(IllegalStateException.class)
                .hasMessage("The update service is not available; see gtach:log.");
        assertThatThrownBy(() -> repository.list(null, false)).isInstanceOf(IllegalStateException.class)
                .hasMessage("The package repository is not available; see gtach:log.");
    }

    private static MissingService.Component component(boolean enabled, ComponentConfigurationDTO... configurations) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = "gtach.update";
        ReferenceDTO repository = new ReferenceDTO();
        repository.name = "repository";
        repository.interfaceName = "gtach.provisioning.repository.PackageRepository";
        description.references = new ReferenceDTO[] {repository};
        return new MissingService.Component(description, enabled, List.of(configurations));
    }

    private static ComponentConfigurationDTO configuration(int state) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        return configuration;
    }
}
