package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.File;
import java.io.IOException;
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

    private static final String ABSENT = ".absent";

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
        for (Bundle bundle : managed) {
            String name = bundle.getSymbolicName();
            File area = bundle.getDataFile("");
            if (area != null && area.isDirectory()) {
                DurableFiles.copyTree(area.toPath(), data.resolve(name));
            } else {
                Files.createFile(data.resolve(name + ABSENT));
            }
        }
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
            try (Stream<Path> entries = Files.list(data)) {
                for (Path entry : entries.toList()) {
                    String file = entry.getFileName().toString();
                    boolean absent = file.endsWith(ABSENT);
                    String name = absent ? file.substring(0, file.length() - ABSENT.length()) : file;
                    Bundle bundle = managed.get(name);
                    File area = bundle == null ? null : bundle.getDataFile("");
                    if (area == null) {
                        continue;
                    }
                    DurableFiles.deleteTree(area.toPath());
                    if (!absent) {
                        DurableFiles.copyTree(entry, area.toPath());
                    }
                }
            }
        }
        Path configurations = dir.resolve("configurations.json");
        if (admin != null && Files.exists(configurations)) {
            ConfigurationSnapshot.restore(admin, Files.readAllBytes(configurations));
        }
    }
}
