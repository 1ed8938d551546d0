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
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What GTach says is what runs, and every kept generation can be returned to: drift made with the
 * framework's own operations is seen, refused, repaired or adopted; calls from framework callbacks are
 * refused at once; a restore that did not finish refuses requests until it is finished; what an old
 * version writes while it stops survives a rollback; a collection racing an install never removes what
 * it commits. In a real Felix with SCR and Config Admin; each test uses symbolic names of its own and
 * leaves no drift behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpdateIntegrityTest extends ProvisioningTestBase {

    private static final String UPDATE_PID = "gtach.provisioning.update";
    private static final int TIMEOUT_SECONDS = 3;

    private PackageRepository repository;
    private UpdateService updates;
    private ServiceTracker<UpdateService, UpdateService> configuredUpdates;
    private Path fixtures;

    @Before
    public void configureShortTimeouts() throws Exception {
        repository = service(PackageRepository.class);
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        fixtures = Files.createTempDirectory("gtach-fixtures");
        Configuration configuration = admin.getConfiguration(UPDATE_PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null || !Integer.valueOf(TIMEOUT_SECONDS).equals(properties.get("lifecycleTimeoutSeconds"))) {
            configuration.update(new Hashtable<>(Map.of("verifyTimeoutSeconds", TIMEOUT_SECONDS,
                    "lifecycleTimeoutSeconds", TIMEOUT_SECONDS)));
        }
        configuredUpdates = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + UpdateService.class.getName()
                + ")(lifecycleTimeoutSeconds=" + TIMEOUT_SECONDS + "))"), null);
        configuredUpdates.open();
        updates = configuredUpdates.waitForService(TimeUnit.SECONDS.toMillis(10));
        assertThat(updates).as("an UpdateService with short timeouts within 10 s").isNotNull();
    }

    @After
    public void noDriftIsLeftBehind() throws Exception {
        List<String> drift = updates.drift();
        if (!drift.isEmpty()) {
            updates.repair(step -> { });
        }
        configuredUpdates.close();
        assertThat(drift).as("drift left by the test").isEmpty();
    }

    // ---- drift

    @Test
    public void anUpdateWithTheFrameworksShellIsDriftThatRequestsRefuseUntilRepaired() throws Exception {
        String bsn = "drift.updated";
        Bundle bundle = installVersionOne(bsn);
        Generation generation = updates.current();
        FixtureBundle other = FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.LOG_EVENTS);
        store(FixtureBundle.bundle("drift.updated.other", "1.0.0"));

        // When an operator updates the bundle with the framework's own shell
        bundle.update(new ByteArrayInputStream(other.bytes()));

        // Then the update service says so, refuses requests with what to do, and repair puts 1.0.0 back
        assertThat(updates.drift()).containsExactly("gtach:app:" + bsn + " holds " + bsn + " 1.1.0, but generation "
                + generation.number() + " has " + bsn + " 1.0.0");
        UpdateRefusedException refused = catchThrowableOfType(UpdateRefusedException.class,
                () -> updates.apply(UpdateRequest.install("drift.updated.other", Optional.empty())));
        assertThat(refused).as("a request while there is drift").isNotNull();
        assertThat(refused.getMessage()).startsWith("Cannot install drift.updated.other: the framework does not run generation "
                + generation.number() + " as recorded: gtach:app:" + bsn + " holds " + bsn + " 1.1.0")
                .contains("run gtach:repair to put generation " + generation.number() + " back, or gtach:adopt")
                .endsWith("; nothing was changed.");

        String repaired = updates.repair(step -> { });

        assertThat(repaired).isEqualTo("Generation " + generation.number() + " runs again as recorded (1 difference repaired).");
        assertThat(updates.drift()).isEmpty();
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(managed(bsn).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(updates.current().number()).as("a repair commits nothing").isEqualTo(generation.number());
        assertThat(last(updates.history()).outcome()).isEqualTo(Attempt.Outcome.REPAIRED);
        assertThat(updates.repair(step -> { })).isEqualTo("Nothing to repair: the framework runs generation "
                + generation.number() + " as recorded.");
    }

    @Test
    public void aStopAndAnUninstallWithTheFrameworksShellAreDriftToo() throws Exception {
        String bsn = "drift.stopped";
        String gone = "drift.uninstalled";
        Bundle stopped = installVersionOne(bsn);
        installVersionOne(gone);
        int number = updates.current().number();

        stopped.stop();
        managed(gone).uninstall();

        assertThat(updates.drift()).containsExactlyInAnyOrder(
                bsn + " 1.0.0 is stopped, but generation " + number + " has it running",
                gone + " 1.0.0 is not installed, but generation " + number + " has it");
        updates.repair(step -> { });
        assertThat(managed(bsn).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(managed(gone).getState()).isEqualTo(Bundle.ACTIVE);
        assertRunsStoredJar(gone, "1.0.0");
    }

    @Test
    public void adoptRecordsWhatRunsAndStoresTheJarTheRepositoryLacked() throws Exception {
        String bsn = "drift.adopted";
        Bundle bundle = installVersionOne(bsn);
        Generation before = updates.current();
        byte[] handMade = FixtureBundle.bundle(bsn, "1.3.0").behaviour(Behaviour.LOG_EVENTS).bytes();
        assertThat(repository.get(bsn, "1.3.0")).as("1.3.0 is not stored").isEmpty();
        bundle.update(new ByteArrayInputStream(handMade));

        UpdateResult adopted = updates.adopt(step -> { });

        assertThat(adopted.generation().number()).isEqualTo(before.number() + 1);
        assertThat(adopted.generation().bundles()).filteredOn(b -> b.symbolicName().equals(bsn))
                .extracting(ManagedBundle::version).containsExactly("1.3.0");
        assertThat(repository.get(bsn, "1.3.0")).as("the running JAR, stored").isPresent();
        assertThat(Files.readAllBytes(repository.bundleFile(new PackageId(bsn, new Version(1, 3, 0))))).isEqualTo(handMade);
        assertThat(updates.drift()).isEmpty();
        // and the generation before it can still be returned to
        Generation back = updates.rollback(UpdateService.PREVIOUS);
        assertThat(back.bundles()).filteredOn(b -> b.symbolicName().equals(bsn)).extracting(ManagedBundle::version)
                .containsExactly("1.0.0");
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    // ---- callbacks

    @Test
    public void anUpdateAskedForInsideAnActivatorIsRefusedAtOnce() throws Exception {
        String bsn = "callback.activator";
        store(FixtureBundle.bundle(bsn, "1.0.0").behaviour(Behaviour.UPDATE_IN_START));

        Generation installed = updates.apply(UpdateRequest.install(bsn, Optional.empty()));

        assertThat(installed.bundles()).extracting(ManagedBundle::symbolicName).contains(bsn);
        assertThat(events("update-in-start " + bsn)).singleElement().asString()
                .contains(": refused: Cannot update --all: it was called from inside a bundle activator")
                .endsWith("call the update service from a thread of your own; nothing was changed.");
    }

    @Test
    public void anUpdateAskedForInsideAComponentsActivateIsRefusedAtOnce() throws Exception {
        String bsn = "callback.component";
        store(FixtureBundle.bundle(bsn, "1.0.0").behaviour(Behaviour.DS_UPDATES_IN_ACTIVATE));

        updates.apply(UpdateRequest.install(bsn, Optional.empty()));

        assertThat(events("update-in-activate " + bsn)).singleElement().asString()
                .contains(": refused: Cannot update --all: it was called from inside a Declarative Services component's");
    }

    // ---- failures

    @Test
    public void whatTheOldVersionWritesWhileStoppingSurvivesTheRollback() throws Exception {
        String bsn = "data.on.stop";
        installVersionOne(bsn, Behaviour.WRITE_DATA_ON_STOP);
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.FAIL_START));

        catchThrowableOfType(UpdateFailedException.class,
                () -> updates.apply(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)")))));

        Bundle back = managed(bsn);
        assertThat(back.getVersion()).isEqualTo(new Version(1, 0, 0));
        Path written = back.getBundleContext().getDataFile("stopped.txt").toPath();
        assertThat(written).as("what 1.0.0 wrote in its stop() before the attempt changed it").exists();
        assertThat(Files.readString(written, StandardCharsets.UTF_8)).isEqualTo("stopped " + bsn + " 1.0.0");
    }

    @Test
    public void aRestoreThatDidNotFinishRefusesRequestsUntilRepaired() throws Exception {
        String bsn = "hang.on.stop";
        installVersionOne(bsn);
        Generation generation = updates.current();
        // 1.1.0 starts, fails its health check, and then does not stop in time while it is put back
        store(FixtureBundle.bundle(bsn, "1.1.0").behaviour(Behaviour.HEALTH_FAILS, Behaviour.HANG_ON_STOP));
        Path release = Path.of(context.getProperty("gtach.home"), "release-" + bsn);

        UpdateFailedException failure = catchThrowableOfType(UpdateFailedException.class,
                () -> updates.apply(UpdateRequest.update(bsn, Optional.of(SemanticRange.parse("[1.1,2)")))));

        assertThat(failure).as("the failed update").isNotNull();
        assertThat(failure.getMessage()).contains("back failed too").contains("gtach:repair");
        assertThat(last(updates.history()).outcome()).isEqualTo(Attempt.Outcome.RESTORE_FAILED);
        UpdateRefusedException refused = catchThrowableOfType(UpdateRefusedException.class,
                () -> updates.apply(UpdateRequest.updateAll()));
        assertThat(refused).as("a request while the restore is unfinished").isNotNull();
        assertThat(refused.getMessage()).contains("putting generation " + generation.number()
                + " back after a failed attempt did not finish").endsWith("; nothing was changed.");
        assertThat(updates.drift()).isNotEmpty();

        // When the bundle finally stops, a repair finishes the restore without a restart
        Files.writeString(release, "go");
        waitUntil(() -> managed(bsn).getState() != Bundle.STOPPING, "the hanging stop to end");
        assertThat(updates.repair(step -> { })).startsWith("Generation " + generation.number() + " runs again as recorded");
        assertThat(managed(bsn).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(managed(bsn).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(updates.drift()).isEmpty();
        assertThat(updates.history().stream().filter(a -> a.outcome() == Attempt.Outcome.RECOVERED).count())
                .as("no row says the runtime stopped").isZero();
    }

    @Test
    public void aCollectionRacingASlowInstallNeverRemovesWhatItCommits() throws Exception {
        String bsn = "gc.race";
        store(FixtureBundle.bundle(bsn, "1.0.0").behaviour(Behaviour.SLOW_START));
        store(FixtureBundle.bundle(bsn, "1.1.0"));

        CompletableFuture<Generation> install = CompletableFuture.supplyAsync(() -> {
            try {
                return updates.apply(UpdateRequest.install(bsn, Optional.of(SemanticRange.parse("[1.0,1.1)"))));
            } catch (UpdateException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        waitUntil(() -> context.getBundle("gtach:app:" + bsn) != null, "the install to reach the framework");
        repository.gc(1);
        Generation committed = install.get(30, TimeUnit.SECONDS);

        assertThat(committed.bundles()).filteredOn(b -> b.symbolicName().equals(bsn)).extracting(ManagedBundle::version)
                .containsExactly("1.0.0");
        assertThat(repository.get(bsn, "1.0.0")).as("the package generation " + committed.number() + " runs").isPresent();
    }

    @Test
    public void rollbackToGenerationZeroUninstallsTheWholeApplication() throws Exception {
        installVersionOne("rollback.zero");

        Generation empty = updates.rollback(0);

        assertThat(empty.bundles()).isEmpty();
        assertThat(context.getBundle("gtach:app:rollback.zero")).isNull();
        assertThat(empty.cause()).isEqualTo("rollback to 0");
    }

    // ---- steps

    private void store(FixtureBundle fixture) throws Exception {
        Path jar = fixture.writeTo(fixtures);
        List<AddOutcome> outcomes = repository.add(jar.toString());
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
    }

    private Bundle installVersionOne(String bsn, Behaviour... behaviours) throws Exception {
        store(FixtureBundle.bundle(bsn, "1.0.0").behaviour(Behaviour.LOG_EVENTS).behaviour(behaviours));
        try {
            updates.apply(UpdateRequest.install(bsn, Optional.empty()));
        } catch (UpdateException e) {
            throw new AssertionError("install " + bsn + " failed: " + e.getMessage());
        }
        Bundle bundle = managed(bsn);
        assertThat(bundle.getState()).as("state of " + bsn).isEqualTo(Bundle.ACTIVE);
        return bundle;
    }

    private Bundle managed(String bsn) {
        Bundle bundle = context.getBundle("gtach:app:" + bsn);
        assertThat(bundle).as("bundle at location gtach:app:" + bsn).isNotNull();
        return bundle;
    }

    private void assertRunsStoredJar(String bsn, String version) throws Exception {
        Generation current = updates.current();
        String recorded = current.bundles().stream().filter(b -> b.symbolicName().equals(bsn)).findFirst().orElseThrow().sha256();
        assertThat(repository.get(bsn, version)).hasValueSatisfying(p -> assertThat(p.sha256()).isEqualTo(recorded));
    }

    /** The lines of app-events.log that start with the text. */
    private List<String> events(String prefix) throws Exception {
        Path log = Path.of(context.getProperty("gtach.home"), "app-events.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).toList() : List.of();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Condition condition, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Waited 30 s for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static <T> T last(List<T> list) {
        assertThat(list).isNotEmpty();
        return list.get(list.size() - 1);
    }
}
