package gtach.provisioning.runtime;

import gtach.provisioning.runtime.EmbeddedBundles.Embedded;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The runtime's own bundles, installed at {@code gtach:<symbolic-name>}, kept in line with the
 * bundles embedded in the {@code gtach.jar} that starts the framework: a newer {@code gtach.jar} on
 * an existing home (a package upgrade, say) installs what it adds, updates what changed and
 * uninstalls what it no longer carries, before anything starts. The application's bundles
 * ({@code gtach:app:<symbolic-name>}) belong to the update service and are never touched.
 * <p>
 * What each embedded JAR was is kept in {@value #FILE} in the framework storage, by its size and
 * CRC-32 as the JAR's directory gives them, so that a boot with the same {@code gtach.jar} reads
 * no bundle.
 */
final class BaseSet {

    static final String FILE = "gtach.baseset";
    private static final String LOCATION_PREFIX = "gtach:";
    private static final String APPLICATION_PREFIX = "gtach:app:";

    /** What changed, for the one line the launcher prints; empty when nothing did. */
    record Changes(List<String> installed, List<String> updated, List<String> uninstalled) {

        boolean any() {
            return !installed.isEmpty() || !updated.isEmpty() || !uninstalled.isEmpty();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (!installed.isEmpty()) {
                parts.add("installed " + String.join(", ", installed));
            }
            if (!updated.isEmpty()) {
                parts.add("updated " + String.join(", ", updated));
            }
            if (!uninstalled.isEmpty()) {
                parts.add("uninstalled " + String.join(", ", uninstalled));
            }
            return String.join("; ", parts);
        }
    }

    private BaseSet() {
    }

    /**
     * Installs every embedded bundle at its level, starting all but fragments, and keeps their
     * fingerprints: the first boot of a home.
     */
    static void installAll(BundleContext context, Path storage, int level) throws BundleException, IOException {
        List<Embedded> embedded = EmbeddedBundles.list();
        for (Embedded bundle : embedded) {
            install(context, bundle, level);
        }
        write(storage, fingerprints(embedded.stream().map(Embedded::path).toList()));
    }

    /**
     * Brings the installed base set in line with the embedded one. Called after the framework's
     * init and before its start, when no bundle is resolved yet, so that an update leaves no old
     * revision behind to refresh.
     */
    static Changes reconcile(BundleContext context, Path storage, int level) throws BundleException, IOException {
        Map<String, String> kept = read(storage);
        Map<String, String> now = fingerprints(EmbeddedBundles.paths());
        if (now.equals(kept)) {
            return new Changes(List.of(), List.of(), List.of());
        }
        List<String> installed = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> uninstalled = new ArrayList<>();
        Set<String> embeddedNames = new HashSet<>();
        for (Embedded bundle : EmbeddedBundles.list()) {
            embeddedNames.add(bundle.symbolicName());
            Bundle present = context.getBundle(bundle.location());
            String file = bundle.path().getFileName().toString();
            if (present == null) {
                install(context, bundle, level);
                installed.add(bundle.symbolicName());
            } else if (!now.get(file).equals(kept.get(file))) {
                // a file kept under the same name with the same size and CRC is the same bundle
                try (InputStream in = bundle.open()) {
                    present.update(in);
                }
                updated.add(bundle.symbolicName() + " " + present.getVersion());
            }
        }
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (location.startsWith(LOCATION_PREFIX) && !location.startsWith(APPLICATION_PREFIX)
                    && !embeddedNames.contains(location.substring(LOCATION_PREFIX.length()))) {
                uninstalled.add(bundle.getSymbolicName() + " " + bundle.getVersion());
                bundle.uninstall();
            }
        }
        write(storage, now);
        return new Changes(installed, updated, uninstalled);
    }

    private static void install(BundleContext context, Embedded bundle, int level) throws BundleException, IOException {
        Bundle installed;
        try (InputStream in = bundle.open()) {
            installed = context.installBundle(bundle.location(), in);
        }
        installed.adapt(BundleStartLevel.class).setStartLevel(level);
        if (!bundle.fragment()) {
            // Eagerly, whatever the activation policy: the HK2 resource locator, lazy by its
            // manifest, must be tracking bundles before the JSON API asks it for a provider.
            installed.start();
        }
    }

    /** File name to "size crc" (or size and modification time for a class directory), sorted. */
    private static Map<String, String> fingerprints(List<Path> files) throws IOException {
        Map<String, String> prints = new TreeMap<>();
        for (Path file : files) {
            boolean zip = "jar".equals(file.getFileSystem().provider().getScheme());
            Object check = zip ? Files.getAttribute(file, "zip:crc") : Files.getLastModifiedTime(file).toMillis();
            prints.put(file.getFileName().toString(), Files.size(file) + " " + check);
        }
        return prints;
    }

    private static Map<String, String> read(Path storage) throws IOException {
        Path file = storage.resolve(FILE);
        Map<String, String> kept = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            // a home from before the fingerprints were kept: every bundle is taken as changed once
            return kept;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                kept.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return kept;
    }

    private static void write(Path storage, Map<String, String> prints) throws IOException {
        StringBuilder text = new StringBuilder();
        prints.forEach((name, print) -> text.append(name).append(' ').append(print).append('\n'));
        Path temporary = storage.resolve(FILE + ".new");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, storage.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
