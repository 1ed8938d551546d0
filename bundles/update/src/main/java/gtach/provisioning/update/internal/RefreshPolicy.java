package gtach.provisioning.update.internal;

import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an operator allows a plan to restart: at most {@code maxRefresh} bundles stopped and started
 * again, and never a protected bundle (a display that must keep showing the engine speed) unless the
 * request names it with {@code --allow-restart}. Checked when a request is planned, before anything
 * changes. Rollbacks are not bound by it: they return to a set that ran, and refusing one would leave
 * the device on the set that is being left.
 */
final class RefreshPolicy {

    static final RefreshPolicy NONE = new RefreshPolicy(-1, Set.of());

    private final int maxRefresh;
    private final Set<String> protectedNames;

    /**
     * @param maxRefresh the most bundles a plan may stop and start again; negative for no bound
     * @param protectedNames symbolic names a plan may not stop or refresh
     */
    RefreshPolicy(int maxRefresh, Set<String> protectedNames) {
        this.maxRefresh = maxRefresh;
        this.protectedNames = Set.copyOf(protectedNames);
    }

    /** From the update service's configuration; blank names (an empty entry of a list) are ignored. */
    static RefreshPolicy of(int maxRefresh, String[] protectedNames) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(protectedNames == null ? new String[0] : protectedNames)
                .flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .forEach(names::add);
        return new RefreshPolicy(maxRefresh, names);
    }

    /**
     * @throws UpdateRefusedException naming the protected bundles the plan would stop, with the chain of wires
     *         that reaches each, or the bundles it would restart when they are more than allowed
     */
    void check(String subject, UpdateRequest request, Delta delta) throws UpdateRefusedException {
        List<String> reached = new ArrayList<>();
        // what --allow-restart must name: the bundles reached, and those the request allows already
        Set<String> toAllow = new TreeSet<>(request.allowedRestarts());
        for (BundleState member : delta.refresh().members()) {
            if (protectedNames.contains(member.symbolicName()) && !request.allowedRestarts().contains(member.symbolicName())) {
                reached.add(member + (delta.refresh().pulledIn(member)
                        ? ", which " + delta.refresh().chain(member) : ", which " + changeOf(member, delta)));
                toAllow.add(member.symbolicName());
            }
        }
        for (Delta.Replacement change : delta.startChanges()) {
            BundleState bundle = change.installed();
            if (protectedNames.contains(bundle.symbolicName()) && !request.allowedRestarts().contains(bundle.symbolicName())
                    && bundle.persistentlyStarted() && !change.target().started()) {
                reached.add(bundle + ", which the plan stops");
                toAllow.add(bundle.symbolicName());
            }
        }
        if (!reached.isEmpty()) {
            throw Planner.refused(subject, "it would restart " + (reached.size() == 1 ? "the protected bundle " : "the protected bundles ")
                    + String.join("; and ", reached) + "; --allow-restart " + String.join(",", toAllow)
                    + " allows that for this request");
        }
        if (maxRefresh >= 0 && delta.refresh().size() > maxRefresh) {
            throw Planner.refused(subject, "it would stop and start again " + delta.refresh().size() + " bundles ("
                    + String.join(", ", delta.refresh().texts()) + "), more than the " + maxRefresh
                    + " the update service's policy allows (maxRefresh)");
        }
    }

    private static String changeOf(BundleState member, Delta delta) {
        return delta.uninstalls().contains(member) ? "the plan uninstalls"
                : delta.newFragmentHosts().contains(member) ? "takes a new fragment" : "the plan updates";
    }
}
