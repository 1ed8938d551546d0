package gtach.provisioning.update.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

import java.util.Optional;

/**
 * The start levels a plan works with, read from the framework.
 *
 * @param provisioning the level of the provisioning layer (the update bundle's own): the application
 *        runs above it, so that it starts only once recovery is done
 * @param application the level bundles are installed at unless told otherwise (the framework's
 *        initial bundle start level)
 * @param framework the framework's active start level: a bundle above it would never start
 */
record StartLevels(int provisioning, int application, int framework) {

    static StartLevels read(BundleContext context) {
        FrameworkStartLevel levels = context.getBundle(0).adapt(FrameworkStartLevel.class);
        return new StartLevels(context.getBundle().adapt(BundleStartLevel.class).getStartLevel(),
                levels.getInitialBundleStartLevel(), levels.getStartLevel());
    }

    /**
     * Why a bundle cannot be given this level, worded to follow "Cannot install x: "; empty when it can.
     *
     * @param who what is given the level, e.g. {@code gtach.example.tach}
     */
    Optional<String> problem(String who, int level) {
        if (level <= provisioning) {
            return Optional.of(who + " cannot have start level " + level + ": levels up to " + provisioning
                    + " belong to the provisioning layer, and the application runs above it" + choice());
        }
        if (level > framework) {
            return Optional.of(who + " cannot have start level " + level + ": the framework runs at level "
                    + framework + ", so it would never start" + choice());
        }
        return Optional.empty();
    }

    /** The levels an application bundle may have, e.g. {@code  (choose 2 to 100)}. */
    private String choice() {
        if (provisioning >= framework) {
            return "";
        }
        return provisioning + 1 == framework ? " (choose " + framework + ")"
                : " (choose " + (provisioning + 1) + " to " + framework + ")";
    }
}
