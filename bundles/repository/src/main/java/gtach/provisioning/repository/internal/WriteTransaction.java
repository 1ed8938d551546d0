package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private Map<String, List<String>> namesIgnoringCase;

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

    /**
     * Why {@code id} cannot be stored beside what this write holds so far when its name, or its
     * version within its name, differs from a stored one only in case: macOS and Windows file
     * systems ignore case by default, so the two directories would be one there, and a repository
     * copied from a Pi to a Mac would lose a package. Empty when there is no such twin.
     */
    Optional<String> caseTwin(PackageId id) {
        String name = id.symbolicName();
        for (String other : namesIgnoringCase().getOrDefault(name.toLowerCase(Locale.ROOT), List.of())) {
            if (!other.equals(name) && present(other).findAny().isPresent()) {
                return Optional.of(name + " differs only in case from the stored " + other + ", and the file systems of macOS"
                        + " and Windows do not tell the two apart; give it a name that differs in more than case");
            }
        }
        String version = id.version().toString();
        return present(name).map(p -> p.version().toString())
                .filter(v -> !v.equals(version) && v.equalsIgnoreCase(version)).findFirst()
                .map(v -> name + " " + version + " differs only in case from the stored version " + v + ", and the file"
                        + " systems of macOS and Windows do not tell the two apart; give it a version that differs in more"
                        + " than case");
    }

    /** The versions of a name this write holds so far. */
    private java.util.stream.Stream<PackageId> present(String name) {
        java.util.stream.Stream<PackageId> stored = base.versions(name).stream().map(IndexEntry::id).filter(i -> !removed.contains(i));
        java.util.stream.Stream<PackageId> adding = added.keySet().stream().filter(i -> i.symbolicName().equals(name));
        return java.util.stream.Stream.concat(stored, adding).distinct();
    }

    /** Lower-cased name to the names that lower-case to it, stored or added; made once, kept up to date by {@link #put}. */
    private Map<String, List<String>> namesIgnoringCase() {
        if (namesIgnoringCase == null) {
            namesIgnoringCase = new HashMap<>();
            base.symbolicNames().forEach(this::rememberName);
            added.keySet().forEach(i -> rememberName(i.symbolicName()));
        }
        return namesIgnoringCase;
    }

    private void rememberName(String name) {
        List<String> names = namesIgnoringCase.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1));
        if (!names.contains(name)) {
            names.add(name);
        }
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
        if (namesIgnoringCase != null) {
            rememberName(entry.id().symbolicName());
        }
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
