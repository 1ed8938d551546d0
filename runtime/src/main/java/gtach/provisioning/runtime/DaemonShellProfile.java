package gtach.provisioning.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Gogo profile used when the runtime runs without a terminal. Gogo always reads a profile at
 * start-up, and its default one configures the line editor, which a daemon does not have; this one
 * sets only what commands sent over the command channel need.
 */
final class DaemonShellProfile {

    private static final String PROFILE = """
            # Gogo profile of a GTach runtime started without a terminal (written at each start).
            SCOPE = 'felix:gogo:gtach:*'
            """;

    private DaemonShellProfile() {
    }

    /** Writes {@code <home>/run/gosh/etc/gosh_profile} and answers the directory to use as {@code gosh.home}. */
    static Path write(GtachHome home) {
        Path goshHome = home.run().resolve("gosh");
        try {
            Files.createDirectories(goshHome.resolve("etc"));
            Files.writeString(goshHome.resolve("etc/gosh_profile"), PROFILE);
            return goshHome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
