package gtach.provisioning.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The initial bundle set packed into {@code gtach.jar} under {@code bundles/} at build time,
 * resolved from {@code bndrun/gtach.bndrun}.
 */
final class EmbeddedBundles {

    /** One embedded bundle: its file name inside the jar and its manifest. */
    record Embedded(Path path, String symbolicName, boolean fragment) {

        /** The stable location our bundles are installed under: {@code gtach:<symbolic-name>}. */
        String location() {
            return "gtach:" + symbolicName;
        }

        InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    private EmbeddedBundles() {
    }

    /**
     * Bundles start in the order they are installed: the OSGi Log Service first, so that what the
     * others log while they start reaches the log file instead of a fallback on standard output
     * (Felix Configurator prints its debug lines there when it finds no log service).
     */
    private static final Comparator<Path> LOG_SERVICE_FIRST = Comparator
            .comparing((Path p) -> !p.getFileName().toString().startsWith("org.apache.felix.log-"))
            .thenComparing(Comparator.naturalOrder());

    /** The jar (or class directory) this class was loaded from, opened once: its paths stay readable until the JVM exits. */
    private static Path root;

    /**
     * Reads the bundles of the jar (or class directory) this class was loaded from, in the order
     * they are installed. The returned paths stay readable until the JVM exits.
     */
    static List<Embedded> list() {
        try {
            List<Embedded> bundles = new ArrayList<>();
            for (Path file : paths()) {
                bundles.add(describe(file));
            }
            return bundles;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedded bundles' files, in the order they are installed, without reading them. */
    static List<Path> paths() {
        try {
            Path dir = root().resolve("bundles");
            if (!Files.isDirectory(dir)) {
                throw new StartupException("Cannot start GTach: " + root() + " holds no bundles/ directory; was it built with `mvn package`?");
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".jar")).sorted(LOG_SERVICE_FIRST).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar (or class directory) the bundles are embedded in. */
    static Path origin() {
        try {
            return Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Path root() throws IOException {
        if (root == null) {
            Path origin = origin();
            root = Files.isDirectory(origin) ? origin : FileSystems.newFileSystem(origin, Map.of()).getPath("/");
        }
        return root;
    }

    private static Embedded describe(Path file) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(file))) {
            Manifest manifest = in.getManifest();
            String bsn = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                throw new StartupException("Cannot start GTach: the embedded " + file.getFileName() + " is not an OSGi bundle.");
            }
            int semicolon = bsn.indexOf(';');
            String name = (semicolon < 0 ? bsn : bsn.substring(0, semicolon)).trim();
            boolean fragment = manifest.getMainAttributes().getValue("Fragment-Host") != null;
            return new Embedded(file, name, fragment);
        }
    }
}
