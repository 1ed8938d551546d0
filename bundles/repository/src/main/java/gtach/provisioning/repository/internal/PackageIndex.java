package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of every stored package, with the lookups queries need: by id, by
 * symbolic name, by exported and imported package name and by capability namespace. A write
 * makes a new snapshot; readers keep using the one they hold.
 */
final class PackageIndex {

    private final long generation;
    private final List<IndexEntry> entries;
    private final Map<PackageId, IndexEntry> byId;
    /** In symbolic-name order, each list lowest version first. */
    private final Map<String, List<IndexEntry>> byName;
    private volatile PackageRelations relations;
    private volatile SearchText searchText;
    private volatile List<PackageInfo> infos;

    private PackageIndex(long generation, List<IndexEntry> sorted) {
        this.generation = generation;
        this.entries = Collections.unmodifiableList(sorted);
        this.byId = new HashMap<>(PackageRelations.capacity(sorted.size()));
        this.byName = new LinkedHashMap<>(PackageRelations.capacity(sorted.size() / 2));
        for (IndexEntry entry : sorted) {
            byId.put(entry.id(), entry);
            byName.computeIfAbsent(entry.id().symbolicName(), name -> new ArrayList<>(2)).add(entry);
        }
        PackageRelations.trim(byName);
    }

    /** A snapshot of the given entries, in any order, as of a generation. */
    static PackageIndex of(long generation, Collection<IndexEntry> entries) {
        List<IndexEntry> sorted = new ArrayList<>(entries);
        sorted.sort(IndexEntry.ORDER);
        return new PackageIndex(generation, sorted);
    }

    /** A new snapshot with some packages added (or replaced) and some removed. */
    PackageIndex with(long newGeneration, Collection<IndexEntry> added, Set<PackageId> removed) {
        Map<PackageId, IndexEntry> next = new LinkedHashMap<>(byId.size() * 4 / 3 + 16);
        for (IndexEntry entry : entries) {
            if (!removed.contains(entry.id())) {
                next.put(entry.id(), entry);
            }
        }
        for (IndexEntry entry : added) {
            next.put(entry.id(), entry);
        }
        return of(newGeneration, next.values());
    }

    /** The generation of the repository this snapshot describes. */
    long generation() {
        return generation;
    }

    /** Every entry, in repository order. */
    List<IndexEntry> entries() {
        return entries;
    }

    /** Every package, in repository order; built once per snapshot, since listing everything is common. */
    List<PackageInfo> infos() {
        List<PackageInfo> all = infos;
        if (all == null) {
            List<PackageInfo> built = new ArrayList<>(entries.size());
            for (IndexEntry entry : entries) {
                built.add(entry.info());
            }
            all = Collections.unmodifiableList(built);
            infos = all;
        }
        return all;
    }

    Optional<IndexEntry> get(PackageId id) {
        return Optional.ofNullable(byId.get(id));
    }

    List<IndexEntry> versions(String symbolicName) {
        return PackageRelations.readOnly(byName.get(symbolicName));
    }

    /** Every symbolic name, in order. */
    Set<String> symbolicNames() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    List<IndexEntry> exporters(String packageName) {
        return relations().exporters(packageName);
    }

    List<IndexEntry> importers(String packageName) {
        return relations().importers(packageName);
    }

    /** Entries providing a namespace other than identity and packages, such as {@code osgi.service}. */
    List<IndexEntry> providers(String namespace) {
        return relations().providers(namespace);
    }

    /** Who exports, imports and provides what, built on first use so that opening a repository stays fast. */
    private PackageRelations relations() {
        PackageRelations built = relations;
        if (built == null) {
            synchronized (this) {
                built = relations;
                if (built == null) {
                    built = new PackageRelations(entries);
                    relations = built;
                }
            }
        }
        return built;
    }

    /** The searchable text, built on first use since many snapshots are never searched. */
    SearchText searchText() {
        SearchText text = searchText;
        if (text == null) {
            synchronized (this) {
                text = searchText;
                if (text == null) {
                    text = SearchText.of(entries);
                    searchText = text;
                }
            }
        }
        return text;
    }

    int size() {
        return entries.size();
    }
}
