package gtach.provisioning.update.internal;

import org.osgi.framework.namespace.HostNamespace;
import org.osgi.resource.Requirement;

/**
 * One wire of the framework between two bundles, as a transaction found it.
 *
 * @param requirer the id of the bundle that needs something
 * @param provider the id of the bundle that gives it
 * @param requirement what is needed
 */
record Dependency(long requirer, long provider, Requirement requirement) {

    /** A fragment's wire to its host: refreshing either refreshes the other. */
    boolean attachesFragment() {
        return HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace());
    }
}
