package gtach.provisioning.itests;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateFailedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The example application as one unit in a real Felix with SCR, Config Admin and Felix Configurator:
 * installing the application bundle brings its members and its configuration, an update moves both,
 * a faulty configuration fails its change and is put back, and a rollback returns to the members and
 * configuration of an earlier generation. An application that would configure the runtime is refused
 * before anything changes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApplicationTest extends ProvisioningTestBase {

    private static final String APP = "gtach.example.app";
    private static final String DISPLAY_PID = "gtach.example.display.internal.ConsoleDisplay";

    @Test
    public void anApplicationInstallsUpdatesFailsOnABadConfigurationAndRollsBackWithItsConfiguration() throws Exception {
        PackageRepository repository = service(PackageRepository.class);
        UpdateService updates = service(UpdateService.class);
        ConfigurationAdmin configurations = service(ConfigurationAdmin.class);
        Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
        assertThat(repository.add(packages.toString())).extracting(AddOutcome::status).doesNotContain(AddOutcome.Status.REFUSED);

        Generation first = apply(updates, UpdateRequest.install(APP, Optional.of(SemanticRange.parse("~1.0.0"))));
        assertThat(versions(first)).containsEntry(APP, "1.0.0").containsEntry("gtach.example.tach", "1.0.0")
                .containsEntry("gtach.example.display", "1.0.0");
        assertThat(interval(configurations)).isEqualTo(2);

        Generation second = apply(updates, UpdateRequest.update(APP, Optional.of(SemanticRange.parse("~1.1.0"))));
        assertThat(versions(second)).containsEntry(APP, "1.1.0").containsEntry("gtach.example.tach", "1.1.0");
        assertThat(interval(configurations)).isEqualTo(1);

        UpdateFailedException faulty = catchThrowableOfType(UpdateFailedException.class,
                () -> updates.apply(UpdateRequest.update(APP, Optional.of(SemanticRange.parse("~1.2.0")))));
        assertThat(faulty).as("the update to the faulty configuration").isNotNull();
        assertThat(faulty.getMessage()).contains("the display interval must be at least 1 s, not 0 s")
                .endsWith("generation " + second.number() + " is running again.");
        assertThat(updates.current().number()).isEqualTo(second.number());
        assertThat(interval(configurations)).isEqualTo(1);

        Generation back = rollBack(updates, first.number());
        assertThat(versions(back)).isEqualTo(versions(first));
        assertThat(interval(configurations)).isEqualTo(2);
    }

    @Test
    public void anApplicationThatConfiguresTheRuntimeIsRefusedBeforeAnythingChanges() throws Exception {
        PackageRepository repository = service(PackageRepository.class);
        UpdateService updates = service(UpdateService.class);
        Path jar = Files.createTempDirectory("gtach-app").resolve("bad-app.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "bad.app");
        main.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry("OSGI-INF/configurator/bad.json"));
            zip.write("{\"gtach.provisioning.update\": {\"verifyTimeoutSeconds:Integer\": 1}}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(repository.add(jar.toString())).singleElement().extracting(AddOutcome::status)
                .isEqualTo(AddOutcome.Status.ADDED);
        int before = updates.current().number();

        UpdateException refused = catchThrowableOfType(UpdateException.class,
                () -> updates.apply(UpdateRequest.install("bad.app", Optional.empty())));

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).doesNotContain("\n").contains("bad.app 1.0.0 carries OSGI-INF/configurator/bad.json,"
                + " which configures gtach.provisioning.update, a setting of the runtime itself").endsWith("nothing was changed.");
        assertThat(updates.current().number()).isEqualTo(before);
        assertThat(context.getBundle("gtach:app:bad.app")).isNull();
    }

    /** The display's interval as Config Admin holds it, once the Configurator has written it. */
    private static Object interval(ConfigurationAdmin configurations) throws Exception {
        Configuration[] found = configurations.listConfigurations("(service.pid=" + DISPLAY_PID + ")");
        assertThat(found).as("the display's configuration").isNotNull().hasSize(1);
        return found[0].getProperties().get("intervalSeconds");
    }
}
