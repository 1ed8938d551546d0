package gtach.provisioning.itests;

import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.itests.fixture.FixtureBundle.Behaviour;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.HeldClassLoader;
import gtach.provisioning.update.LeakReport;
import gtach.provisioning.update.UpdateFailedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static gtach.provisioning.itests.fixture.FixtureBundle.bundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The leak report in a real Felix with SCR: after an update, a bundle that keeps an object of the
 * replaced revision's class keeps that revision's class loader, and the report names both; a bundle
 * that lets go of it does not; and many update and rollback cycles of the example application leave
 * nothing held and Metaspace flat.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LeakReportTest extends ProvisioningTestBase {

    private static final String PROVIDER = "leak.provider";
    private static final int CYCLES = 50;
    private static final int WARM_UP = 25;
    /** The classes of one revision of the example tachometer (its component, API and internals). */
    private static final int REVISION_CLASSES = 4;

    @Test
    public void aConsumerThatKeepsTheOldServiceObjectIsReportedAsHoldingTheOldRevision() throws Exception {
        UpdateService updates = service(UpdateService.class);
        store(provider("1.0.0"), provider("1.1.0"), bundle("leak.holder", "1.0.0").behaviour(Behaviour.HOLD_TOKENS));
        apply(updates, UpdateRequest.install(PROVIDER, range("1.0.0")));
        apply(updates, UpdateRequest.install("leak.holder", Optional.empty()));

        // When the provider is updated: the holder is not wired to it, so it is not restarted, and keeps the old token
        apply(updates, UpdateRequest.update(PROVIDER, range("~1.1.0")));
        LeakReport report = updates.checkLeaks();

        // Then the old provider's class loader is held, and the holder is named
        assertThat(heldOf(report, PROVIDER + " 1.0.0")).singleElement().satisfies(held ->
                assertThat(held.heldBy()).containsExactly("leak.holder 1.0.0"));
        assertThat(report.restartRecommended()).isTrue();
        assertThat(report.summary()).contains("leak.holder 1.0.0 holds leak.provider 1.0.0");
        assertThat(report.metaspaceUsedBytes()).isPositive();
        // and the report made in the background after the change says the same, once it ran
        LeakReport background = awaitBackgroundReportAfter(updates, report.checked());
        assertThat(heldOf(background, PROVIDER + " 1.0.0")).hasSize(1);

        // When the holder goes, so does what it held
        apply(updates, UpdateRequest.uninstall("leak.holder"));
        LeakReport after = updates.checkLeaks();
        assertThat(heldOf(after, PROVIDER + " 1.0.0")).isEmpty();
        assertThat(heldOf(after, "leak.holder 1.0.0")).isEmpty();
    }

    @Test
    public void aConsumerThatLetsGoIsNotReported() throws Exception {
        UpdateService updates = service(UpdateService.class);
        store(provider("1.0.0"), provider("1.1.0"), bundle("leak.polite", "1.0.0").behaviour(Behaviour.USE_TOKENS_ONCE));
        apply(updates, UpdateRequest.install(PROVIDER, range("1.0.0")));
        apply(updates, UpdateRequest.install("leak.polite", Optional.empty()));

        apply(updates, UpdateRequest.update(PROVIDER, range("~1.1.0")));
        LeakReport report = updates.checkLeaks();

        assertThat(heldOf(report, PROVIDER)).isEmpty();
        assertThat(report.removalPending()).isEmpty();

        // nor is what a failed update put back: the revision it started from runs again, and is not old
        store(provider("1.2.0").behaviour(Behaviour.FAIL_START));
        assertThat(catchThrowable(() -> updates.apply(UpdateRequest.update(PROVIDER, range("~1.2.0")))))
                .isInstanceOf(UpdateFailedException.class);
        assertThat(heldOf(updates.checkLeaks(), PROVIDER)).isEmpty();
    }

    @Test
    public void fiftyUpdateAndRollbackCyclesOfTheExampleApplicationLeaveNothingHeldAndMetaspaceFlat() throws Exception {
        UpdateService updates = service(UpdateService.class);
        Path packages = Path.of(System.getProperty("example.packages")).toAbsolutePath();
        assertThat(service(PackageRepository.class).add(packages.toString())).extracting(AddOutcome::status)
                .doesNotContain(AddOutcome.Status.REFUSED);
        apply(updates, UpdateRequest.install("gtach.example.tach", range("~1.0.0")));
        apply(updates, UpdateRequest.install("gtach.example.display", range("^1.0")));

        LeakReport warmedUp = null;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            int before = updates.current().number();
            apply(updates, UpdateRequest.update("gtach.example.tach", range("~1.1.0")));
            rollBack(updates, before);
            if (cycle == WARM_UP) {
                // the first cycles load the update path's own classes and let the JIT profile it
                warmedUp = updates.checkLeaks();
            }
        }
        int unloadedBefore = unloadedClasses();
        LeakReport report = updates.checkLeaks();

        // every tach and display revision the cycles replaced (two of each per cycle) has been let go
        assertThat(heldOf(report, "gtach.example.")).isEmpty();
        assertThat(report.removalPending()).isEmpty();
        // and so were their classes: the JVM loads as many as before, though each cycle loaded new ones
        int cycles = CYCLES - WARM_UP;
        assertThat(unloadedBefore).as("classes unloaded so far").isGreaterThan(cycles * 4);
        assertThat(report.classesLoaded() - warmedUp.classesLoaded()).as("classes loaded after %d more cycles", cycles)
                .isLessThan(cycles);
        // Metaspace: a held revision per cycle would add its classes' Metaspace each cycle. The JIT's per-method
        // profiles, also kept there, grow for a long while as it warms up; the itests' JVM runs C1 only (see the
        // pom), which keeps none, so that what is measured is class metadata.
        Assume.assumeTrue("Metaspace is compared only with -XX:TieredStopAtLevel=1, as the itests' pom runs it",
                ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1"));
        long perClass = warmedUp.metaspaceUsedBytes() / warmedUp.classesLoaded();
        long oneRevisionPerCycle = cycles * REVISION_CLASSES * perClass;
        assertThat(report.metaspaceUsedBytes() - warmedUp.metaspaceUsedBytes())
                .as("Metaspace growth over %d cycles, bytes, against %d for one tachometer revision held per cycle",
                        cycles, oneRevisionPerCycle)
                .isLessThan(oneRevisionPerCycle / 2);
    }

    private static int unloadedClasses() {
        return (int) ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount();
    }

    /** Leaves no managed bundle behind for the next scenario. */
    @After
    public void uninstallManagedBundles() throws Exception {
        UpdateService updates = service(UpdateService.class);
        uninstallRequested(updates, List.of());
    }

    private static FixtureBundle provider(String version) {
        return bundle(PROVIDER, version).behaviour(Behaviour.REGISTER_TOKEN);
    }

    private static List<HeldClassLoader> heldOf(LeakReport report, String prefix) {
        return report.held().stream().filter(held -> held.bundle().startsWith(prefix)).toList();
    }

    /** The update service checks by itself a few seconds after each change; waits for a report newer than this. */
    private static LeakReport awaitBackgroundReportAfter(UpdateService updates, Instant after) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Optional<LeakReport> last = updates.leaks();
            if (last.isPresent() && last.get().checked().isAfter(after)) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No leak report made in the background within 30 s of the change");
    }

    private static Optional<SemanticRange> range(String text) {
        return Optional.of(SemanticRange.parse(text));
    }

    private void store(FixtureBundle... bundles) throws Exception {
        Path dir = Files.createTempDirectory("leak-report-bundles");
        for (FixtureBundle b : bundles) {
            List<AddOutcome> outcomes = service(PackageRepository.class).add(b.writeTo(dir).toString());
            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                    .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
        }
    }
}
