package gtach.provisioning.itests;

import gtach.provisioning.itests.fixture.FixtureBundle;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.UpdateService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start levels and packages installed not started, typed at the Gogo console as an operator does, in a
 * real Felix: a package installed at a level without starting, moved and started, updated (keeping
 * both), and rolled back to where it was, each step a generation that records the level and state.
 * <p>
 * Pax Exam runs the provisioning bundles at level 3 and the framework at 5, so the application may
 * have level 4 or 5 here (in gtach.jar, 2 to 100).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StartLevelTest extends ProvisioningTestBase {

    private PackageRepository repository;
    private UpdateService updates;
    private Path fixtures;

    @Before
    public void services() throws Exception {
        repository = service(PackageRepository.class);
        updates = service(UpdateService.class);
        fixtures = Files.createTempDirectory("gtach-fixtures");
    }

    @Test
    public void aPackageInstalledAtALevelWithoutStartingIsMovedStartedAndRolledBack() throws Exception {
        String bsn = "levels.app";
        store(FixtureBundle.bundle(bsn, "1.0.0"));
        store(FixtureBundle.bundle(bsn, "1.1.0"));

        // Installed at level 4, not started: resolved, at its level, and so recorded
        assertThat(gogo("gtach:install --start-level 4 --no-start " + bsn + " 1.0.0"))
                .startsWith("install levels.app 1.0.0 at start level 4, not started");
        int installed = updates.current().number();
        assertBundle(bsn, "1.0.0", Bundle.RESOLVED, 4, false);
        assertRecorded(bsn, "1.0.0", 4, false);
        assertThat(gogo("gtach:status")).containsPattern("levels\\.app +1\\.0\\.0 +NOT STARTED +4");

        // Moved and started, at the same version: the same bundle, nothing replaced
        long id = managed(bsn).getBundleId();
        assertThat(gogo("gtach:update --start-level 5 --start " + bsn + " 1.0.0"))
                .startsWith("set levels.app 1.0.0: start level 4 -> 5, not started -> started");
        assertBundle(bsn, "1.0.0", Bundle.ACTIVE, 5, true);
        assertThat(managed(bsn).getBundleId()).isEqualTo(id);
        assertRecorded(bsn, "1.0.0", 5, true);

        // Updated without a word of its start: it keeps level 5 and runs
        assertThat(gogo("gtach:update " + bsn + " ~1.1.0")).startsWith("update levels.app 1.0.0 -> 1.1.0" + System.lineSeparator());
        assertBundle(bsn, "1.1.0", Bundle.ACTIVE, 5, true);
        assertRecorded(bsn, "1.1.0", 5, true);

        // Rolled back to the generation that installed it: its version, level and state come back
        assertThat(gogo("gtach:rollback " + installed))
                .startsWith("update levels.app 1.1.0 -> 1.0.0, start level 5 -> 4, started -> not started");
        assertBundle(bsn, "1.0.0", Bundle.RESOLVED, 4, false);
        assertRecorded(bsn, "1.0.0", 4, false);
        assertThat(updates.drift()).isEmpty();
    }

    @Test
    public void aLevelOfTheProvisioningLayerIsRefusedAndNothingChanges() throws Exception {
        store(FixtureBundle.bundle("levels.low", "1.0.0"));
        int before = updates.current().number();

        assertThatThrownBy(() -> gogo("gtach:install --start-level 3 levels.low"))
                .hasMessage("Cannot install levels.low --start-level 3: levels.low cannot have start level 3: levels up to 3 "
                        + "belong to the provisioning layer, and the application runs above it (choose 4 to 5); nothing was "
                        + "changed.");
        assertThat(updates.current().number()).isEqualTo(before);
        assertThat(context.getBundle("gtach:app:levels.low")).isNull();
    }

    @Test
    public void anApplicationGivesItsMemberTheLevelAndStateItsRequirementSays() throws Exception {
        // Given an application whose member requirement carries the attributes, as bnd writes them from a pom
        store(FixtureBundle.bundle("levels.member", "1.0.0"));
        store(FixtureBundle.bundle("levels.suite", "1.0.0").header("Require-Capability",
                "osgi.identity;filter:=\"(osgi.identity=levels.member)\";gtach.start-level:Long=5;gtach.start=false"));

        // When the application is installed, then its member comes at level 5, not started
        assertThat(gogo("gtach:install levels.suite")).startsWith("install levels.member 1.0.0 at start level 5, not started");
        assertBundle("levels.member", "1.0.0", Bundle.RESOLVED, 5, false);
        assertRecorded("levels.member", "1.0.0", 5, false);
        assertThat(managed("levels.suite").getState()).isEqualTo(Bundle.ACTIVE);
    }

    // ---- steps and what the tests look at

    private void store(FixtureBundle fixture) throws Exception {
        Path jar = fixture.writeTo(fixtures);
        List<AddOutcome> outcomes = repository.add(jar.toString());
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.status()).as(o.message())
                .isIn(AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT));
    }

    private Bundle managed(String bsn) {
        Bundle bundle = context.getBundle("gtach:app:" + bsn);
        assertThat(bundle).as("bundle at location gtach:app:" + bsn).isNotNull();
        return bundle;
    }

    private void assertBundle(String bsn, String version, int state, int level, boolean markedToStart) {
        Bundle bundle = managed(bsn);
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        assertThat(bundle.getVersion().toString()).as("version of " + bsn).isEqualTo(version);
        assertThat(bundle.getState()).as("state of " + bsn).isEqualTo(state);
        assertThat(startLevel.getStartLevel()).as("start level of " + bsn).isEqualTo(level);
        assertThat(startLevel.isPersistentlyStarted()).as("start mark of " + bsn).isEqualTo(markedToStart);
    }

    private void assertRecorded(String bsn, String version, int level, boolean started) {
        Generation current = updates.current();
        assertThat(current.bundles()).as("generation " + current.number())
                .filteredOn(b -> b.symbolicName().equals(bsn))
                .extracting(ManagedBundle::version, ManagedBundle::startLevel, ManagedBundle::started)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(version, level, started));
    }
}
