package gtach.provisioning.update;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What hot updates have left behind in the running JVM, checked after a full garbage collection:
 * the class loaders of replaced bundle revisions that are still reachable, the bundles the framework
 * keeps pending removal, and the Metaspace in use. Each held loader keeps all the classes of its
 * revision, so repeated updates with one held each grow Metaspace until the JVM fails; only a restart
 * of the runtime frees them. Immutable.
 *
 * @param checked when the check ran
 * @param generation the generation running then
 * @param held the replaced revisions whose class loaders are still reachable, oldest first
 * @param removalPending the bundles {@code FrameworkWiring.getRemovalPendingBundles()} names, as
 *        {@code symbolic-name version}: old revisions still wired, which a refresh would release
 * @param metaspaceUsedBytes the Metaspace in use after the collection; -1 when the JVM does not say
 * @param classesLoaded the classes loaded in the JVM after the collection: flat over many updates when every
 *        replaced revision is let go, growing by a revision's classes with each one held
 * @since 1.11
 */
public record LeakReport(Instant checked, int generation, List<HeldClassLoader> held, List<String> removalPending,
        long metaspaceUsedBytes, int classesLoaded) {

    public LeakReport {
        Objects.requireNonNull(checked, "checked");
        held = List.copyOf(held);
        removalPending = List.copyOf(removalPending);
    }

    /** Whether only a restart of the runtime frees what the updates left. */
    public boolean restartRecommended() {
        return !held.isEmpty() || !removalPending.isEmpty();
    }

    /**
     * One line for an operator, e.g. {@code restart recommended: 3 old class loaders held (gtach.example.display holds
     * gtach.example.tach 1.0.0)}, or {@code no old class loaders held}.
     */
    public String summary() {
        if (!restartRecommended()) {
            return "no old class loaders held";
        }
        StringBuilder text = new StringBuilder("restart recommended:");
        if (!held.isEmpty()) {
            text.append(' ').append(held.size()).append(held.size() == 1 ? " old class loader held (" : " old class loaders held (")
                    .append(String.join("; ", held.stream().map(HeldClassLoader::toString).distinct().toList())).append(')');
        }
        if (!removalPending.isEmpty()) {
            text.append(held.isEmpty() ? " " : ", ").append(removalPending.size())
                    .append(removalPending.size() == 1 ? " bundle pending removal (" : " bundles pending removal (")
                    .append(String.join(", ", removalPending)).append(')');
        }
        return text.toString();
    }
}
