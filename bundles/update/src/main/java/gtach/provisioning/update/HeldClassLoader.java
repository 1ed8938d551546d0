package gtach.provisioning.update;

import java.util.List;
import java.util.Objects;

/**
 * The class loader of a bundle revision that an update replaced, still reachable after a full
 * garbage collection: something keeps an object or class of the old revision, and with it every
 * class that revision loaded. Immutable.
 *
 * @param bundle the revision, as {@code symbolic-name version}
 * @param replacedIn the generation that was running when it was replaced (by the change that left it)
 * @param heldBy the bundles that may hold it, as {@code symbolic-name version}: those that used its services or were
 *        wired to it when it was replaced and were not restarted with it, nearest first; empty when the framework
 *        showed none (then something outside the bundles, such as a thread or a log entry, holds it)
 * @since 1.11
 */
public record HeldClassLoader(String bundle, int replacedIn, List<String> heldBy) {

    public HeldClassLoader {
        Objects.requireNonNull(bundle, "bundle");
        heldBy = List.copyOf(heldBy);
    }

    /** {@code gtach.example.display 1.0.0 holds gtach.example.tach 1.0.0}, or {@code gtach.example.tach 1.0.0 is held}. */
    @Override
    public String toString() {
        return heldBy.isEmpty() ? bundle + " is held" : String.join(" or ", heldBy) + " holds " + bundle;
    }
}
