package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import java.util.Optional;

/**
 * One installed bundle as a transaction found it. Immutable; the framework may have moved on since.
 *
 * @param id the bundle id
 * @param symbolicName its symbolic name
 * @param version its version
 * @param location its location; {@code gtach:app:<name>} for the bundles the update service manages
 * @param state its {@link Bundle#getState() state}
 * @param startLevel its start level
 * @param persistentlyStarted whether it is marked to start
 * @param fragment whether it is a fragment
 * @param resolved whether it has a current wiring
 * @param sha256 for a managed bundle, the SHA-256 of the JAR the last committed generation gave it; empty when
 *        that generation does not hold it, and for unmanaged bundles
 */
record BundleState(long id, String symbolicName, Version version, String location, int state, int startLevel,
        boolean persistentlyStarted, boolean fragment, boolean resolved, Optional<String> sha256) {

    boolean managed() {
        return location.startsWith(TargetBundle.LOCATION_PREFIX);
    }

    /** The name a managed bundle is known by: its location without the prefix. */
    String managedName() {
        return location.substring(TargetBundle.LOCATION_PREFIX.length());
    }

    boolean running() {
        return (state & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
    }

    @Override
    public String toString() {
        return symbolicName + " " + Versions.display(version);
    }
}
