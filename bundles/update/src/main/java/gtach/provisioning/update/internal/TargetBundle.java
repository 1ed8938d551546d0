package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;

/**
 * One managed bundle as a plan or a generation wants it.
 *
 * @param id the stored package
 * @param sha256 the SHA-256 its JAR must have
 * @param location its framework location
 * @param started whether it should run (false for fragments)
 * @param requested whether an operator asked for it
 * @param startLevel the start level to install it at; 0 for the framework's initial bundle start level
 */
record TargetBundle(PackageId id, String sha256, String location, boolean started, boolean requested, int startLevel) {

    static final String LOCATION_PREFIX = "gtach:app:";

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
