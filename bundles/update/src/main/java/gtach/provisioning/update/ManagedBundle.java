package gtach.provisioning.update;

import java.util.Objects;

/**
 * One bundle of a generation.
 *
 * @param symbolicName its symbolic name
 * @param version its OSGi version
 * @param sha256 the SHA-256 of its JAR, as stored in the repository
 * @param location its framework location, {@code gtach:app:<symbolic-name>}
 * @param startLevel its start level
 * @param started whether it is meant to be running (false for fragments and for bundles installed or kept
 *        not started)
 * @param requested whether an operator asked for it, rather than it being needed by another
 */
public record ManagedBundle(String symbolicName, String version, String sha256, String location, int startLevel,
        boolean started, boolean requested) {

    public ManagedBundle {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(location, "location");
    }
}
