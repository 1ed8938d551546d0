package gtach.provisioning.repository.internal;

import org.osgi.service.log.Logger;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * The index of a repository directory, kept in step with every process that shares the
 * directory.
 * <p>
 * Readers never lock: {@link #current()} compares the {@code generation} file's stamp with the
 * one the index was loaded at (and, for a file written in the last seconds, its content) and, when
 * another process wrote, loads the new {@code index.json}.
 * If the generation was bumped but the index not (yet) rewritten, the previous index stays in use;
 * when no writer holds the lock, the writer crashed, and the reader repairs the index itself.
 * <p>
 * Writers {@link #write} under the lock: the index is brought up to date first, the write
 * bumps the generation before changing anything and the new index is written last, so a crash
 * anywhere leaves a directory that the next reader or open rebuilds the index from.
 */
final class LiveIndex {

    private final StoreLayout layout;
    private final GenerationFile generationFile;
    private final RepositoryLock lock;
    private final Logger log;
    private volatile Snapshot snapshot;

    /** An index and the stamp of the generation file it is known to match. */
    private record Snapshot(PackageIndex index, GenerationFile.Stamp stamp) {
    }

    /** The body of a write. */
    @FunctionalInterface
    interface WriteBody<T> {
        T run(WriteTransaction transaction) throws IOException;
    }

    LiveIndex(StoreLayout layout, RepositoryLock lock, Logger log) {
        this.layout = layout;
        this.generationFile = new GenerationFile(layout.generation(), layout.tmp());
        this.lock = lock;
        this.log = log;
    }

    /**
     * Loads the index, rebuilding it when it is missing, corrupt or stale, or no longer matches the
     * package directories. Only a rebuild takes the lock, so opening does not wait for another
     * process's write. Damaged packages are reported here, once per opening.
     */
    void open() throws IOException {
        GenerationFile.Stamp stamp = generationFile.stamp();
        long generation = generationFile.read();
        if (generation >= 0) {
            Optional<PackageIndex> loaded = loadIndexFile(false);
            if (loaded.isPresent() && loaded.get().generation() == generation) {
                Optional<String> difference = IndexCheck.difference(layout, loaded.get(), log,
                        (directory, problem) -> log.warn(DirectoryScan.damaged(directory, problem)));
                if (difference.isEmpty()) {
                    publish(new Snapshot(loaded.get(), stamp));
                    return;
                }
                // Another process may be writing: only what is still different once it is done counts.
                try (RepositoryLock.Held held = lock.acquire()) {
                    refreshLocked();
                }
                return;
            }
        }
        try (RepositoryLock.Held held = lock.acquire()) {
            refreshLocked();
        }
    }

    /** The current index; never blocks on writers. */
    PackageIndex current() {
        Snapshot known = snapshot;
        try {
            GenerationFile.Stamp stamp = generationFile.stamp();
            if (stamp.equals(known.stamp()) && stamp.settled()) {
                return known.index();
            }
            return reload();
        } catch (IOException e) {
            log.warn("Cannot check {} for changes ({}); answering from the index of generation {}.",
                    layout.root(), e.getMessage(), known.index().generation());
            return known.index();
        }
    }

    /** Runs a write under the repository lock; see {@link WriteTransaction}. */
    <T> T write(WriteBody<T> body) throws IOException {
        try (RepositoryLock.Held held = lock.acquire()) {
            PackageIndex base = refreshLocked();
            WriteTransaction transaction = new WriteTransaction(base, generationFile);
            try {
                return body.run(transaction);
            } finally {
                if (transaction.begun()) {
                    PackageIndex next = transaction.result();
                    writeIndexFile(next);
                    publish(new Snapshot(next, generationFile.stamp()));
                }
            }
        }
    }

    private synchronized PackageIndex reload() throws IOException {
        GenerationFile.Stamp stamp = generationFile.stamp();
        Snapshot known = snapshot;
        if (stamp.equals(known.stamp()) && stamp.settled()) {
            return known.index();
        }
        // right after a write the stamp may not tell two generations apart: the content does
        long generation = generationFile.read();
        if (generation == known.index().generation()) {
            publish(new Snapshot(known.index(), stamp));
            return known.index();
        }
        Optional<PackageIndex> loaded = generation < 0 ? Optional.empty() : loadIndexFile(false);
        if (loaded.isPresent() && loaded.get().generation() == generation && differenceFromDirectories(loaded.get()).isEmpty()) {
            // a writer of this JVM may have published a newer index meanwhile
            if (generation > snapshot.index().generation()) {
                publish(new Snapshot(loaded.get(), stamp));
            }
            return snapshot.index();
        }
        Optional<RepositoryLock.Held> held = lock.tryAcquire();
        if (held.isEmpty()) {
            // a writer is between bumping the generation and writing the index: the old state stays visible
            return known.index();
        }
        try (RepositoryLock.Held repairing = held.get()) {
            // nobody writes: either the writer just finished, or it stopped half-way and the index is rebuilt
            return refreshLocked();
        }
    }

    /** Makes the index match the generation file; the caller holds the lock. */
    private PackageIndex refreshLocked() throws IOException {
        GenerationFile.Stamp stamp = generationFile.stamp();
        long generation = generationFile.read();
        Snapshot known = snapshot;
        if (known != null && generation >= 0 && known.index().generation() == generation) {
            publish(new Snapshot(known.index(), stamp));
            return known.index();
        }
        Optional<PackageIndex> loaded = loadIndexFile(true);
        if (generation >= 0 && loaded.isPresent() && loaded.get().generation() == generation) {
            Optional<String> difference = differenceFromDirectories(loaded.get());
            if (difference.isPresent()) {
                return rebuildLocked(difference.get());
            }
            publish(new Snapshot(loaded.get(), stamp));
            return loaded.get();
        }
        if (generation < 0) {
            long highest = Math.max(loaded.map(PackageIndex::generation).orElse(GenerationFile.NONE),
                    known == null ? GenerationFile.NONE : known.index().generation());
            generation = highest + 1;
            log.warn("The generation file of {} is unreadable; setting it to {}.", layout.root(), generation);
            generationFile.write(generation);
            stamp = generationFile.stamp();
        } else if (loaded.isPresent()) {
            log.warn("The index of {} is of generation {}, the repository of generation {}: a write stopped half-way;"
                    + " rebuilding the index.", layout.root(), loaded.get().generation(), generation);
        }
        PackageIndex rebuilt = DirectoryScan.rebuild(layout, generation, log);
        writeIndexFile(rebuilt);
        publish(new Snapshot(rebuilt, stamp));
        return rebuilt;
    }

    /** How a loaded index differs from the package directories; damaged packages were reported when the store opened. */
    private Optional<String> differenceFromDirectories(PackageIndex loaded) throws IOException {
        return IndexCheck.difference(layout, loaded, log, (directory, problem) -> { });
    }

    /**
     * Replaces an index that lost track of the package directories by one read from them, as a new
     * generation so that other processes load it too; the caller holds the lock.
     */
    private PackageIndex rebuildLocked(String difference) throws IOException {
        long generation = generationFile.read();
        if (generation < 0) {
            return refreshLocked();
        }
        log.warn("The index of {} no longer matches its package directories ({}); rebuilding it from their package.json files.",
                layout.root(), difference);
        generationFile.write(generation + 1);
        PackageIndex rebuilt = DirectoryScan.rebuild(layout, generation + 1, log);
        writeIndexFile(rebuilt);
        publish(new Snapshot(rebuilt, generationFile.stamp()));
        return rebuilt;
    }

    /** Replaces the snapshot; synchronized with {@link #reload()} so a reload never overwrites a newer write. */
    private synchronized void publish(Snapshot next) {
        snapshot = next;
    }

    /** The index file, if it exists and is usable; {@code report} says whether to log why not. */
    private Optional<PackageIndex> loadIndexFile(boolean report) throws IOException {
        try {
            return Optional.of(IndexFormat.read(layout.index()));
        } catch (NoSuchFileException e) {
            if (report) {
                log.debug("{} has no index.json; building it from the package directories.", layout.root());
            }
            return Optional.empty();
        } catch (MalformedMetadataException e) {
            if (report) {
                log.warn("The index.json of {} is unusable ({}); rebuilding it from the package directories.",
                        layout.root(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    private void writeIndexFile(PackageIndex index) throws IOException {
        DurableFiles.replace(layout.index(), layout.tmp(), out -> IndexFormat.write(index, out));
    }
}
