package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddMode;
import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.version.VersionOrder;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Adds the JARs a source names. Each JAR is first staged without the lock: copied into
 * {@code tmp/<pid>-<random>/bundle.jar} while hashing, read, and described in a
 * {@code package.json} next to it, both forced to disk. Then, under the lock, every staged package
 * that is new is renamed into {@code packages/<name>/<version>} in one write, and every rebuild of
 * an unreleased package (see {@link AddMode}) is swapped in place of the stored build
 * ({@link PackageReplacement}), which is kept as a {@linkplain SupersededBuilds superseded build}
 * while an owner uses it. A JAR that is refused changes nothing, and neither does a failed write:
 * packages already renamed or swapped by it are taken back.
 */
final class PackageAdder {

    static final long MAX_BUNDLE_BYTES = 256L << 20;
    private static final int STAGING_THREADS = 4;

    private final StoreLayout layout;
    private final LiveIndex index;
    private final SourceResolver sources;
    private final InUseRecords inUse;
    private final SupersededBuilds builds;
    private final Logger log;

    PackageAdder(StoreLayout layout, LiveIndex index, SourceResolver sources, InUseRecords inUse,
            SupersededBuilds builds, Logger log) {
        this.layout = layout;
        this.index = index;
        this.sources = sources;
        this.inUse = inUse;
        this.builds = builds;
        this.log = log;
    }

    /** A JAR ready to be renamed into place. */
    private record Staged(int position, JarSource jar, Path directory, PackageRecord record) {
    }

    /** What this write did to one package, remembered to take it back if a later one fails. */
    @FunctionalInterface
    private interface Undo {
        void run(WriteTransaction transaction) throws IOException;
    }

    /** A rebuild this write swapped in; the stash holds the build it replaced until the write ends. */
    private record Replaced(PackageId id, Path stash) {
    }

    /** Stores what {@code source} names; {@code progress} hears of downloads and of each package of many. */
    List<AddOutcome> add(String source, AddMode mode, Consumer<String> progress) throws RepositoryException {
        // Staging runs on several threads; the caller's progress must never be called at once from two.
        Consumer<String> serial = step -> {
            synchronized (this) {
                progress.accept(step);
            }
        };
        List<JarSource> jars = sources.resolve(source, serial);
        AddOutcome[] outcomes = new AddOutcome[jars.size()];
        List<Staged> staged = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            stageAll(jars, now, mode == AddMode.DEVELOPMENT, staged, outcomes, serial);
            if (!staged.isEmpty()) {
                index.write(transaction -> {
                    commit(transaction, staged, outcomes, mode);
                    return null;
                });
            }
        } catch (IOException e) {
            throw new RepositoryException("Cannot add " + source + ": the repository cannot be written ("
                    + IoErrorText.describe(e) + "); nothing was changed.", e);
        } finally {
            for (Staged item : staged) {
                deleteQuietly(item.directory());
            }
        }
        for (AddOutcome outcome : outcomes) {
            log.debug("{}", outcome.message());
        }
        return List.copyOf(Arrays.asList(outcomes));
    }

    /**
     * Stages every JAR, several at once since most of the time goes to waiting for the disk; the
     * staged ones are added to {@code staged} in source order, refusals become outcomes.
     */
    private void stageAll(List<JarSource> jars, Instant now, boolean development, List<Staged> staged,
            AddOutcome[] outcomes, Consumer<String> progress) throws IOException {
        if (jars.size() == 1) {
            try {
                staged.add(stage(0, jars.get(0), now, development));
            } catch (Refusal refusal) {
                outcomes[0] = refused(jars.get(0), refusal.getMessage());
            }
            return;
        }
        Staged[] slots = new Staged[jars.size()];
        AtomicInteger done = new AtomicInteger();
        int threads = Math.min(STAGING_THREADS, jars.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "gtach-repository-staging");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> tasks = new ArrayList<>(jars.size());
            for (int i = 0; i < jars.size(); i++) {
                int position = i;
                tasks.add(pool.submit(() -> {
                    JarSource jar = jars.get(position);
                    try {
                        slots[position] = stage(position, jar, now, development);
                    } catch (Refusal refusal) {
                        outcomes[position] = refused(jar, refusal.getMessage());
                    }
                    synchronized (done) {
                        // Counted and told together, so that the counts arrive in order.
                        progress.accept("Read " + done.incrementAndGet() + " of " + jars.size() + " JARs");
                    }
                    return null;
                }));
            }
            Throwable failure = null;
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? new InterruptedIOException("interrupted while staging") : failure;
                }
            }
            for (Staged slot : slots) {
                if (slot != null) {
                    staged.add(slot);
                }
            }
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("Staging failed: " + failure, failure);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Staged stage(int position, JarSource jar, Instant now, boolean development) throws Refusal, IOException {
        Path directory = layout.tmp().resolve(TemporaryNames.next());
        Files.createDirectories(directory);
        try {
            Path bundle = directory.resolve(StoreLayout.BUNDLE_FILE);
            DurableFiles.Content content = jar.fetch().copyTo(bundle, MAX_BUNDLE_BYTES);
            PackageRecord record = BundleReader.read(bundle, content, jar.recordedSource(), now).asDevelopment(development);
            writeMetadata(directory, record);
            DurableFiles.forceDirectory(directory);
            return new Staged(position, jar, directory, record);
        } catch (Refusal | IOException | RuntimeException e) {
            deleteQuietly(directory);
            throw e;
        }
    }

    /** Writes a staged package's {@code package.json}, forced to disk. */
    private static void writeMetadata(Path directory, PackageRecord record) throws Refusal, IOException {
        byte[] metadata = MetadataFormat.writePackage(record);
        if (metadata.length > MetadataFormat.MAX_PACKAGE_JSON_BYTES) {
            throw new Refusal("its metadata would take " + metadata.length + " bytes, more than the limit of "
                    + Sizes.describe(MetadataFormat.MAX_PACKAGE_JSON_BYTES));
        }
        DurableFiles.writeNew(directory.resolve(StoreLayout.METADATA_FILE), metadata);
    }

    private void commit(WriteTransaction transaction, List<Staged> staged, AddOutcome[] outcomes, AddMode mode)
            throws IOException {
        Interner interner = new Interner();
        List<Undo> done = new ArrayList<>();
        List<Replaced> replaced = new ArrayList<>();
        // forced once each after all renames, before the index is written: one batch, not one sync per package
        Set<Path> touched = new LinkedHashSet<>();
        InUseRecords.Uses uses = null;
        try {
            for (Staged item : staged) {
                PackageInfo info = item.record().info();
                PackageId id = info.id();
                JarSource jar = item.jar();
                Optional<IndexEntry> existing = transaction.get(id);
                if (existing.isPresent()) {
                    PackageInfo stored = existing.get().info();
                    boolean same = stored.sha256().equals(info.sha256());
                    // package.json is read only when it matters: adding what is stored again is common
                    boolean development = !(same && mode == AddMode.STORE) && storedAsDevelopment(id);
                    boolean unreleased = VersionOrder.isSnapshot(id.version()) || development;
                    Optional<String> refusal = rebuildRefusal(id, stored, info, unreleased, mode);
                    if (refusal.isPresent()) {
                        outcomes[item.position()] = refused(jar, refusal.get());
                    } else if (same) {
                        outcomes[item.position()] = new AddOutcome(jar.origin(), AddOutcome.Status.ALREADY_PRESENT,
                                Optional.of(stored), id + " from " + jar.display()
                                        + " is already stored with the same content; nothing was changed.");
                    } else {
                        uses = uses == null ? inUse.read() : uses;
                        outcomes[item.position()] = replace(transaction, item, existing.get(), development, uses, interner,
                                done, replaced);
                    }
                    continue;
                }
                if (mode == AddMode.UNRELEASED && !VersionOrder.isSnapshot(id.version())) {
                    outcomes[item.position()] = refused(jar, releaseRefusal(id));
                    continue;
                }
                Optional<String> twin = transaction.caseTwin(id);
                if (twin.isPresent()) {
                    outcomes[item.position()] = refused(jar, twin.get());
                    continue;
                }
                Path target = layout.packageDirectory(id);
                if (Files.exists(target)) {
                    outcomes[item.position()] = refused(jar, "a directory for " + id
                            + " exists but is not in the index (its package.json may be damaged; verify will quarantine it)");
                    continue;
                }
                transaction.begin();
                Path nameDirectory = layout.nameDirectory(id.symbolicName());
                if (!Files.isDirectory(nameDirectory)) {
                    Files.createDirectories(nameDirectory);
                    touched.add(layout.packages());
                }
                DurableFiles.rename(item.directory(), target);
                touched.add(nameDirectory);
                touched.add(layout.tmp());
                done.add(t -> {
                    Path trash = layout.tmp().resolve(TemporaryNames.next());
                    DurableFiles.moveAtomically(target, trash);
                    t.remove(id);
                    deleteQuietly(trash);
                });
                transaction.put(IndexEntry.of(item.record(), interner));
                outcomes[item.position()] = new AddOutcome(jar.origin(), AddOutcome.Status.ADDED, Optional.of(info),
                        "Added " + id + " from " + jar.display() + ".");
            }
            touched.forEach(DurableFiles::forceDirectory);
        } catch (IOException | RuntimeException e) {
            takeBack(transaction, done);
            throw e;
        }
        for (Replaced r : replaced) {
            deleteQuietly(r.stash());
            InUseRecords.Uses known = uses;
            try {
                builds.prune(r.id(), sha256 -> known.needs(r.id(), sha256));
            } catch (IOException e) {
                log.warn("Cannot delete the unused builds of {} ({}); the next rebuild or gtach:gc deletes them.",
                        r.id(), e.getMessage());
            }
        }
    }

    /**
     * Why a JAR of a stored version cannot be stored, if it cannot: a release is never replaced, and
     * the modes that want unreleased packages refuse a release even with the same content.
     */
    private static Optional<String> rebuildRefusal(PackageId id, PackageInfo stored, PackageInfo offered, boolean unreleased,
            AddMode mode) {
        if (unreleased) {
            return Optional.empty();
        }
        return switch (mode) {
            case DEVELOPMENT -> Optional.of(id + " is stored as a release, which stays as it is: give the development build"
                    + " a -SNAPSHOT version, or gtach:remove the release first");
            case UNRELEASED -> Optional.of(releaseRefusal(id));
            case STORE -> stored.sha256().equals(offered.sha256()) ? Optional.empty()
                    : Optional.of(id + " is already stored with different content (sha256 " + abbreviate(stored.sha256())
                            + " stored, " + abbreviate(offered.sha256()) + " offered), and a release is never replaced:"
                            + " give the new build another version (a -SNAPSHOT one while developing)");
        };
    }

    private static String releaseRefusal(PackageId id) {
        return id + " is a release, and only unreleased packages are added here"
                + " (-SNAPSHOT versions, and development builds stored with gtach:add --dev)";
    }

    /** Whether the stored package was added as a development build; read from its package.json, rarely needed. */
    private boolean storedAsDevelopment(PackageId id) throws IOException {
        if (VersionOrder.isSnapshot(id.version())) {
            return false;
        }
        return DirectoryScan.read(new DirectoryScan.PackageDirectory(layout.packageDirectory(id), id.symbolicName(),
                id.version().toString())).development();
    }

    /**
     * Swaps a rebuild of an unreleased package in. The build it replaces is stashed in {@code tmp/}
     * until the write ends, to be put back if a later package fails, and kept under {@code builds/}
     * when an owner uses it.
     */
    private AddOutcome replace(WriteTransaction transaction, Staged item, IndexEntry existing, boolean development,
            InUseRecords.Uses uses, Interner interner, List<Undo> done, List<Replaced> replaced) throws IOException {
        PackageId id = existing.id();
        String previous = existing.info().sha256();
        PackageRecord record = item.record();
        if (development && !record.development()) {
            // a development build stays one, whichever way its rebuild is added
            record = record.asDevelopment(true);
            Files.delete(item.directory().resolve(StoreLayout.METADATA_FILE));
            try {
                writeMetadata(item.directory(), record);
            } catch (Refusal e) {
                return refused(item.jar(), e.getMessage());
            }
        }
        transaction.begin();
        Path target = layout.packageDirectory(id);
        Path stash = layout.tmp().resolve(TemporaryNames.next());
        Files.createDirectories(stash);
        DurableFiles.linkOrCopy(layout.bundleFile(id), stash.resolve(StoreLayout.BUNDLE_FILE), layout.tmp());
        DurableFiles.linkOrCopy(layout.metadataFile(id), stash.resolve(StoreLayout.METADATA_FILE), layout.tmp());
        boolean inUse = uses.needs(id, previous);
        Optional<Path> kept = inUse ? builds.keep(id, previous) : Optional.empty();
        PackageReplacement.swap(item.directory(), target);
        done.add(t -> {
            PackageReplacement.swap(stash, target);
            t.put(existing);
            if (kept.isPresent()) {
                Files.deleteIfExists(kept.get());
            }
        });
        replaced.add(new Replaced(id, stash));
        transaction.put(IndexEntry.of(record, interner));
        return new AddOutcome(item.jar().origin(), AddOutcome.Status.REPLACED, Optional.of(record.info()),
                "Replaced " + id + " with the build from " + item.jar().display()
                        + (inUse ? "; the build it replaces (sha256 " + abbreviate(previous) + ") is kept while in use." : "."));
    }

    private void takeBack(WriteTransaction transaction, List<Undo> done) {
        for (int i = done.size() - 1; i >= 0; i--) {
            try {
                done.get(i).run(transaction);
            } catch (IOException e) {
                log.warn("Cannot take back a package of a failed add ({}); it stays stored.", e.getMessage());
            }
        }
    }

    private static AddOutcome refused(JarSource jar, String reason) {
        return new AddOutcome(jar.origin(), AddOutcome.Status.REFUSED, Optional.empty(),
                "Refused " + jar.display() + ": " + reason + "; nothing was changed.");
    }

    private static String abbreviate(String sha256) {
        return sha256.substring(0, 12) + "…";
    }

    private void deleteQuietly(Path path) {
        try {
            DurableFiles.deleteTree(path);
        } catch (IOException e) {
            // tmp/ is cleaned when a repository is next opened
            log.debug("Cannot delete {}: {}", path, e.getMessage());
        }
    }
}
