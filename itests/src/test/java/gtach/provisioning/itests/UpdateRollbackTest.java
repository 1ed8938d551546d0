package gtach.provisioning.itests;

import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
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
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.tracker.ServiceTracker;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every way an update can fail, driven through the update service in a real Felix with real SCR,
 * Config Admin and health checks: afterwards the previous generation runs exactly as it was (the
 * same bundle, JAR, data area and configuration). Also a successful update and the manual rollbacks.
 * <p>
 * The container is shared by the tests of this class, so each test uses symbolic names of its own.
 * A failing version writes its data area and configuration before it fails (the fixture activator
 * acts in that order), and version 1.0.0 does not write them again when it restarts: the data and
 * configuration the test puts there stand for what the running version wrote earlier, so only a
 * real restore brings them back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpdateRollbackTest extends ProvisioningTestBase {

    private static final String UPDATE_PID = "gtach.provisioning.update";
    private static final int VERIFY_TIMEOUT_SECONDS = 3;

    private PackageRepository repository;
    private ConfigurationAdmin configurationAdmin;
    private UpdateService updates;
    private ServiceTracker<UpdateService, UpdateService> configuredUpdates;
    private Path fixtures;

    @Before
    public void configureShortVerifyTimeout() throws Exception {
        repository = service(PackageRepository.class);
        configurationAdmin = service(ConfigurationAdmin.class);
        fixtures = Files.createTempDirectory("gtach-fixtures");
        Configuration configuration = configurationAdmin.getConfiguration(UPDATE_PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null || !Integer.valueOf(VERIFY_TIMEOUT_SECONDS).equals(properties.get("verifyTimeoutSeconds"))) {
            configuration.update(new Hashtable<>(Map.of("verifyTimeoutSeconds", VERIFY_TIMEOUT_SECONDS)));
        }
        // The reconfigured component publishes its configuration as service properties
        configuredUpdates = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + UpdateService.class.getName()
                + ")(verifyTimeoutSeconds=" + VERIFY_TIMEOUT_SECONDS + "))"), null);
        configuredUpdates.open();
        updates = configuredUpdates.waitForService(TimeUnit.SECONDS.toMillis(10));
        assertThat(updates).as("an UpdateService configured with verifyTimeoutSeconds=" + VERIFY_TIMEOUT_SECONDS
                + " within 10 s").isNotNull();
    }

    @After
    public void closeTracker() {
        configuredUpdates.close();
    }

    // (a)
    @Test
    public void activatorThrowingInStartRollsBackToThePreviousGeneration() throws Exception {
        String bsn = "rollback.activator";
        installVersionOne(bsn, Behaviour.LOG_EVENTS);
        BundleView before = operatorWritesDataAndConfiguration(bsn);
        store(faultyVersion(bsn, Behaviour.FAIL_START));

        UpdateFailedException failure = failedUpdate(bsn, "[1.1,2)");

        assertRolledBack(bsn, before, failure);
        assertThat(events(bsn)).contains("start " + bsn + " 1.1.0").last().isEqualTo("start " + bsn + " 1.0.0");
    }

    // (b)
    @Test
    public void componentWhoseActivateThrowsRollsBack() throws Exception {
        String bsn = "rollback.component";
        installVersionOne(bsn, Behaviour.LOG_EVENTS);
        BundleView before = operatorWritesDataAndConfiguration(bsn);
        store(faultyVersion(bsn, Behaviour.DS_ACTIVATE_FAILS));

        UpdateFailedException failure = failedUpdate(bsn, "[1.1,2)");

        assertRolledBack(bsn, before, failure);
        assertThat(events(bsn)).contains("start " + bsn + " 1.1.0").last().isEqualTo("start " + bsn + " 1.0.0");
        assertThat(service(ServiceComponentRuntime.class).getComponentDescriptionDTOs(managed(bsn)))
                .as("components of the restored 1.0.0").isEmpty();
    }

    // (c)
    @Test
    public void requiredServiceThatNeverAppearsRollsBack() throws Exception {
        String bsn = "rollback.reference";
        installVersionOne(bsn, Behaviour.LOG_EVENTS);
        BundleView before = operatorWritesDataAndConfiguration(bsn);
        store(faultyVersion(bsn, Behaviour.DS_REQUIRES_MISSING_SERVICE));

        UpdateFailedException failure = failedUpdate(bsn, "[1.1,2)");

        assertRolledBack(bsn, before, failure);
        assertThat(events(bsn)).contains("start " + bsn + " 1.1.0").last().isEqualTo("start " + bsn + " 1.0.0");
        assertThat(service(ServiceComponentRuntime.class).getComponentDescriptionDTOs(managed(bsn)))
                .as("components of the restored 1.0.0").isEmpty();
    }

    // (d)
    @Test
    public void failingHealthCheckRollsBack() throws Exception {
        String bsn = "rollback.health";
        installVersionOne(bsn, Behaviour.LOG_EVENTS, Behaviour.HEALTH_PASSES);
        BundleView before = operatorWritesDataAndConfiguration(bsn);
        store(faultyVersion(bsn, Behaviour.HEALTH_FAILS));

        UpdateFailedException failure = failedUpdate(bsn, "[1.1,2)");

        assertRolledBack(bsn, before, failure);
        assertThat(healthCheckNames()).contains(bsn + " 1.0.0").doesNotContain(bsn + " 1.1.0");
    }

    // (e)
    @Test
    public void jarWhoseHashDoesNotMatchChangesNothing() throws Exception {
        String bsn = "rollback.hash";
        installVersionOne(bsn, Behaviour.LOG_EVENTS);
        BundleView before = operatorWritesDataAndConfiguration(bsn);
        List<String> eventsBefore = events(bsn);
        FixtureBundle next = FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS);
        store(next);
        Path stored = repository.root().resolve("packages").resolve(bsn).resolve("1.1.0").resolve("bundle.jar");
        assertThat(stored).isEqualTo(repository.bundleFile(new PackageId(bsn, new Version(1, 1, 0)))).exists();
        // a valid bundle, so that only the hash can tell
        Files.write(stored, FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS).header("Tampered", "true").bytes());

        UpdateException refused = catchThrowableOfType(UpdateException.class,
                () -> updates.apply(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)")))));

        assertThat(refused).as("the update of " + bsn + " to a JAR whose hash does not match").isNotNull();
        assertThat(refused.getMessage()).doesNotContain("\n").containsPattern("(?i)sha-?256|hash|checksum|digest");
        assertThat(view(bsn)).isEqualTo(before);
        assertThat(events(bsn)).as("bundle never stopped").isEqualTo(eventsBefore);
        assertThat(updates.current().number()).isEqualTo(before.generation());
        assertThat(last(updates.history()).outcome()).as("a refusal at staging is no rollback")
                .isEqualTo(Attempt.Outcome.REFUSED);
        assertRunsStoredJar(bsn, "1.0.0");
        assertNoRemovalPending();
    }

    // (f), a fragment added to a host that already runs: the host must be refreshed for it to attach
    @Test
    public void fragmentIsInstalledBesideItsRunningHost() throws Exception {
        String host = "rollback.fragment.late.host";
        String fragment = "rollback.fragment.late";
        Bundle hostBundle = installVersionOne(host, Behaviour.LOG_EVENTS);
        store(FixtureBundle.bundle(fragment, "1.0.0").fragmentOf(host));
        int generation = updates.current().number();

        Generation installed = applied(UpdateRequest.install(fragment, Optional.empty()));

        assertThat(installed.number()).isEqualTo(generation + 1);
        assertThat(managed(fragment).getState()).isEqualTo(Bundle.RESOLVED);
        assertAttached(host, fragment, "1.0.0");
        assertThat(managed(host).getBundleId()).isEqualTo(hostBundle.getBundleId());
        assertThat(managed(host).getState()).isEqualTo(Bundle.ACTIVE);
        assertNoRemovalPending();
    }

    // (f), the update that works
    @Test
    public void fragmentIsUpdatedInPlace() throws Exception {
        String host = "rollback.fragment.host";
        String fragment = "rollback.fragment.ok";
        Bundle fragmentBundle = installHostWithFragment(host, fragment);
        Bundle hostBundle = managed(host);
        int generation = updates.current().number();
        store(FixtureBundle.bundle(fragment, "1.1.0").fragmentOf(host).header("Fixture-Note", "second version"));

        Generation updated = applied(UpdateRequest.update(fragment, Optional.of(SemanticRange.parse("[1.1,2)"))));

        assertThat(updated.number()).isEqualTo(generation + 1);
        assertThat(managed(fragment).getBundleId()).isEqualTo(fragmentBundle.getBundleId());
        assertThat(managed(fragment).getVersion()).isEqualTo(new Version(1, 1, 0));
        assertThat(managed(fragment).getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(managed(host).getBundleId()).isEqualTo(hostBundle.getBundleId());
        assertThat(managed(host).getState()).isEqualTo(Bundle.ACTIVE);
        assertAttached(host, fragment, "1.1.0");
        assertRunsStoredJar(fragment, "1.1.0");
        assertNoRemovalPending();
    }

    // (f), the update that breaks the host
    @Test
    public void fragmentThatBreaksItsHostRollsBack() throws Exception {
        String host = "rollback.fragment.breaks.host";
        String fragment = "rollback.fragment.breaks";
        Bundle fragmentBundle = installHostWithFragment(host, fragment);
        BundleView hostBefore = view(host);
        // the host's activator applies the behaviours of its fragments: this one makes it fail to start
        store(FixtureBundle.bundle(fragment, "1.1.0").fragmentOf(host).behaviour(Behaviour.FAIL_START));

        UpdateFailedException failure = failedUpdate(fragment, "[1.1,2)");

        assertOneSentence(failure, host);
        assertThat(failure.runningGeneration()).isEqualTo(hostBefore.generation());
        assertThat(view(host)).isEqualTo(hostBefore);
        assertThat(managed(fragment).getBundleId()).isEqualTo(fragmentBundle.getBundleId());
        assertThat(managed(fragment).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(managed(fragment).getState()).isEqualTo(Bundle.RESOLVED);
        assertAttached(host, fragment, "1.0.0");
        assertRunsStoredJar(fragment, "1.0.0");
        assertLastAttemptRolledBack(hostBefore);
        assertThat(events(host)).last().isEqualTo("start " + host + " 1.0.0");
        assertNoRemovalPending();
    }

    // (f), a fragment that cannot attach
    @Test
    public void fragmentWithAnImportNobodyExportsChangesNothing() throws Exception {
        String host = "rollback.fragment.unresolved.host";
        String fragment = "rollback.fragment.unresolved";
        installHostWithFragment(host, fragment);
        BundleView hostBefore = view(host);
        BundleView fragmentBefore = fragmentView(fragment);
        store(FixtureBundle.bundle(fragment, "1.1.0").fragmentOf(host).imports("gtach.fixture.nobody.exports"));

        UpdateException failure = catchThrowableOfType(UpdateException.class,
                () -> updates.apply(UpdateRequest.update(fragment, Optional.of(SemanticRange.parse("[1.1,2)")))));

        assertThat(failure).as("the update of " + fragment + " to a version importing a package nobody exports").isNotNull();
        assertThat(failure.getMessage()).doesNotContain("\n").contains("gtach.fixture.nobody.exports");
        assertThat(view(host)).isEqualTo(hostBefore);
        assertThat(fragmentView(fragment)).isEqualTo(fragmentBefore);
        assertAttached(host, fragment, "1.0.0");
        assertThat(updates.current().number()).isEqualTo(hostBefore.generation());
        assertNoRemovalPending();
    }

    // (g), failing on start
    @Test
    public void dataAndConfigurationWrittenByAVersionThatFailsToStartAreRestored() throws Exception {
        String bsn = "rollback.written.start";
        installVersionOne(bsn, Behaviour.LOG_EVENTS);
        BundleView before = operatorWritesDataAndConfiguration(bsn);
        store(faultyVersion(bsn, Behaviour.FAIL_START));

        UpdateFailedException failure = failedUpdate(bsn, "[1.1,2)");

        assertRolledBack(bsn, before, failure);
        assertThat(before.data()).containsEntry("data.txt", "operator data of " + bsn);
        assertThat(before.configuration()).containsEntry("version", "operator");
    }

    // (g), failing its health check after it ran
    @Test
    public void dataAndConfigurationWrittenByAnUnhealthyVersionAreRestored() throws Exception {
        String bsn = "rollback.written.health";
        installVersionOne(bsn, Behaviour.LOG_EVENTS);
        BundleView before = operatorWritesDataAndConfiguration(bsn);
        store(faultyVersion(bsn, Behaviour.HEALTH_FAILS));

        UpdateFailedException failure = failedUpdate(bsn, "[1.1,2)");

        assertRolledBack(bsn, before, failure);
        assertThat(events(bsn)).endsWith("stop " + bsn + " 1.1.0", "start " + bsn + " 1.0.0");
    }

    @Test
    public void successfulUpdateKeepsTheBundleItsDataAndItsConfiguration() throws Exception {
        String bsn = "update.success";
        Bundle installed = installVersionOne(bsn, Behaviour.LOG_EVENTS, Behaviour.WRITE_DATA, Behaviour.WRITE_CONFIG);
        BundleView before = view(bsn);
        assertThat(before.data()).containsEntry("data.txt", bsn + " 1.0.0");
        assertThat(before.configuration()).containsEntry("version", "1.0.0");
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS));

        Generation updated = applied(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)"))));

        assertThat(updated.number()).isEqualTo(before.generation() + 1);
        assertThat(updates.current().number()).isEqualTo(updated.number());
        BundleView after = view(bsn);
        assertThat(after.id()).isEqualTo(installed.getBundleId());
        assertThat(after.version()).isEqualTo("1.1.0");
        assertThat(after.state()).isEqualTo(Bundle.ACTIVE);
        assertThat(after.data()).as("data area kept by the update in place").isEqualTo(before.data());
        assertThat(after.configuration()).as("configuration not touched").isEqualTo(before.configuration());
        assertRunsStoredJar(bsn, "1.1.0");
        assertThat(events(bsn)).endsWith("stop " + bsn + " 1.0.0", "start " + bsn + " 1.1.0");
        Attempt last = last(updates.history());
        assertThat(last.outcome()).isEqualTo(Attempt.Outcome.COMMITTED);
        assertThat(last.generation()).isEqualTo(updated.number());
        assertNoRemovalPending();
    }

    @Test
    public void progressTellsEachStepAsItBegins() throws Exception {
        String bsn = "update.progress";
        installVersionOne(bsn, Behaviour.LOG_EVENTS);
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS));
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();

        updates.apply(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)"))), steps::add);

        assertThat(steps).extracting(step -> step.split(" ")[0])
                .containsExactly("Planning", "Staging", "Applying:", "Saving", "Verifying", "Committing");
        assertThat(steps.get(1)).isEqualTo("Staging 1 of 1 packages: " + bsn + " 1.1.0");

        // A failed attempt says that it puts the previous generation back
        String faulty = "update.progress.faulty";
        installVersionOne(faulty, Behaviour.LOG_EVENTS);
        int running = updates.current().number();
        store(faultyVersion(faulty, Behaviour.FAIL_START));
        List<String> failedSteps = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThat(catchThrowableOfType(UpdateFailedException.class, () -> updates.apply(
                UpdateRequest.update(faulty, Optional.of(SemanticRange.parse("[1.1,2)"))), failedSteps::add))).isNotNull();
        assertThat(failedSteps).last().isEqualTo("Putting generation " + running + " back");
        assertThat(failedSteps).noneMatch(step -> step.startsWith("Committing"));
    }

    @Test
    public void rollbackToThePreviousGenerationReturnsToItAsANewOne() throws Exception {
        String bsn = "manual.rollback.previous";
        Bundle installed = installVersionOne(bsn, Behaviour.LOG_EVENTS);
        Generation first = updates.current();
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS));
        Generation second = applied(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)"))));
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 1, 0));

        Generation third = rolledBack(UpdateService.PREVIOUS);

        assertThat(third.number()).isEqualTo(second.number() + 1);
        assertThat(third.cause()).containsIgnoringCase("rollback");
        assertThat(updates.current().number()).isEqualTo(third.number());
        assertThat(bundleSet(third)).isEqualTo(bundleSet(first));
        assertBackAt(bsn, installed, "1.0.0");
        assertThat(last(updates.history()).outcome()).isEqualTo(Attempt.Outcome.COMMITTED);
        assertThat(last(updates.history()).generation()).isEqualTo(third.number());
    }

    @Test
    public void rollbackToAnEarlierGenerationByNumber() throws Exception {
        String bsn = "manual.rollback.earlier";
        Bundle installed = installVersionOne(bsn, Behaviour.LOG_EVENTS);
        Generation first = updates.current();
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS));
        store(FixtureBundle.bundle(bsn, "1.2.0").behaviour(Behaviour.LOG_EVENTS));
        applied(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,1.2)"))));
        Generation third = applied(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.2,2)"))));
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 2, 0));

        Generation back = rolledBack(first.number());

        assertThat(back.number()).isEqualTo(third.number() + 1);
        assertThat(bundleSet(back)).isEqualTo(bundleSet(first));
        assertThat(updates.history().stream().map(Attempt::generation)).contains(first.number(), third.number(), back.number());
        assertBackAt(bsn, installed, "1.0.0");
        assertThat(events(bsn)).endsWith("stop " + bsn + " 1.2.0", "start " + bsn + " 1.0.0");
    }

    // ---- steps

    private FixtureBundle faultyVersion(String bsn, Behaviour fault) {
        return FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS, Behaviour.WRITE_DATA, Behaviour.WRITE_CONFIG, fault);
    }

    private void store(FixtureBundle fixture) throws Exception {
        Path jar = fixture.writeTo(fixtures);
        List<AddOutcome> outcomes = repository.add(jar.toString());
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
    }

    /** Stores and installs version 1.0.0 through the update service; it runs afterwards. */
    private Bundle installVersionOne(String bsn, Behaviour... behaviours) throws Exception {
        store(FixtureBundle.bundle(bsn, "1.0.0").behaviour(behaviours));
        int generation = updates.current().number();
        Generation installed = applied(UpdateRequest.install(bsn, Optional.empty()));
        assertThat(installed.number()).as("generation after installing " + bsn).isEqualTo(generation + 1);
        Bundle bundle = managed(bsn);
        assertThat(bundle.getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(bundle.getState()).as("state of " + bsn).isEqualTo(Bundle.ACTIVE);
        return bundle;
    }

    /**
     * Stores a host and a fragment of it, both 1.0.0, and installs the fragment, which brings its
     * host: both are new in one transaction, so the fragment attaches as they resolve.
     */
    private Bundle installHostWithFragment(String host, String fragment) throws Exception {
        store(FixtureBundle.bundle(host, "1.0.0").behaviour(Behaviour.LOG_EVENTS));
        store(FixtureBundle.bundle(fragment, "1.0.0").fragmentOf(host));
        int generation = updates.current().number();
        Generation installed = applied(UpdateRequest.install(fragment, Optional.empty()));
        assertThat(installed.number()).as("generation after installing " + fragment + " and its host").isEqualTo(generation + 1);
        Bundle bundle = managed(fragment);
        assertThat(bundle.getState()).as("state of the fragment " + fragment).isEqualTo(Bundle.RESOLVED);
        assertAttached(host, fragment, "1.0.0");
        assertThat(managed(host).getState()).isEqualTo(Bundle.ACTIVE);
        return bundle;
    }

    /**
     * What version 1.0.0 (or an operator) keeps in the bundle's data area and configuration; the
     * configuration is bound to the bundle's location, as one the bundle created itself would be.
     */
    private BundleView operatorWritesDataAndConfiguration(String bsn) throws Exception {
        Bundle bundle = managed(bsn);
        Files.writeString(bundle.getBundleContext().getDataFile("data.txt").toPath(), "operator data of " + bsn);
        Path notes = bundle.getBundleContext().getDataFile("notes/today.txt").toPath();
        Files.createDirectories(notes.getParent());
        Files.writeString(notes, "kept");
        Configuration configuration = configurationAdmin.getConfiguration(bsn, bundle.getLocation());
        configuration.update(new Hashtable<>(Map.of("version", "operator", "note", "edited by hand")));
        return view(bsn);
    }

    /**
     * Applies a request that must commit. Its failure is reported with the service's own sentence,
     * as Pax Exam shows only the innermost cause of an error.
     */
    private Generation applied(UpdateRequest request) {
        try {
            return updates.apply(request);
        } catch (UpdateException e) {
            throw new AssertionError(request + " failed: " + e.getMessage());
        }
    }

    private Generation rolledBack(int generation) {
        try {
            return updates.rollback(generation);
        } catch (UpdateException e) {
            throw new AssertionError("rollback " + generation + " failed: " + e.getMessage());
        }
    }

    private UpdateFailedException failedUpdate(String bsn, String range) {
        UpdateFailedException failure = catchThrowableOfType(UpdateFailedException.class,
                () -> updates.apply(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse(range)))));
        assertThat(failure).as("UpdateFailedException from updating " + bsn + " to " + range).isNotNull();
        return failure;
    }

    // ---- what the tests look at

    /** A managed bundle as a user sees it: identity, version, state, data area, configuration, generation. */
    private record BundleView(long id, String version, int state, Map<String, String> data,
            Map<String, Object> configuration, int generation) {
    }

    private BundleView view(String bsn) throws Exception {
        Bundle bundle = managed(bsn);
        return new BundleView(bundle.getBundleId(), bundle.getVersion().toString(), bundle.getState(), dataArea(bundle),
                configuration(bsn), updates.current().number());
    }

    private BundleView fragmentView(String bsn) throws Exception {
        Bundle bundle = managed(bsn);
        return new BundleView(bundle.getBundleId(), bundle.getVersion().toString(), bundle.getState(), Map.of(), Map.of(),
                updates.current().number());
    }

    private Bundle managed(String bsn) {
        Bundle bundle = context.getBundle("gtach:app:" + bsn);
        assertThat(bundle).as("bundle at location gtach:app:" + bsn).isNotNull();
        return bundle;
    }

    /** Every file in the bundle's data area, by relative path. The bundle must be active. */
    private static Map<String, String> dataArea(Bundle bundle) throws IOException {
        assertThat(bundle.getBundleContext()).as("context of " + bundle.getSymbolicName() + ", so it is active").isNotNull();
        File root = bundle.getBundleContext().getDataFile("");
        Map<String, String> files = new TreeMap<>();
        if (root == null || !root.exists()) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root.toPath())) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.toPath().relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private Map<String, Object> configuration(String pid) throws Exception {
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
        if (found == null) {
            return Map.of();
        }
        assertThat(found).as("configurations with PID " + pid).hasSize(1);
        Map<String, Object> properties = new TreeMap<>();
        Dictionary<String, Object> dictionary = found[0].getProperties();
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            Object value = dictionary.get(key);
            properties.put(key, value instanceof Object[] array ? Arrays.asList(array) : value);
        }
        properties.put("(bound to)", String.valueOf(found[0].getBundleLocation()));
        return properties;
    }

    /** The lines of app-events.log about one bundle. */
    private List<String> events(String bsn) throws IOException {
        Path log = Path.of(context.getProperty("gtach.home"), "app-events.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().filter(line -> line.split(" ").length == 3 && line.split(" ")[1].equals(bsn))
                .toList();
    }

    private List<String> healthCheckNames() throws Exception {
        return context.getServiceReferences(HealthCheck.class, null).stream()
                .map(r -> String.valueOf(r.getProperty(HealthCheck.NAME))).toList();
    }

    private static Map<String, String> bundleSet(Generation generation) {
        return generation.bundles().stream().collect(Collectors.toMap(ManagedBundle::symbolicName,
                b -> b.version() + " " + b.sha256() + " " + b.location()));
    }

    private static <T> T last(List<T> list) {
        assertThat(list).isNotEmpty();
        return list.get(list.size() - 1);
    }

    // ---- assertions

    private void assertRolledBack(String bsn, BundleView before, UpdateFailedException failure) throws Exception {
        assertOneSentence(failure, bsn);
        assertThat(failure.runningGeneration()).as("running generation named by the failure").isEqualTo(before.generation());
        assertThat(view(bsn)).as("%s after the rollback", bsn).isEqualTo(before);
        assertThat(before.version()).isEqualTo("1.0.0");
        assertThat(before.state()).isEqualTo(Bundle.ACTIVE);
        assertRunsStoredJar(bsn, "1.0.0");
        assertLastAttemptRolledBack(before);
        assertNoRemovalPending();
    }

    private static void assertOneSentence(UpdateFailedException failure, String names) {
        assertThat(failure.getMessage()).as("message of the failure").doesNotContain("\n").contains(names)
                .containsIgnoringCase("generation");
    }

    private void assertLastAttemptRolledBack(BundleView before) {
        Attempt last = last(updates.history());
        assertThat(last.outcome()).as("outcome of the last attempt").isEqualTo(Attempt.Outcome.ROLLED_BACK);
        assertThat(last.reason()).as("reason of the last attempt").isNotBlank();
        assertThat(last.generation()).as("generation running after the last attempt").isEqualTo(before.generation());
        assertThat(updates.current().number()).isEqualTo(before.generation());
    }

    /** The current generation records the stored JAR of that version, and the framework runs that version. */
    private void assertRunsStoredJar(String bsn, String version) {
        String stored = repository.get(bsn, version).orElseThrow(() -> new AssertionError(bsn + " " + version + " is not stored"))
                .sha256();
        assertThat(updates.current().bundles()).filteredOn(b -> b.symbolicName().equals(bsn)).singleElement()
                .satisfies(b -> {
                    assertThat(b.version()).isEqualTo(version);
                    assertThat(b.sha256()).isEqualTo(stored);
                    assertThat(b.location()).isEqualTo("gtach:app:" + bsn);
                });
        assertThat(managed(bsn).getVersion()).isEqualTo(Version.parseVersion(version));
    }

    private void assertBackAt(String bsn, Bundle installed, String version) throws IOException {
        Bundle bundle = managed(bsn);
        assertThat(bundle.getBundleId()).as("bundle id of " + bsn).isEqualTo(installed.getBundleId());
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertRunsStoredJar(bsn, version);
        assertThat(events(bsn)).last().isEqualTo("start " + bsn + " " + version);
        assertNoRemovalPending();
    }

    private void assertAttached(String host, String fragment, String fragmentVersion) {
        BundleWiring wiring = managed(host).adapt(BundleWiring.class);
        assertThat(wiring).as("wiring of " + host).isNotNull();
        assertThat(wiring.getProvidedWires("osgi.wiring.host")).as("fragments attached to " + host)
                .extracting(w -> w.getRequirer().getSymbolicName() + " " + w.getRequirer().getVersion())
                .containsExactly(fragment + " " + fragmentVersion);
    }

    private void assertNoRemovalPending() {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        assertThat(wiring.getRemovalPendingBundles()).extracting(Bundle::getSymbolicName).as("bundles pending removal")
                .isEmpty();
    }
}
