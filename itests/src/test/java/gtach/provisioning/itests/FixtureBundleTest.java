package gtach.provisioning.itests;

import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixture bundles in a real Felix, installed straight into the framework: each behaviour does
 * what it says, so the rollback tests can rely on them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FixtureBundleTest extends ProvisioningTestBase {

    private final List<Bundle> fixtures = new ArrayList<>();

    private Bundle install(FixtureBundle fixture) throws BundleException {
        Bundle bundle = context.installBundle("fixture:" + fixture.symbolicName(), new ByteArrayInputStream(fixture.bytes()));
        fixtures.add(bundle);
        return bundle;
    }

    @After
    public void uninstallFixtures() throws BundleException {
        for (Bundle bundle : fixtures) {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
        }
        fixtures.clear();
    }

    @Test
    public void logEventsAppendsStartAndStopLines() throws Exception {
        Bundle bundle = install(FixtureBundle.bundle("fixture.events", "1.0.0").behaviour(Behaviour.LOG_EVENTS));

        bundle.start();
        bundle.stop();

        List<String> lines = Files.readAllLines(Path.of(context.getProperty("gtach.home"), "app-events.log"));
        assertThat(lines).endsWith("start fixture.events 1.0.0", "stop fixture.events 1.0.0");
    }

    @Test
    public void failStartMakesStartThrowAfterTheOtherBehaviours() throws Exception {
        Bundle bundle = install(FixtureBundle.bundle("fixture.failstart", "1.0.0")
                .behaviour(Behaviour.LOG_EVENTS, Behaviour.FAIL_START));

        assertThatThrownBy(bundle::start).isInstanceOf(BundleException.class)
                .hasRootCauseMessage("Fixture fixture.failstart 1.0.0 was built to fail on start");

        assertThat(bundle.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(Files.readAllLines(Path.of(context.getProperty("gtach.home"), "app-events.log")))
                .endsWith("start fixture.failstart 1.0.0");
    }

    @Test
    public void writeDataWritesTheDataFile() throws Exception {
        Bundle bundle = install(FixtureBundle.bundle("fixture.data", "1.0.0").behaviour(Behaviour.WRITE_DATA));

        bundle.start();

        Path data = bundle.getBundleContext().getDataFile("data.txt").toPath();
        assertThat(Files.readString(data, StandardCharsets.UTF_8)).isEqualTo("fixture.data 1.0.0");
    }

    @Test
    public void writeConfigSetsVersionInAConfigurationBoundToTheBundle() throws Exception {
        Bundle bundle = install(FixtureBundle.bundle("fixture.config", "1.0.0").behaviour(Behaviour.WRITE_CONFIG));
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);

        bundle.start();

        Configuration[] found = admin.listConfigurations("(service.pid=fixture.config)");
        try {
            assertThat(found).as("configurations with PID fixture.config").hasSize(1);
            assertThat(found[0].getProperties().get("version")).isEqualTo("1.0.0");
            assertThat(found[0].getBundleLocation()).isEqualTo(bundle.getLocation());
        } finally {
            if (found != null) {
                found[0].delete();
            }
        }
    }

    @Test
    public void failingActivateLeavesItsComponentInFailedActivationAndTheBundleActive() throws Exception {
        Bundle bundle = install(FixtureBundle.bundle("fixture.ds.fails", "1.0.0").behaviour(Behaviour.DS_ACTIVATE_FAILS));

        bundle.start();

        assertComponentReaches(bundle, "fixture.ds.fails.FailingComponent", ComponentConfigurationDTO.FAILED_ACTIVATION);
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    public void missingServiceLeavesTheReferenceUnsatisfied() throws Exception {
        Bundle bundle = install(FixtureBundle.bundle("fixture.ds.missing", "1.0.0")
                .behaviour(Behaviour.DS_REQUIRES_MISSING_SERVICE));

        bundle.start();

        ComponentConfigurationDTO configuration = assertComponentReaches(bundle, "fixture.ds.missing.NeedsMissingService",
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        assertThat(configuration.unsatisfiedReferences).extracting(r -> r.name).containsExactly("missing");
    }

    @Test
    public void workingComponentActivates() throws Exception {
        Bundle bundle = install(FixtureBundle.bundle("fixture.ds.ok", "1.0.0").behaviour(Behaviour.DS_OK));

        bundle.start();

        assertComponentReaches(bundle, "fixture.ds.ok.WorkingComponent", ComponentConfigurationDTO.ACTIVE);
    }

    @Test
    public void healthChecksAnswerAsBuilt() throws Exception {
        install(FixtureBundle.bundle("fixture.hc.passes", "1.0.0").behaviour(Behaviour.HEALTH_PASSES)).start();
        install(FixtureBundle.bundle("fixture.hc.fails", "1.0.0").behaviour(Behaviour.HEALTH_FAILS)).start();

        assertThat(healthCheck("fixture.hc.passes 1.0.0").getStatus()).isEqualTo(Result.Status.OK);
        assertThat(healthCheck("fixture.hc.fails 1.0.0").getStatus()).isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    public void exportedLibraryIsWiredToAndLoadedFromTheExporter() throws Exception {
        Bundle exporter = install(FixtureBundle.bundle("fixture.lib.exporter", "1.1.0")
                .exports("gtach.provisioning.itests.fixture.lib;version=1.1.0"));
        Bundle importer = install(FixtureBundle.bundle("fixture.lib.importer", "1.0.0")
                .imports("gtach.provisioning.itests.fixture.lib;version=\"[1.1,2)\""));

        importer.start();

        List<BundleWire> wires = importer.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        assertThat(wires).filteredOn(w -> "gtach.provisioning.itests.fixture.lib"
                        .equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .singleElement().satisfies(w -> assertThat(w.getProvider().getBundle()).isEqualTo(exporter));
        Class<?> library = importer.loadClass("gtach.provisioning.itests.fixture.lib.FixtureLibrary");
        assertThat(FrameworkUtil.getBundle(library)).isEqualTo(exporter);
        assertThat(library.getMethod("greeting", String.class).invoke(null, "fixture")).isEqualTo("hello fixture");
    }

    @Test
    public void hostAppliesTheBehavioursOfItsFragment() throws Exception {
        Bundle host = install(FixtureBundle.bundle("fixture.host", "1.0.0").behaviour(Behaviour.LOG_EVENTS));
        Bundle fragment = install(FixtureBundle.bundle("fixture.host.fragment", "1.0.0").fragmentOf("fixture.host")
                .behaviour(Behaviour.FAIL_START));

        assertThatThrownBy(host::start).isInstanceOf(BundleException.class)
                .hasRootCauseMessage("Fixture fixture.host 1.0.0 was built to fail on start");

        assertThat(fragment.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(host.adapt(BundleWiring.class).getProvidedWires("osgi.wiring.host"))
                .extracting(w -> w.getRequirer().getBundle()).containsExactly(fragment);
    }

    private Result healthCheck(String name) throws Exception {
        Collection<ServiceReference<HealthCheck>> references = context.getServiceReferences(HealthCheck.class,
                "(" + HealthCheck.NAME + "=" + name + ")");
        assertThat(references).as("health checks named " + name).hasSize(1);
        ServiceReference<HealthCheck> reference = references.iterator().next();
        try {
            return context.getService(reference).execute();
        } finally {
            context.ungetService(reference);
        }
    }

    private ComponentConfigurationDTO assertComponentReaches(Bundle bundle, String component, int state) throws Exception {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        BooleanSupplier reached = () -> {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, component);
            return description != null && scr.getComponentConfigurationDTOs(description).stream().anyMatch(c -> c.state == state);
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reached.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, component);
        assertThat(description).as("component " + component + " of " + bundle.getSymbolicName()).isNotNull();
        Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
        assertThat(configurations).as("configurations of " + component).extracting(c -> c.state).containsExactly(state);
        return configurations.iterator().next();
    }
}
