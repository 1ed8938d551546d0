package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.version.SemanticVersion;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shares equal values while an index is built, so that 100,000 packages exporting and importing
 * the same few thousand package names hold each name, version, range and import once. Used by
 * one thread at a time and dropped when the index is built.
 */
final class Interner {

    /** Open-addressing table of the shared strings, so a string can be looked up by its characters alone. */
    private String[] strings = new String[1 << 12];
    private int stringCount;
    private final Map<String, Version> versions = new HashMap<>();
    private final Map<Version, Optional<SemanticVersion>> semanticVersions = new HashMap<>();
    private final Map<String, VersionRange> ranges = new HashMap<>();
    private final Map<ExportedPackage, ExportedPackage> exports = new HashMap<>();
    private final Map<ImportedPackage, ImportedPackage> imports = new HashMap<>();
    private final Map<List<?>, List<?>> lists = new HashMap<>();

    String string(String value) {
        int hash = value.hashCode();
        int mask = strings.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            String candidate = strings[slot];
            if (candidate == null) {
                return add(slot, value);
            }
            if (candidate.hashCode() == hash && candidate.equals(value)) {
                return candidate;
            }
        }
    }

    /**
     * The shared string with the given characters; a new string is only made the first time, which
     * spares the garbage of reading the same names a hundred thousand times.
     */
    String string(char[] characters, int offset, int length) {
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + characters[i];
        }
        int mask = strings.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            String candidate = strings[slot];
            if (candidate == null) {
                return add(slot, new String(characters, offset, length));
            }
            if (candidate.hashCode() == hash && sameCharacters(candidate, characters, offset, length)) {
                return candidate;
            }
        }
    }

    private String add(int slot, String value) {
        strings[slot] = value;
        if (++stringCount * 2 > strings.length) {
            String[] old = strings;
            strings = new String[old.length * 2];
            int mask = strings.length - 1;
            for (String shared : old) {
                if (shared != null) {
                    int free = spread(shared.hashCode()) & mask;
                    while (strings[free] != null) {
                        free = (free + 1) & mask;
                    }
                    strings[free] = shared;
                }
            }
        }
        return value;
    }

    private static boolean sameCharacters(String candidate, char[] characters, int offset, int length) {
        if (candidate.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (candidate.charAt(i) != characters[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    Version version(String text) {
        Version version = versions.get(text);
        if (version == null) {
            version = version(Version.parseVersion(text));
            versions.put(text, version);
        }
        return version;
    }

    Version version(Version version) {
        Version shared = versions.putIfAbsent(version.toString(), version);
        return shared == null ? version : shared;
    }

    Optional<SemanticVersion> semanticVersion(Version version) {
        return semanticVersions.computeIfAbsent(version, SemanticVersion::tryFromOsgiVersion);
    }

    VersionRange range(String text) {
        VersionRange range = ranges.get(text);
        if (range == null) {
            range = new VersionRange(text);
            ranges.put(text, range);
            ranges.putIfAbsent(range.toString(), range);
        }
        return range;
    }

    ExportedPackage export(String name, Version version) {
        ExportedPackage export = new ExportedPackage(string(name), version(version));
        ExportedPackage shared = exports.putIfAbsent(export, export);
        return shared == null ? export : shared;
    }

    /** A shared import; {@code range} should itself come from {@link #range(String)}. */
    ImportedPackage imported(String name, VersionRange range, boolean optional) {
        ImportedPackage imported = new ImportedPackage(string(name), range, optional);
        ImportedPackage shared = imports.putIfAbsent(imported, imported);
        return shared == null ? imported : shared;
    }

    /** An immutable list equal to the given one, shared with every equal list seen before. */
    @SuppressWarnings("unchecked")
    <T> List<T> list(List<T> values) {
        List<T> copy = List.copyOf(values);
        List<?> shared = lists.putIfAbsent(copy, copy);
        return shared == null ? copy : (List<T>) shared;
    }

    /** The same package summary with its repeated parts shared. */
    PackageInfo info(PackageInfo info) {
        List<ExportedPackage> sharedExports = new ArrayList<>(info.exports().size());
        for (ExportedPackage export : info.exports()) {
            sharedExports.add(export(export.name(), export.version()));
        }
        List<ImportedPackage> sharedImports = new ArrayList<>(info.imports().size());
        for (ImportedPackage imported : info.imports()) {
            sharedImports.add(imported(imported.name(), range(imported.range().toString()), imported.optional()));
        }
        PackageId id = new PackageId(string(info.id().symbolicName()), version(info.id().version()));
        return new PackageInfo(id, info.sha256(), info.size(), string(info.name()), string(info.description()),
                list(sharedExports), list(sharedImports), info.source(), info.added());
    }
}
