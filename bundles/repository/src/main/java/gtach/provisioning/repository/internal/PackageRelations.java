package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which stored packages export, import and provide what: maps from a package name or capability
 * namespace to the entries, each list in repository order. Immutable once built.
 */
final class PackageRelations {

    private final Map<String, List<IndexEntry>> exporters;
    private final Map<String, List<IndexEntry>> importers;
    private final Map<String, List<IndexEntry>> providers;

    /** @param entries every entry, in repository order */
    PackageRelations(List<IndexEntry> entries) {
        int exportCount = 0;
        int importCount = 0;
        for (IndexEntry entry : entries) {
            exportCount += entry.info().exports().size();
            importCount += entry.info().imports().size();
        }
        // sized up front: a hundred thousand entries would otherwise resize each map many times
        exporters = new HashMap<>(capacity(exportCount / 2));
        importers = new HashMap<>(capacity(importCount / 4));
        providers = new HashMap<>();
        for (IndexEntry entry : entries) {
            for (ExportedPackage export : entry.info().exports()) {
                // a package exported in two versions lists its exporter once
                addOnce(exporters, export.name(), entry);
            }
            for (ImportedPackage imported : entry.info().imports()) {
                addOnce(importers, imported.name(), entry);
            }
            for (String namespace : entry.namespaces()) {
                providers.computeIfAbsent(namespace, name -> new ArrayList<>()).add(entry);
            }
        }
        trim(exporters);
        trim(importers);
    }

    List<IndexEntry> exporters(String packageName) {
        return readOnly(exporters.get(packageName));
    }

    List<IndexEntry> importers(String packageName) {
        return readOnly(importers.get(packageName));
    }

    /** Entries providing a namespace other than identity and packages, such as {@code osgi.service}. */
    List<IndexEntry> providers(String namespace) {
        return readOnly(providers.get(namespace));
    }

    static int capacity(int expected) {
        return Math.max(16, (int) (expected / 0.75f) + 1);
    }

    static void trim(Map<String, List<IndexEntry>> map) {
        for (List<IndexEntry> list : map.values()) {
            ((ArrayList<IndexEntry>) list).trimToSize();
        }
    }

    static List<IndexEntry> readOnly(List<IndexEntry> list) {
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    private static void addOnce(Map<String, List<IndexEntry>> map, String key, IndexEntry entry) {
        List<IndexEntry> list = map.computeIfAbsent(key, name -> new ArrayList<>(2));
        if (list.isEmpty() || list.get(list.size() - 1) != entry) {
            list.add(entry);
        }
    }
}
