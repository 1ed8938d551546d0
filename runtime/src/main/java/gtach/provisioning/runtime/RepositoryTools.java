package gtach.provisioning.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code keygen} and {@code publish}: tools of the repository bundle run without a framework. The
 * launcher's class path holds only Felix and itself, so the repository bundle and what it uses are
 * copied out of the jar (a nested jar cannot be on a class path) and loaded by a class loader whose
 * parent is the launcher's, which gives them Felix's {@code org.osgi.framework} and
 * {@code org.osgi.resource}.
 */
final class RepositoryTools {

    private static final Set<String> NEEDED = Set.of(
            "gtach.provisioning.repository", "gtach.provisioning.version",
            "biz.aQute.bndlib", "biz.aQute.bnd.util", "slf4j.api", "slf4j.simple",
            "org.osgi.service.repository", "org.osgi.util.promise", "org.osgi.util.function");

    private static final String ENTRY_POINT = "gtach.provisioning.repository.internal.PublishCommand";

    private RepositoryTools() {
    }

    /** Runs the tool the arguments name; the exit status is the tool's. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("gtach-tools-");
            List<URL> urls = new ArrayList<>();
            for (EmbeddedBundles.Embedded bundle : EmbeddedBundles.list()) {
                if (NEEDED.contains(bundle.symbolicName())) {
                    Path copy = scratch.resolve(bundle.path().getFileName().toString());
                    try (InputStream in = bundle.open()) {
                        Files.copy(in, copy);
                    }
                    urls.add(copy.toUri().toURL());
                }
            }
            // bndlib logs through SLF4J: only what matters reaches the terminal
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
            try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), RepositoryTools.class.getClassLoader())) {
                Method run = loader.loadClass(ENTRY_POINT).getMethod("run", String[].class, PrintStream.class, PrintStream.class);
                return (Integer) run.invoke(null, args, out, err);
            }
        } catch (InvocationTargetException e) {
            err.println(args[0] + " failed: " + e.getCause());
            return 1;
        } catch (IOException | UncheckedIOException | ReflectiveOperationException | StartupException e) {
            err.println(args[0] + " cannot run: the repository bundle cannot be loaded from this jar (" + e.getMessage() + ").");
            return 1;
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover in the temporary directory is harmless
        }
    }
}
