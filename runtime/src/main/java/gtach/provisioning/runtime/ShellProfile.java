package gtach.provisioning.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

/**
 * The Gogo profile the runtime starts its shell with, written to {@code <home>/run/gosh/etc/gosh_profile}
 * at each start. Gogo reads that file instead of its own default profile when it exists.
 */
final class ShellProfile {

    /** Without a terminal: only what commands sent over the command channel need, no line editor. */
    private static final String DAEMON = """
            # Gogo profile of a GTach runtime started without a terminal (written at each start).
            SCOPE = 'felix:gogo:gtach:*'
            """;

    /** Gogo's profile prints the {@code motd} beside it. */
    private static final String WELCOME = """
            GTach console: `gtach:help` lists GTach's commands, `help gtach:install` explains one; Tab completes.
            `exit` or Ctrl-D stops the runtime.
            """;

    private static final String GOGO_JLINE = "org.apache.felix.gogo.jline";
    private static final String COMPLETIONS = "console_completions.gosh";

    private ShellProfile() {
    }

    /** Writes the daemon's profile and answers the directory to use as {@code gosh.home}. */
    static Path daemon(GtachHome home) {
        return write(home, DAEMON);
    }

    /**
     * Writes the console's profile: Gogo's own default profile, read from the embedded Gogo JLine
     * bundle so that its line editing and completion stay as Gogo ships them, then GTach's scope
     * order and the completion of the {@code gtach:} commands' options and package names.
     * Answers the directory to use as {@code gosh.home}, or empty when Gogo's profile cannot be
     * found, in which case Gogo's default applies and only completion of names is lost.
     */
    static Optional<Path> console(GtachHome home) {
        return gogoDefaultProfile().map(gogo -> {
            Path goshHome = write(home, gogo + "\n" + completions());
            try {
                Files.writeString(goshHome.resolve("etc/motd"), WELCOME);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return goshHome;
        });
    }

    private static Optional<String> gogoDefaultProfile() {
        for (EmbeddedBundles.Embedded bundle : EmbeddedBundles.list()) {
            if (bundle.symbolicName().equals(GOGO_JLINE)) {
                try (JarInputStream jar = new JarInputStream(bundle.open())) {
                    for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
                        if (entry.getName().equals("gosh_profile")) {
                            return Optional.of(new String(jar.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static String completions() {
        try (InputStream in = ShellProfile.class.getResourceAsStream(COMPLETIONS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(GtachHome home, String profile) {
        Path goshHome = home.run().resolve("gosh");
        try {
            Files.createDirectories(goshHome.resolve("etc"));
            Files.writeString(goshHome.resolve("etc/gosh_profile"), profile);
            return goshHome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
