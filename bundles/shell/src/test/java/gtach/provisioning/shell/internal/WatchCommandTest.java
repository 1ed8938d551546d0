package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.internal.RepositoryStore;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.LeakReport;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code gtach:watch}: the bad input it refuses in one sentence, and the loop itself over a real
 * repository: a rebuilt snapshot written into the directory is stored and its package updated, a
 * release is refused, and after --stop nothing more happens.
 */
class WatchCommandTest {

    private static final Duration SETTLE = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private final UpdatesInstalling updates = new UpdatesInstalling();
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private RepositoryStore repository;
    private WatchCommand command;

    /** An update service whose current generation runs what each request names, at the version asked. */
    private static final class UpdatesInstalling implements UpdateService {
        LeakReport leaks = new LeakReport(java.time.Instant.EPOCH, 0, List.of(), List.of(), -1, 7000);

        @Override
        public java.util.Optional<LeakReport> leaks() {
            return java.util.Optional.of(leaks);
        }

        @Override
        public LeakReport checkLeaks() {
            return leaks;
        }

        final List<UpdateRequest> applied = new CopyOnWriteArrayList<>();
        volatile Generation current = new Generation(0, Instant.EPOCH, "nothing installed yet", List.of());

        void installed(String name, String version) {
            current = new Generation(current.number() + 1, Instant.EPOCH, "install " + name, List.of(new ManagedBundle(name,
                    version, "ab".repeat(32), "gtach:app:" + name, 2, true, true)));
        }

        @Override
        public UpdateResult applyRequest(int from, UpdateRequest request, Consumer<String> progress) {
            return applyRequest(request, progress);
        }

        @Override
        public UpdateResult applyRequest(UpdateRequest request, Consumer<String> progress) {
            applied.add(request);
            ManagedBundle before = current.bundles().get(0);
            Generation previous = current;
            installed(before.symbolicName(), before.version());
            return new UpdateResult(current, previous.number(), List.of(new Change(Change.Kind.UPDATE, before.symbolicName(),
                    Optional.of(before.version()), Optional.of(before.version()), "requested")), List.of());
        }

        @Override
        public Plan plan(UpdateRequest request) {
            throw new UnsupportedOperationException("plan");
        }

        @Override
        public UpdateResult rollbackTo(int generation, Consumer<String> progress) {
            throw new UnsupportedOperationException("rollbackTo");
        }

        @Override
        public List<String> drift() {
            return List.of();
        }

        @Override
        public String repair(Consumer<String> progress) {
            throw new UnsupportedOperationException("repair");
        }

        @Override
        public UpdateResult adopt(Consumer<String> progress) {
            throw new UnsupportedOperationException("adopt");
        }

        @Override
        public Generation current() {
            return current;
        }

        @Override
        public List<Attempt> history() {
            return List.of();
        }
    }

    private WatchCommand command() throws Exception {
        repository = RepositoryStore.open(temp.resolve("repository"));
        command = new WatchCommand(ProvisioningServices.of(updates, repository), SETTLE, (line, refused) -> reported.add(line));
        return command;
    }

    @AfterEach
    void stop() {
        if (command != null) {
            command.deactivate();
        }
    }

    private static Path bundle(Path file, String symbolicName, String version, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        // written beside, then moved in, as a build tool that writes atomically does; the watch copes with both
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("content.txt"));
            jar.write(content.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            Thread.sleep(20);
        }
    }

    private String stored(String name, String version) {
        return repository.get(name, version).map(PackageInfo::sha256).orElse("none");
    }

    @Test
    void aDirectoryThatDoesNotExistIsRefused() throws Exception {
        // Given
        WatchCommand watch = command();
        Path missing = temp.resolve("no/such/target");

        // When / Then
        assertThatThrownBy(() -> watch.watch(null, false, missing.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot watch " + missing + ": no such directory; nothing was changed.");
        assertThat(watch.watch(null, false)).isEqualTo("Nothing is watched; gtach:watch <dir> follows a build output"
                + " directory." + System.lineSeparator());
    }

    @Test
    void theRepositoryAndWhatIsInsideItAreRefused() throws Exception {
        // Given
        WatchCommand watch = command();
        Path root = repository.root().toRealPath();

        // When / Then
        assertThatThrownBy(() -> watch.watch(null, false, root.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot watch " + root + ": it is the repository, which gtach:watch stores into, not a build"
                        + " output directory; nothing was changed.");
        assertThatThrownBy(() -> watch.watch(null, false, root.resolve("packages").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot watch " + root.resolve("packages") + ": it is inside the repository (" + root
                        + "), which gtach:watch stores into, not a build output directory; nothing was changed.");
        assertThat(watch.watch(null, false)).startsWith("Nothing is watched");
    }

    @Test
    void aDirectoryOfReleasesIsRefused() throws Exception {
        // Given
        WatchCommand watch = command();
        Path target = temp.resolve("target");
        bundle(target.resolve("tach-1.0.0.jar"), "tach", "1.0.0", "one");
        bundle(target.resolve("display-2.0.0.jar"), "display", "2.0.0", "two");

        // When / Then
        assertThatThrownBy(() -> watch.watch(null, false, target.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot watch " + target.toRealPath() + ": its bundles are releases (display 2.0.0, tach 1.0.0),"
                        + " which are never replaced, and gtach:watch follows only -SNAPSHOT versions and development"
                        + " builds stored with gtach:add --dev; nothing was changed.");
        assertThat(repository.list("*")).isEmpty();
        assertThat(watch.watch(null, false)).startsWith("Nothing is watched");
    }

    @Test
    void aRebuiltSnapshotIsStoredAndItsInstalledPackageUpdated() throws Exception {
        // Given: the first build stored and installed, and its build directory watched
        WatchCommand watch = command();
        Path target = temp.resolve("target");
        Path jar = bundle(target.resolve("tach.jar"), "tach", "1.0.0.SNAPSHOT", "first");
        repository.add(jar.toString());
        String first = stored("tach", "1.0.0.SNAPSHOT");
        updates.installed("tach", "1.0.0.SNAPSHOT");
        String started = watch.watch(null, false, target.toString());

        // When the build writes a new JAR
        bundle(target.resolve("tach.jar"), "tach", "1.0.0.SNAPSHOT", "second");
        waitFor(() -> !updates.applied.isEmpty(), "the update");

        // Then the rebuild is stored and the package updated to exactly that version, once
        assertThat(started).isEqualTo("Watching " + target.toRealPath() + ": each bundle JAR written there is added and,"
                + " when installed, updated, one generation per change; gtach:watch --stop ends it." + System.lineSeparator());
        assertThat(stored("tach", "1.0.0.SNAPSHOT")).isNotEqualTo(first).isEqualTo(sha256(jar));
        assertThat(updates.applied).extracting(UpdateRequest::toString).containsExactly("update tach 1.0.0-SNAPSHOT");
        waitFor(() -> !reported.isEmpty(), "the report");
        assertThat(reported).containsExactly("tach.jar: Replaced tach 1.0.0.SNAPSHOT with the build from tach.jar."
                + " Generation 2 is running: update tach 1.0.0-SNAPSHOT (other build).");
        assertThat(watch.watch(null, false)).contains("Watching " + target.toRealPath() + " since ", ": 1 change.",
                "Last changes, oldest first:", "tach.jar: Replaced tach 1.0.0.SNAPSHOT");
    }

    @Test
    void aReleaseWrittenIntoAWatchedDirectoryIsRefusedAndAPackageNotInstalledIsOnlyStored() throws Exception {
        // Given a watched directory holding a snapshot
        WatchCommand watch = command();
        Path target = temp.resolve("target");
        bundle(target.resolve("tach.jar"), "tach", "1.0.0.SNAPSHOT", "first");
        watch.watch(null, false, target.toString());

        // When a release, then a snapshot of a package that is not installed, are written
        bundle(target.resolve("display.jar"), "display", "1.0.0", "release");
        waitFor(() -> reported.size() == 1, "the refusal");
        bundle(target.resolve("gauge.jar"), "gauge", "1.0.0.SNAPSHOT", "one");
        waitFor(() -> reported.size() == 2, "the snapshot");

        // Then
        assertThat(reported.get(0)).isEqualTo("display.jar: Refused display.jar: display 1.0.0 is a release, and only"
                + " unreleased packages are added here (-SNAPSHOT versions, and development builds stored with"
                + " gtach:add --dev); nothing was changed.");
        assertThat(reported.get(1)).isEqualTo("gauge.jar: Added gauge 1.0.0.SNAPSHOT from gauge.jar. gauge is not"
                + " installed, so nothing else changed.");
        assertThat(repository.list("*")).extracting(p -> p.id().toString()).containsExactly("gauge 1.0.0.SNAPSHOT");
        assertThat(updates.applied).isEmpty();
    }

    @Test
    void aJarThatIsNoBundleIsLeftAlone() throws Exception {
        // Given a watched directory
        WatchCommand watch = command();
        Path target = temp.resolve("target");
        Files.createDirectories(target);
        watch.watch(null, false, target.toString());

        // When the build writes a sources JAR, then the bundle
        Path sources = target.resolve("gauge-sources.jar");
        try (OutputStream out = Files.newOutputStream(sources); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new ZipEntry("Gauge.java"));
            jar.write("class Gauge {}".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        bundle(target.resolve("gauge.jar"), "gauge", "1.0.0.SNAPSHOT", "one");
        waitFor(() -> !reported.isEmpty(), "the bundle");
        Thread.sleep(SETTLE.toMillis() * 5);

        // Then only the bundle was taken
        assertThat(reported).singleElement().asString().startsWith("gauge.jar: Added gauge 1.0.0.SNAPSHOT");
        assertThat(watch.watch(null, false)).contains(": 1 change.");
    }

    @Test
    void afterStopNothingMoreHappens() throws Exception {
        // Given
        WatchCommand watch = command();
        Path target = temp.resolve("target");
        Files.createDirectories(target);
        watch.watch(null, false, target.toString());

        // When
        String stopped = watch.watch(null, true);
        bundle(target.resolve("tach.jar"), "tach", "1.0.0.SNAPSHOT", "first");
        Thread.sleep(SETTLE.toMillis() * 10);

        // Then
        assertThat(stopped).isEqualTo("Stopped watching " + target.toRealPath() + "." + System.lineSeparator());
        assertThat(repository.list("*")).isEmpty();
        assertThat(reported).isEmpty();
        assertThat(watch.watch(null, false)).startsWith("Nothing is watched");
        assertThat(watch.watch(null, true)).isEqualTo("Nothing is watched." + System.lineSeparator());
    }

    @Test
    void moreThanOneDirectoryAtOnceIsRefused() throws Exception {
        // Given
        WatchCommand watch = command();

        // When / Then
        assertThatThrownBy(() -> watch.watch(null, false, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("watch takes at most one directory, but got 2 (a b); nothing was changed.");
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}
