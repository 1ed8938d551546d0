package gtach.provisioning.repository.internal;

import gtach.provisioning.repository.PackageId;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a well-formed index still describes the package directories, which someone may have
 * changed by hand without bumping the generation. Cheap enough for every time an index is loaded:
 * one directory listing per symbolic name, and only the {@code package.json} of a directory the
 * index lacks is read.
 */
final class IndexCheck {

    private static final int NAMED = 3;

    private IndexCheck() {
    }

    /**
     * How the index differs from the directories, as a phrase naming up to three packages; empty
     * when it matches. A directory whose {@code package.json} is damaged is rightly left out of the
     * index, so it is no difference; {@code damaged} hears of each.
     */
    static Optional<String> difference(StoreLayout layout, PackageIndex index, Logger log, DamagedListener damaged)
            throws IOException {
        Map<String, DirectoryScan.PackageDirectory> onDisk = new HashMap<>();
        for (DirectoryScan.PackageDirectory directory : DirectoryScan.list(layout, log)) {
            onDisk.put(key(directory.symbolicName(), directory.version()), directory);
        }
        List<String> differences = new ArrayList<>();
        for (IndexEntry entry : index.entries()) {
            PackageId id = entry.id();
            if (onDisk.remove(key(id.symbolicName(), id.version().toString())) == null) {
                differences.add(id + " is indexed but its directory is gone");
            }
        }
        for (DirectoryScan.PackageDirectory directory : onDisk.values()) {
            try {
                DirectoryScan.read(directory);
                differences.add(directory + " is stored but not indexed");
            } catch (IOException e) {
                damaged.found(directory, e);
            }
        }
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        differences.sort(null);
        String named = String.join(", ", differences.subList(0, Math.min(NAMED, differences.size())));
        int more = differences.size() - NAMED;
        return Optional.of(more > 0 ? named + " and " + more + " more" : named);
    }

    /** Hears of a package directory whose {@code package.json} cannot be used. */
    @FunctionalInterface
    interface DamagedListener {
        void found(DirectoryScan.PackageDirectory directory, IOException problem);
    }

    private static String key(String symbolicName, String version) {
        return symbolicName + "/" + version;
    }
}
