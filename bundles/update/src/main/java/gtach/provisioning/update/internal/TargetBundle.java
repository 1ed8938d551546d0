package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;

import java.util.Objects;
import java.util.Optional;

/**
 * One managed bundle as a plan or a generation wants it.
 *
 * @param id the stored package
 * @param sha256 the SHA-256 its JAR must have
 * @param location its framework location
 * @param started whether it should run (false for fragments)
 * @param requested whether an operator asked for it
 * @param startLevel the start level to install it at; 0 for the framework's initial bundle start level
 * @param host for a fragment, the symbolic name of its host
 */
record TargetBundle(PackageId id, String sha256, String location, boolean started, boolean requested, int startLevel,
        Optional<String> host) {

    static final String LOCATION_PREFIX = "gtach:app:";

    TargetBundle {
        Objects.requireNonNull(host, "host");
    }

    static String locationOf(String symbolicName) {
        return LOCATION_PREFIX + symbolicName;
    }

    String symbolicName() {
        return id.symbolicName();
    }

    @Override
    public String toString() {
        return id.symbolicName() + " " + Versions.display(id.version());
    }
}
