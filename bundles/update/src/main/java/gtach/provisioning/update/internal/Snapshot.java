package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The persistent data areas of the bundles a transaction may change, so that a rollback, or the
 * recovery after a crash, puts them back as they were. Only areas that hold something are copied
 * (durably, under the transaction directory); the journal lists the empty ones, and carries the
 * Config Admin configurations itself.
 */
final class Snapshot {

    /** What {@link #take} found: areas that were empty, and areas it copied. */
    record Areas(List<String> empty, List<String> saved) {
    }

    private final Path dir;
    private final DurableFiles files;

    Snapshot(Path dir, DurableFiles files) {
        this.dir = dir;
        this.files = files;
    }

    Areas take(Collection<Bundle> bundles) throws IOException {
        List<String> empty = new ArrayList<>();
        List<String> saved = new ArrayList<>();
        for (Bundle bundle : bundles) {
            String name = bundle.getSymbolicName();
            File area = bundle.getDataFile("");
            if (area != null && hasEntries(area.toPath())) {
                files.copyTree(area.toPath(), dir.resolve(name));
                saved.add(name);
            } else {
                empty.add(name);
            }
        }
        return new Areas(empty, saved);
    }

    /** Puts back what the journal says of each bundle still installed, then the configurations. */
    void restore(BundleContext context, ConfigurationAdmin admin, Journal journal) throws IOException {
        Map<String, Bundle> managed = ManagedBundles.installed(context);
        for (String name : journal.emptyAreas()) {
            restoreArea(managed.get(name), null);
        }
        for (String name : journal.savedAreas()) {
            restoreArea(managed.get(name), dir.resolve(name));
        }
        if (admin != null && journal.configurations().isPresent()) {
            ConfigurationSnapshot.restore(admin, journal.configurations().get());
        }
    }

    /** Makes a bundle's data area hold exactly the saved copy (nothing when there is none). */
    private void restoreArea(Bundle bundle, Path saved) throws IOException {
        File area = bundle == null ? null : bundle.getDataFile("");
        if (area == null) {
            return;
        }
        Path root = area.toPath();
        if (hasEntries(root)) {
            try (Stream<Path> children = Files.list(root)) {
                for (Path child : children.toList()) {
                    DurableFiles.deleteTree(child);
                }
            }
        }
        if (saved != null) {
            files.copyTree(saved, root);
        }
    }

    /** One directory read, no stream: a refresh set of a hundred bundles asks this a hundred times. */
    private static boolean hasEntries(Path dir) {
        String[] children = dir.toFile().list();
        return children != null && children.length > 0;
    }
}
