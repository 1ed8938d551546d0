package gtach.provisioning.repository.internal;

import org.osgi.framework.BundleContext;

import java.nio.file.Path;

/** The GTach home as the runtime defines it: the launcher's framework property, else the same defaults it uses. */
final class GtachHomeDirectory {

    private GtachHomeDirectory() {
    }

    static Path of(BundleContext context) {
        String home = context.getProperty("gtach.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("GTACH_HOME");
        }
        if (home == null || home.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".gtach");
        }
        return Path.of(home);
    }
}
