package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.AddOutcome;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.RepositoryException;
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
 * that is new is renamed into {@code packages/<name>/<version>} in one write. A JAR that is refused
 * changes nothing, and neither does a failed write: packages already renamed by it are taken back.
 */
final class PackageAdder {

    static final long MAX_BUNDLE_BYTES = 256L << 20;
    private static final int STAGING_THREADS = 4;

    private final StoreLayout layout;
    private final LiveIndex index;
    private final SourceResolver sources;
    private final Logger log;

    PackageAdder(StoreLayout layout, LiveIndex index, SourceResolver sources, Logger log) {
        this.layout = layout;
        this.index = index;
        this.sources = sources;
        this.log = log;
    }

    /** A JAR ready to be renamed into place. */
    private record Staged(int position, JarSource jar, Path directory, PackageRecord record) {
    }

    /** A package this write renamed into place, remembered to take it back if a later one fails. */
    private record Placed(PackageId id, Path directory) {
    }

    /** Stores what {@code source} names; {@code progress} hears of downloads and of each package of many. */
    List<AddOutcome> add(String source, Consumer<String> progress) throws RepositoryException {
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
            stageAll(jars, now, staged, outcomes, serial);
            if (!staged.isEmpty()) {
                index.write(transaction -> {
                    commit(transaction, staged, outcomes);
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
    private void stageAll(List<JarSource> jars, Instant now, List<Staged> staged, AddOutcome[] outcomes,
            Consumer<String> progress) throws IOException {
        if (jars.size() == 1) {
            try {
                staged.add(stage(0, jars.get(0), now));
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
                        slots[position] = stage(position, jar, now);
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

    private Staged stage(int position, JarSource jar, Instant now) throws Refusal, IOException {
        Path directory = layout.tmp().resolve(TemporaryNames.next());
        Files.createDirectories(directory);
        try {
            Path bundle = directory.resolve(StoreLayout.BUNDLE_FILE);
            DurableFiles.Content content = jar.fetch().copyTo(bundle, MAX_BUNDLE_BYTES);
            PackageRecord record = BundleReader.read(bundle, content, jar.recordedSource(), now);
            byte[] metadata = MetadataFormat.writePackage(record);
            if (metadata.length > MetadataFormat.MAX_PACKAGE_JSON_BYTES) {
                throw new Refusal("its metadata would take " + metadata.length + " bytes, more than the limit of "
                        + Sizes.describe(MetadataFormat.MAX_PACKAGE_JSON_BYTES));
            }
            DurableFiles.writeNew(directory.resolve(StoreLayout.METADATA_FILE), metadata);
            DurableFiles.forceDirectory(directory);
            return new Staged(position, jar, directory, record);
        } catch (Refusal | IOException | RuntimeException e) {
            deleteQuietly(directory);
            throw e;
        }
    }

    private void commit(WriteTransaction transaction, List<Staged> staged, AddOutcome[] outcomes) throws IOException {
        Interner interner = new Interner();
        List<Placed> placed = new ArrayList<>();
        // forced once each after all renames, before the index is written: one batch, not one sync per package
        Set<Path> touched = new LinkedHashSet<>();
        try {
            for (Staged item : staged) {
                PackageInfo info = item.record().info();
                PackageId id = info.id();
                JarSource jar = item.jar();
                Optional<IndexEntry> existing = transaction.get(id);
                if (existing.isPresent()) {
                    outcomes[item.position()] = alreadyStored(jar, info, existing.get().info());
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
                placed.add(new Placed(id, target));
                transaction.put(IndexEntry.of(item.record(), interner));
                outcomes[item.position()] = new AddOutcome(jar.origin(), AddOutcome.Status.ADDED, Optional.of(info),
                        "Added " + id + " from " + jar.display() + ".");
            }
            touched.forEach(DurableFiles::forceDirectory);
        } catch (IOException | RuntimeException e) {
            takeBack(transaction, placed);
            throw e;
        }
    }

    private void takeBack(WriteTransaction transaction, List<Placed> placed) {
        for (int i = placed.size() - 1; i >= 0; i--) {
            Placed item = placed.get(i);
            try {
                Path trash = layout.tmp().resolve(TemporaryNames.next());
                DurableFiles.moveAtomically(item.directory(), trash);
                transaction.remove(item.id());
                deleteQuietly(trash);
            } catch (IOException e) {
                log.warn("Cannot take back {} after a failed add ({}); it stays stored.", item.id(), e.getMessage());
            }
        }
    }

    private static AddOutcome alreadyStored(JarSource jar, PackageInfo offered, PackageInfo stored) {
        if (stored.sha256().equals(offered.sha256())) {
            return new AddOutcome(jar.origin(), AddOutcome.Status.ALREADY_PRESENT, Optional.of(stored),
                    stored.id() + " from " + jar.display() + " is already stored with the same content; nothing was changed.");
        }
        return refused(jar, stored.id() + " is already stored with different content (sha256 "
                + abbreviate(stored.sha256()) + " stored, " + abbreviate(offered.sha256()) + " offered)");
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
