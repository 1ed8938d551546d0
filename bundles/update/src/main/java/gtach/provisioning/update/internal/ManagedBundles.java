package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

import java.util.List;
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

    /**
     * Resolves the managed bundles kept not started. After a restart the framework resolves a bundle only when
     * it starts it or another bundle needs it, so one installed not started would show INSTALLED, which reads
     * as a bundle that cannot resolve. One that does not resolve stays INSTALLED, which then is true.
     */
    static void resolveNotStarted(BundleContext context) {
        List<Bundle> kept = installed(context).values().stream()
                .filter(b -> b.getState() == Bundle.INSTALLED && !b.adapt(BundleStartLevel.class).isPersistentlyStarted())
                .toList();
        if (!kept.isEmpty()) {
            context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(kept);
        }
    }
}
