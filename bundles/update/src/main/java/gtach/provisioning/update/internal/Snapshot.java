package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The persistent data areas of the bundles a transaction may change, and every Config Admin
 * configuration, kept on disk under the transaction directory until the transaction ends, so that
 * a rollback, or the recovery after a crash, puts both back as they were.
 */
final class Snapshot {

    private static final String EMPTY_AREAS = "empty-areas";

    private final Path dir;

    Snapshot(Path dir) {
        this.dir = dir;
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    void take(Collection<Bundle> managed, ConfigurationAdmin admin) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        StringBuilder empty = new StringBuilder();
        for (Bundle bundle : managed) {
            String name = bundle.getSymbolicName();
            File area = bundle.getDataFile("");
            if (area != null && hasEntries(area.toPath())) {
                DurableFiles.copyTree(area.toPath(), data.resolve(name));
            } else {
                // Most data areas are empty: one line each instead of a copy.
                empty.append(name).append('\n');
            }
        }
        DurableFiles.write(data.resolve(EMPTY_AREAS), empty.toString().getBytes(StandardCharsets.UTF_8));
        if (admin != null) {
            DurableFiles.write(dir.resolve("configurations.json"), ConfigurationSnapshot.take(admin));
        }
        DurableFiles.syncDirectory(data);
    }

    /** Puts back the data area of every snapshotted bundle still installed, and the configurations. */
    void restore(BundleContext context, ConfigurationAdmin admin) throws IOException {
        Path data = dir.resolve("data");
        if (Files.isDirectory(data)) {
            Map<String, Bundle> managed = ManagedBundles.installed(context);
            Path emptyAreas = data.resolve(EMPTY_AREAS);
            if (Files.exists(emptyAreas)) {
                for (String name : Files.readAllLines(emptyAreas, StandardCharsets.UTF_8)) {
                    restoreArea(managed.get(name), null);
                }
            }
            try (Stream<Path> entries = Files.list(data)) {
                for (Path entry : entries.filter(Files::isDirectory).toList()) {
                    restoreArea(managed.get(entry.getFileName().toString()), entry);
                }
            }
        }
        Path configurations = dir.resolve("configurations.json");
        if (admin != null && Files.exists(configurations)) {
            ConfigurationSnapshot.restore(admin, Files.readAllBytes(configurations));
        }
    }

    /** Makes a bundle's data area hold exactly the saved copy (nothing when there is none). */
    private static void restoreArea(Bundle bundle, Path saved) throws IOException {
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
            DurableFiles.copyTree(saved, root);
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isPresent();
        }
    }
}
