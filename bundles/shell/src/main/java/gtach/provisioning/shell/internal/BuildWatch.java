package gtach.provisioning.shell.internal;

import gtach.provisioning.repository.AddMode;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import gtach.provisioning.version.SemanticRange;
import gtach.provisioning.version.VersionOrder;
import gtach.provisioning.version.VersionText;
import org.osgi.framework.Version;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The developer loop: follows build output directories, and adds every bundle JAR written into one
 * to the repository as an unreleased package ({@link AddMode#UNRELEASED}), then, when its package is
 * installed, updates it to exactly that version, so that each change becomes one generation. A JAR
 * is read once its directory has been quiet for the settle time and its size and modification time
 * stayed the same over it, so that a half-written JAR is not taken. Changes are handled one at a
 * time, in the order they settle, on one thread of its own; nothing is watched until
 * {@link #start} and nothing after {@link #stop}. Thread-safe.
 */
final class BuildWatch implements AutoCloseable {

    /** How long a directory stays quiet before a changed JAR in it is read. */
    static final Duration SETTLE = Duration.ofMillis(750);
    private static final int RECENT = 10;
    /** Settle periods a JAR that does not open as a JAR is waited for before it is added anyway (and refused). */
    private static final int UNREADABLE_WAITS = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ProvisioningServices services;
    private final Duration settle;
    private final Reporter reporter;
    private final Clock clock;
    /** Guarded by this. */
    private WatchService watcher;
    private final Map<WatchKey, Watched> watched = new LinkedHashMap<>();
    private final Deque<String> recent = new ArrayDeque<>();

    /** Hears of each change handled: what it did, in one line; {@code refused} when nothing was stored. */
    @FunctionalInterface
    interface Reporter {
        void changed(String line, boolean refused);
    }

    /** One directory followed. */
    private static final class Watched {
        final Path directory;
        final Instant since;
        int changes;

        Watched(Path directory, Instant since) {
            this.directory = directory;
            this.since = since;
        }
    }

    /** A JAR that changed and has not settled yet. */
    private record Pending(Path directory, Instant lastEvent, Optional<FileTime> signature, int unreadable) {
    }

    /** What tells a file still being written: its size and modification time. */
    private record FileTime(long size, long modified) {
        static Optional<FileTime> of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new FileTime(attributes.size(), attributes.lastModifiedTime().toMillis()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    BuildWatch(ProvisioningServices services, Duration settle, Reporter reporter, Clock clock) {
        this.services = services;
        this.settle = settle;
        this.reporter = reporter;
        this.clock = clock;
    }

    /**
     * Starts following a directory.
     *
     * @return one sentence saying what is watched now
     * @throws IllegalArgumentException with one sentence when the directory does not exist, is the
     *         repository or inside it, or holds only releases; nothing is changed then
     */
    synchronized String start(Path typed) {
        Path directory = typed.toAbsolutePath().normalize();
        if (!Files.exists(directory)) {
            throw new IllegalArgumentException("Cannot watch " + directory + ": no such directory; nothing was changed.");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("Cannot watch " + directory + ": it is a file, not a directory; nothing was changed.");
        }
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot watch " + directory + ": it cannot be read (" + e.getMessage()
                    + "); nothing was changed.", e);
        }
        PackageRepository repository = services.repository();
        Path root = repository.root().toAbsolutePath().normalize();
        try {
            root = root.toRealPath();
        } catch (IOException e) {
            // a repository root that cannot be resolved is compared as it is
        }
        if (real.startsWith(root)) {
            throw new IllegalArgumentException("Cannot watch " + directory + ": it is "
                    + (real.equals(root) ? "the repository" : "inside the repository (" + root + ")")
                    + ", which gtach:watch stores into, not a build output directory; nothing was changed.");
        }
        for (Watched w : watched.values()) {
            if (w.directory.equals(real)) {
                return "Already watching " + real + "." + System.lineSeparator();
            }
        }
        refuseReleasesOnly(real, repository);
        try {
            if (watcher == null) {
                watcher = real.getFileSystem().newWatchService();
                startThread(watcher);
            }
            WatchKey key = real.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            watched.put(key, new Watched(real, clock.instant()));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot watch " + directory + ": " + e.getMessage() + "; nothing was changed.", e);
        }
        return "Watching " + real + ": each bundle JAR written there is added and, when installed, updated, one"
                + " generation per change; gtach:watch --stop ends it." + System.lineSeparator();
    }

    /**
     * A directory whose bundles are all releases would only ever be refused: say so at once. One
     * that is empty, or holds any unreleased bundle, is watched (releases in it are refused as they change).
     */
    private static void refuseReleasesOnly(Path directory, PackageRepository repository) {
        List<String> releases = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path jar : jars) {
                Optional<PackageId> id = identity(jar);
                if (id.isEmpty()) {
                    continue;
                }
                if (unreleased(id.get(), repository)) {
                    return;
                }
                releases.add(id.get().symbolicName() + " " + VersionText.display(id.get().version()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot watch " + directory + ": it cannot be listed (" + e.getMessage()
                    + "); nothing was changed.", e);
        }
        if (!releases.isEmpty()) {
            releases.sort(null);
            throw new IllegalArgumentException("Cannot watch " + directory + ": its bundles are releases ("
                    + String.join(", ", releases) + "), which are never replaced, and gtach:watch follows only -SNAPSHOT"
                    + " versions and development builds stored with gtach:add --dev; nothing was changed.");
        }
    }

    private static boolean unreleased(PackageId id, PackageRepository repository) {
        if (VersionOrder.isSnapshot(id.version())) {
            return true;
        }
        try {
            return repository.isUnreleased(id);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    /** The symbolic name and version a JAR's manifest declares, if it is a readable bundle. */
    private static Optional<PackageId> identity(Path jar) {
        return look(jar).identity();
    }

    /**
     * What a JAR is, as far as the watch cares: whether it opens as a JAR at all (a half-written one
     * does not), and the bundle it declares, if any (sources, tests and other JARs a build writes
     * beside the bundle declare none).
     */
    private record Look(boolean readable, Optional<PackageId> identity) {
    }

    private static Look look(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            String name = main.getValue("Bundle-SymbolicName");
            if (name == null) {
                return new Look(true, Optional.empty());
            }
            String version = main.getValue("Bundle-Version");
            try {
                return new Look(true, Optional.of(new PackageId(name.split(";", 2)[0].trim(),
                        Version.parseVersion(version == null ? "0.0.0" : version.trim()))));
            } catch (IllegalArgumentException e) {
                // a bundle with a broken version: the repository's refusal says what is wrong
                return new Look(true, Optional.of(new PackageId(name.split(";", 2)[0].trim(), Version.emptyVersion)));
            }
        } catch (IOException | RuntimeException e) {
            return new Look(false, Optional.empty());
        }
    }

    /**
     * Stops following one directory, or all when {@code directory} is empty. A change under way
     * finishes first, on the watch's thread.
     *
     * @return one sentence saying what stopped
     * @throws IllegalArgumentException when the directory named is not watched
     */
    synchronized String stop(Optional<Path> directory) {
        if (watched.isEmpty()) {
            return "Nothing is watched." + System.lineSeparator();
        }
        List<Path> stopped = new ArrayList<>();
        Optional<Path> real = directory.map(d -> {
            Path absolute = d.toAbsolutePath().normalize();
            try {
                return absolute.toRealPath();
            } catch (IOException e) {
                return absolute;
            }
        });
        for (Iterator<Map.Entry<WatchKey, Watched>> it = watched.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<WatchKey, Watched> entry = it.next();
            if (real.isEmpty() || entry.getValue().directory.equals(real.get())) {
                entry.getKey().cancel();
                stopped.add(entry.getValue().directory);
                it.remove();
            }
        }
        if (stopped.isEmpty()) {
            throw new IllegalArgumentException("Cannot stop watching " + real.get() + ": it is not watched ("
                    + watched.values().stream().map(w -> w.directory.toString()).collect(Collectors.joining(", "))
                    + " is); nothing was changed.");
        }
        if (watched.isEmpty()) {
            closeWatcher();
        }
        return "Stopped watching " + stopped.stream().map(Path::toString).collect(Collectors.joining(", ")) + "."
                + System.lineSeparator();
    }

    /** What is watched, since when, and the last changes handled. */
    synchronized String describe() {
        String nl = System.lineSeparator();
        if (watched.isEmpty()) {
            return "Nothing is watched; gtach:watch <dir> follows a build output directory." + nl;
        }
        StringBuilder text = new StringBuilder();
        for (Watched w : watched.values()) {
            text.append("Watching ").append(w.directory).append(" since ").append(time(w.since)).append(": ")
                    .append(w.changes).append(w.changes == 1 ? " change." : " changes.").append(nl);
        }
        if (!recent.isEmpty()) {
            text.append("Last changes, oldest first:").append(nl);
            recent.forEach(line -> text.append(line).append(nl));
        }
        return text.toString();
    }

    @Override
    public synchronized void close() {
        watched.keySet().forEach(WatchKey::cancel);
        watched.clear();
        closeWatcher();
    }

    private void closeWatcher() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // closing releases the inotify handle or the polling thread; nothing more to do
            }
            watcher = null;
        }
    }

    private void startThread(WatchService service) {
        Thread thread = new Thread(() -> follow(service), "gtach-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The watch's thread: collects changed JARs and handles each once it settled, until the service closes. */
    private void follow(WatchService service) {
        Map<Path, Pending> pending = new LinkedHashMap<>();
        try {
            while (true) {
                WatchKey key = service.poll(Math.max(10, settle.toMillis() / 5), java.util.concurrent.TimeUnit.MILLISECONDS);
                if (key != null) {
                    collect(key, pending);
                }
                for (Path jar : settled(pending)) {
                    handle(jar, pending.remove(jar).directory());
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stopped: the changes not settled yet are dropped, as they would be had the watch stopped a moment earlier
        }
    }

    private void collect(WatchKey key, Map<Path, Pending> pending) {
        Path directory = (Path) key.watchable();
        Instant now = clock.instant();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                // events were lost: every JAR there may have changed
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.jar")) {
                    jars.forEach(jar -> pending.put(jar, new Pending(directory, now, FileTime.of(jar), 0)));
                } catch (IOException e) {
                    // the directory went; its key is no longer valid and is dropped below
                }
                continue;
            }
            Path jar = directory.resolve((Path) event.context());
            if (jar.getFileName().toString().endsWith(".jar")) {
                pending.put(jar, new Pending(directory, now, FileTime.of(jar), 0));
            }
        }
        if (!key.reset()) {
            synchronized (this) {
                Watched gone = watched.remove(key);
                if (gone != null) {
                    remember(gone.directory + " can no longer be watched (it was deleted or moved); stopped watching it.",
                            true);
                }
            }
        }
    }

    /**
     * The bundle JARs quiet for the settle time, the same size and age as when last seen, and readable
     * (or unreadable for long enough that the repository's refusal should say why).
     */
    private List<Path> settled(Map<Path, Pending> pending) {
        List<Path> ready = new ArrayList<>();
        Instant now = clock.instant();
        for (Map.Entry<Path, Pending> entry : new ArrayList<>(pending.entrySet())) {
            Path jar = entry.getKey();
            Pending p = entry.getValue();
            if (Duration.between(p.lastEvent(), now).compareTo(settle) < 0) {
                continue;
            }
            Optional<FileTime> signature = FileTime.of(jar);
            if (signature.isEmpty()) {
                pending.remove(jar);
            } else if (!signature.equals(p.signature())) {
                pending.put(jar, new Pending(p.directory(), now, signature, p.unreadable()));
            } else {
                Look look = look(jar);
                if (!look.readable() && p.unreadable() < UNREADABLE_WAITS) {
                    pending.put(jar, new Pending(p.directory(), now, signature, p.unreadable() + 1));
                } else if (look.readable() && look.identity().isEmpty()) {
                    // not a bundle: a build writes sources and test JARs beside it, which are no business of the watch
                    pending.remove(jar);
                } else {
                    ready.add(jar);
                }
            }
        }
        return ready;
    }

    /** Adds one changed JAR and updates its package when installed: one generation at most. */
    private void handle(Path jar, Path directory) {
        synchronized (this) {
            boolean followed = watched.values().stream().anyMatch(w -> w.directory.equals(directory));
            if (!followed) {
                return;
            }
            watched.values().stream().filter(w -> w.directory.equals(directory)).forEach(w -> w.changes++);
        }
        String name = jar.getFileName().toString();
        AddOutcome added;
        try {
            added = services.repository().add(jar.toString(), AddMode.UNRELEASED, step -> { }).get(0);
        } catch (RepositoryException | RuntimeException e) {
            remember(name + ": " + e.getMessage(), true);
            return;
        }
        if (added.status() == AddOutcome.Status.REFUSED || added.added().isEmpty()) {
            remember(name + ": " + added.message(), true);
            return;
        }
        remember(name + ": " + added.message() + " " + update(added.added().get()), false);
    }

    /** Updates an installed package to exactly the version just added; says what happened in one sentence. */
    private String update(PackageInfo info) {
        String name = info.id().symbolicName();
        try {
            UpdateService updates = services.updates();
            boolean installed = updates.current().bundles().stream().anyMatch(b -> b.symbolicName().equals(name));
            if (!installed) {
                return name + " is not installed, so nothing else changed.";
            }
            SemanticRange exactly = SemanticRange.parse(VersionText.display(info.id().version()));
            UpdateResult result = updates.applyRequest(UpdateRequest.update(name, Optional.of(exactly)), step -> { });
            if (result.changes().isEmpty()) {
                return "Generation " + result.generation().number() + " runs it already.";
            }
            return "Generation " + result.generation().number() + " is running: "
                    + result.changes().stream().map(Change::toString).collect(Collectors.joining(", ")) + ".";
        } catch (UpdateException | RuntimeException e) {
            return e.getMessage();
        }
    }

    private void remember(String line, boolean refused) {
        String stamped = time(clock.instant()) + "  " + line;
        synchronized (this) {
            recent.addLast(stamped);
            while (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
        reporter.changed(line, refused);
    }

    private String time(Instant instant) {
        return TIME.format(LocalTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneId.systemDefault()));
    }
}
