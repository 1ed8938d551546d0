package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.util.Map;
import java.util.TreeMap;

/** The bundles the update service manages: those installed under {@code gtach:app:<symbolic-name>}. */
final class ManagedBundles {

    private ManagedBundles() {
    }

    static boolean isManaged(Bundle bundle) {
        return bundle.getLocation().startsWith(TargetBundle.LOCATION_PREFIX) && bundle.getState() != Bundle.UNINSTALLED;
    }

    /** Installed managed bundles by symbolic name. */
    static Map<String, Bundle> installed(BundleContext context) {
        Map<String, Bundle> managed = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (isManaged(bundle)) {
                managed.put(bundle.getLocation().substring(TargetBundle.LOCATION_PREFIX.length()), bundle);
            }
        }
        return managed;
    }
}
