package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One write to the repository, made while holding its lock. Before the first change to the
 * directory the caller calls {@link #begin()}, which bumps the generation durably; the changes to
 * the index are collected here and written as the next {@code index.json} when the write ends. A
 * write that never begins changes nothing and writes nothing.
 */
final class WriteTransaction {

    private final PackageIndex base;
    private final GenerationFile generationFile;
    private final Map<PackageId, IndexEntry> added = new LinkedHashMap<>();
    private final Set<PackageId> removed = new HashSet<>();
    private boolean begun;

    WriteTransaction(PackageIndex base, GenerationFile generationFile) {
        this.base = base;
        this.generationFile = generationFile;
    }

    /** The index as it was when the lock was taken. */
    PackageIndex base() {
        return base;
    }

    /** A package as this write leaves it so far. */
    Optional<IndexEntry> get(PackageId id) {
        IndexEntry entry = added.get(id);
        if (entry != null) {
            return Optional.of(entry);
        }
        return removed.contains(id) ? Optional.empty() : base.get(id);
    }

    /** Bumps the generation, once, before anything in the directory changes. */
    void begin() throws IOException {
        if (!begun) {
            generationFile.write(base.generation() + 1);
            begun = true;
        }
    }

    boolean begun() {
        return begun;
    }

    void put(IndexEntry entry) {
        requireBegun();
        removed.remove(entry.id());
        added.put(entry.id(), entry);
    }

    void remove(PackageId id) {
        requireBegun();
        added.remove(id);
        removed.add(id);
    }

    /** The index after this write, as of the bumped generation. */
    PackageIndex result() {
        requireBegun();
        return base.with(base.generation() + 1, added.values(), removed);
    }

    private void requireBegun() {
        if (!begun) {
            throw new IllegalStateException("A write must bump the generation before it changes the repository.");
        }
    }
}
