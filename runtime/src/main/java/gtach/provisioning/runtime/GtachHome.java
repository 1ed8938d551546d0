package gtach.provisioning.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where a runtime keeps everything: {@code -Dgtach.home}, else {@code GTACH_HOME}, else
 * {@code ~/.gtach}.
 */
record GtachHome(Path root) {

    static final String PROPERTY = "gtach.home";
    static final String ENVIRONMENT = "GTACH_HOME";

    static GtachHome resolve(Properties system, Map<String, String> environment) {
        String explicit = system.getProperty(PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            explicit = environment.get(ENVIRONMENT);
        }
        if (explicit == null || explicit.isBlank()) {
            return new GtachHome(Path.of(system.getProperty("user.home"), ".gtach").toAbsolutePath().normalize());
        }
        return new GtachHome(Path.of(explicit).toAbsolutePath().normalize());
    }

    Path framework() {
        return root.resolve("framework");
    }

    Path run() {
        return root.resolve("run");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
