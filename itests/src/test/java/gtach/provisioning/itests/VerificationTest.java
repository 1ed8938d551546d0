package gtach.provisioning.itests;

import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateFailedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import org.apache.felix.hc.api.HealthCheck;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Verification beyond bundle states and immediate components, in a real Felix with SCR, the OSGi
 * Log Service and the Felix general health checks: an ERROR logged by a changed bundle, a delayed
 * component that fails when first used, and a health check configured with no code each roll the
 * change back, with a sentence that says what was seen; what passes them commits.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VerificationTest extends ProvisioningTestBase {

    private static final String UPDATE_PID = "gtach.provisioning.update";
    private static final String SERVICES_CHECK = "org.apache.felix.hc.generalchecks.ServicesCheck";
    private static final int VERIFY_TIMEOUT_SECONDS = 3;

    private PackageRepository repository;
    private ConfigurationAdmin configurationAdmin;
    private UpdateService updates;
    private Path fixtures;
    /** Open until the test ends: releasing the update service would deactivate it under the test's feet. */
    private final List<ServiceTracker<UpdateService, UpdateService>> configured = new java.util.ArrayList<>();

    @Before
    public void configureShortVerifyTimeout() throws Exception {
        repository = service(PackageRepository.class);
        configurationAdmin = service(ConfigurationAdmin.class);
        fixtures = Files.createTempDirectory("gtach-verification-fixtures");
        updates = configureUpdates(Map.of("verifyTimeoutSeconds", VERIFY_TIMEOUT_SECONDS),
                "(verifyTimeoutSeconds=" + VERIFY_TIMEOUT_SECONDS + ")(!(verifyLoggedErrorsIgnoredFor=*))");
    }

    @After
    public void releaseUpdateServices() {
        configured.forEach(ServiceTracker::close);
        configured.clear();
    }

    @After
    public void deleteChecks() throws Exception {
        Configuration[] checks = configurationAdmin.listConfigurations("(service.factoryPid=" + SERVICES_CHECK + ")");
        if (checks != null) {
            for (Configuration check : checks) {
                check.delete();
            }
        }
    }

    @Test
    public void anErrorLoggedByTheNewVersionRollsBackAndIsQuoted() throws Exception {
        String bsn = "verify.logged";
        installVersionOne(bsn);
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.LOG_ERROR));

        UpdateFailedException failure = failedUpdate(bsn);

        assertThat(failure.getMessage()).doesNotContain("\n")
                .contains(bsn + " 1.1.0 logged an error: \"fixture " + bsn + " 1.1.0 cannot bind its port\"")
                .endsWith("is running again.");
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(managed(bsn).getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    public void anErrorLoggedByABundleConfiguredAsIgnoredDoesNotFailTheChange() throws Exception {
        String bsn = "verify.logged.ignored";
        installVersionOne(bsn);
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.LOG_ERROR));
        UpdateService ignoring = configureUpdates(Map.of("verifyTimeoutSeconds", VERIFY_TIMEOUT_SECONDS,
                "verifyLoggedErrorsIgnoredFor", new String[] {"some.other.bundle", bsn}), "(verifyLoggedErrorsIgnoredFor=" + bsn + ")");
        try {
            Generation generation = ignoring.apply(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)"))));
            assertThat(generation.bundles()).anySatisfy(b -> {
                assertThat(b.symbolicName()).isEqualTo(bsn);
                assertThat(b.version()).isEqualTo("1.1.0");
            });
        } catch (UpdateException e) {
            throw new AssertionError("the update failed although " + bsn + " is ignored: " + e.getMessage());
        } finally {
            updates = configureUpdates(Map.of("verifyTimeoutSeconds", VERIFY_TIMEOUT_SECONDS),
                    "(verifyTimeoutSeconds=" + VERIFY_TIMEOUT_SECONDS + ")(!(verifyLoggedErrorsIgnoredFor=*))");
        }
    }

    @Test
    public void aDelayedComponentWhoseActivateThrowsIsActivatedAndRollsBack() throws Exception {
        String bsn = "verify.delayed";
        installVersionOne(bsn);
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.DS_DELAYED_ACTIVATE_FAILS));

        UpdateFailedException failure = failedUpdate(bsn);

        assertThat(failure.getMessage()).doesNotContain("\n")
                .contains("the component " + bsn + ".FailingDelayedComponent of " + bsn + " 1.1.0 failed to activate"
                        + " when its service was requested")
                .endsWith("is running again.");
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    @Test
    public void aConfiguredServicesCheckThatFailsRollsBackAndOneThatPassesCommits() throws Exception {
        String bsn = "verify.services";
        installVersionOne(bsn);
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS));
        servicesCheck("needs-sensor", "sensor needed", "com.example.sensor.Sensor");

        UpdateFailedException failure = failedUpdate(bsn);

        assertThat(failure.getMessage()).doesNotContain("\n")
                .contains("the health check sensor needed reports TEMPORARILY_UNAVAILABLE")
                .contains("com.example.sensor.Sensor")
                .endsWith("is running again.");
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 0, 0));

        deleteChecks();
        servicesCheck("needs-config-admin", "config admin needed", ConfigurationAdmin.class.getName());
        Generation generation = applied(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)"))));
        assertThat(generation.bundles()).anySatisfy(b -> {
            assertThat(b.symbolicName()).isEqualTo(bsn);
            assertThat(b.version()).isEqualTo("1.1.0");
        });
    }

    // ---- helpers

    /** A ServicesCheck made the way an operator makes one: a factory configuration, no code. */
    private void servicesCheck(String name, String checkName, String service) throws Exception {
        Configuration check = configurationAdmin.getFactoryConfiguration(SERVICES_CHECK, name, "?");
        check.update(new Hashtable<>(Map.of("hc.name", checkName, "services.list", new String[] {service})));
        ServiceTracker<HealthCheck, HealthCheck> registered = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + HealthCheck.class.getName() + ")(hc.name=" + checkName + "))"), null);
        registered.open();
        try {
            assertThat(registered.waitForService(TimeUnit.SECONDS.toMillis(10))).as("the check " + checkName).isNotNull();
        } finally {
            registered.close();
        }
    }

    /** Configures the update service and waits until it runs with that configuration (its service properties show it). */
    private UpdateService configureUpdates(Map<String, Object> properties, String filter) throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(UPDATE_PID, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        configuration.update(new Hashtable<>(properties));
        ServiceTracker<UpdateService, UpdateService> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + UpdateService.class.getName() + ")" + filter + ")"), null);
        tracker.open();
        configured.add(tracker);
        UpdateService service = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
        assertThat(service).as("an UpdateService with " + filter + " within 10 s (was " + current + ")").isNotNull();
        return service;
    }

    private void store(FixtureBundle fixture) throws Exception {
        List<AddOutcome> outcomes = repository.add(fixture.writeTo(fixtures).toString());
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
    }

    private void installVersionOne(String bsn) throws Exception {
        store(FixtureBundle.bundle(bsn, "1.0.0").behaviour(Behaviour.LOG_EVENTS));
        applied(UpdateRequest.install(bsn, Optional.empty()));
        assertThat(managed(bsn).getState()).as("state of " + bsn).isEqualTo(Bundle.ACTIVE);
    }

    private UpdateFailedException failedUpdate(String bsn) {
        UpdateFailedException failure = catchThrowableOfType(UpdateFailedException.class,
                () -> updates.apply(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)")))));
        assertThat(failure).as("UpdateFailedException from updating " + bsn).isNotNull();
        return failure;
    }

    /** Pax Exam shows only the innermost cause of an error, so the service's own sentence is put in the assertion. */
    private Generation applied(UpdateRequest request) {
        try {
            return updates.apply(request);
        } catch (UpdateException e) {
            throw new AssertionError(request + " failed: " + e.getMessage());
        }
    }

    private Bundle managed(String bsn) {
        Bundle bundle = context.getBundle("gtach:app:" + bsn);
        assertThat(bundle).as("bundle at location gtach:app:" + bsn).isNotNull();
        return bundle;
    }
}
