package gtach.provisioning.itests;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration an operator sets outside the application (as {@code gtach:config} and Gogo's
 * {@code cm:} do, through Config Admin) belongs to the generation it was set under: a factory
 * configuration bound to a member and a member's own PID are kept with it, and a rollback returns to
 * them as that generation last ran, including after a bad value stopped a member.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApplicationConfigurationTest extends ProvisioningTestBase {

    private static final String APP = "gtach.example.app";
    private static final String TACH_PID = "gtach.example.tach.internal.SimulatedTachometer";
    private static final String DISPLAY_PID = "gtach.example.display.internal.ConsoleDisplay";
    private static final String LABELS = "gtach.example.display.labels";

    @Test
    public void configurationSetBesideTheApplicationIsKeptWithItsGenerationAndPutBackByRollbacks() throws Exception {
        PackageRepository repository = service(PackageRepository.class);
        UpdateService updates = service(UpdateService.class);
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
        assertThat(repository.add(packages.toString())).extracting(AddOutcome::status).doesNotContain(AddOutcome.Status.REFUSED);

        // Given the application's first version, and an operator's settings made while it runs:
        // the tachometer's own PID, and a factory configuration bound to the display
        Generation first = apply(updates, UpdateRequest.install(APP, Optional.of(SemanticRange.parse("~1.0.0"))));
        String displayLocation = bundle("gtach.example.display").getLocation();
        set(admin.getConfiguration(TACH_PID, "?"), "idleRpm", 900);
        set(admin.getFactoryConfiguration(LABELS, "operator", displayLocation), "text", "engine");

        // When the application is updated, they stay as they were
        Generation second = apply(updates, UpdateRequest.update(APP, Optional.of(SemanticRange.parse("~1.1.0"))));
        assertThat(value(admin, TACH_PID, "idleRpm")).isEqualTo(900);
        assertThat(value(admin, LABELS + "~operator", "text")).isEqualTo("engine");
        assertThat(value(admin, DISPLAY_PID, "intervalSeconds")).isEqualTo(1);

        // When the operator changes them while the second generation runs, and then rolls back to the first
        set(admin.getConfiguration(TACH_PID, "?"), "idleRpm", 1200);
        admin.getFactoryConfiguration(LABELS, "operator", displayLocation).delete();
        Generation third = rollBack(updates, first.number());

        // Then the first generation's configuration is back as it last ran: the factory configuration too
        assertThat(versions(third)).isEqualTo(versions(first));
        assertThat(value(admin, TACH_PID, "idleRpm")).isEqualTo(900);
        assertThat(value(admin, LABELS + "~operator", "text")).isEqualTo("engine");
        assertThat(value(admin, DISPLAY_PID, "intervalSeconds")).isEqualTo(2);

        // When the operator then sets an interval the display refuses, so that it stops,
        // and rolls back to the second generation
        set(admin.getConfiguration(DISPLAY_PID, "?"), "intervalSeconds", 0);
        awaitDisplayState(ComponentConfigurationDTO.FAILED_ACTIVATION);
        Generation fourth = rollBack(updates, second.number());

        // Then the second generation's configuration is back as it last ran, and the display runs again
        assertThat(versions(fourth)).isEqualTo(versions(second));
        assertThat(value(admin, DISPLAY_PID, "intervalSeconds")).isEqualTo(1);
        assertThat(value(admin, TACH_PID, "idleRpm")).isEqualTo(1200);
        assertThat(value(admin, LABELS + "~operator", "text")).as("the factory configuration deleted under it").isNull();
        awaitDisplayState(ComponentConfigurationDTO.ACTIVE);
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    private static void set(Configuration configuration, String key, Object value) throws Exception {
        Dictionary<String, Object> properties = configuration.getProperties() == null ? new Hashtable<>()
                : configuration.getProperties();
        properties.put(key, value);
        configuration.update(properties);
    }

    /** The property as Config Admin holds it; null when there is no such configuration. */
    private static Object value(ConfigurationAdmin admin, String pid, String key) throws Exception {
        Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? null : found[0].getProperties().get(key);
    }

    /** Config Admin hands a configuration to SCR on a thread of its own. */
    private void awaitDisplayState(int state) throws Exception {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int seen = -1;
        while (System.nanoTime() < deadline) {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle("gtach.example.display"))) {
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    seen = configuration.state;
                }
            }
            if (seen == state) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("the display's component is in state " + seen + ", not " + state);
    }
}
