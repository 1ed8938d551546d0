package gtach.provisioning.update.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The difference between a target bundle set and what a {@link FrameworkView} found: what to
 * install, update in place and uninstall, what only moves to another start level or is started or
 * stopped, the resolved hosts that must take a new fragment, and the refresh set that follows. The one place where a diff and a refresh closure are computed: planning,
 * staging, snapshots, applying, rollback, crash recovery and the boot guard all use it.
 *
 * @param installs targets with no bundle installed under their name
 * @param updates installed bundles to be replaced by their target, in place
 * @param uninstalls installed managed bundles that the target does not hold
 * @param newFragmentHosts resolved hosts of new fragments: only a refresh attaches a fragment
 * @param refresh the replaced bundles and everything wired to them
 * @param startChanges installed bundles that stay as they are but for their start level or whether they
 *        are started: nothing is replaced or refreshed for them
 */
record Delta(List<TargetBundle> installs, List<Replacement> updates, List<BundleState> uninstalls,
        Set<BundleState> newFragmentHosts, RefreshSet refresh, List<Replacement> startChanges) {

    /** An installed bundle and the target that replaces it (or, for a start change, that it becomes). */
    record Replacement(BundleState installed, TargetBundle target) {

        /** Whether the target's start level or started state differs from the installed bundle's. */
        boolean startDiffers() {
            return target.startLevel() > 0 && installed.startLevel() != target.startLevel()
                    || !installed.fragment() && installed.persistentlyStarted() != target.started();
        }
    }

    Delta {
        installs = List.copyOf(installs);
        updates = List.copyOf(updates);
        uninstalls = List.copyOf(uninstalls);
        newFragmentHosts = Set.copyOf(newFragmentHosts);
        startChanges = List.copyOf(startChanges);
    }

    /**
     * @param view the framework as it is
     * @param target every managed bundle wanted
     * @param forced locations to replace with their target's JAR even when version and hash agree
     *        (after a crash, what the framework holds there is not known)
     */
    static Delta between(FrameworkView view, Collection<TargetBundle> target, Collection<String> forced) {
        List<TargetBundle> installs = new ArrayList<>();
        List<Replacement> updates = new ArrayList<>();
        List<Replacement> startChanges = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (TargetBundle t : target) {
            wanted.add(t.symbolicName());
            BundleState now = view.managed().get(t.symbolicName());
            if (now == null) {
                installs.add(t);
            } else if (!now.version().equals(t.id().version()) || !now.sha256().equals(Optional.of(t.sha256()))
                    || forced.contains(t.location())) {
                updates.add(new Replacement(now, t));
            } else if (new Replacement(now, t).startDiffers()) {
                startChanges.add(new Replacement(now, t));
            }
        }
        List<BundleState> uninstalls = new ArrayList<>();
        view.managed().forEach((name, bundle) -> {
            if (!wanted.contains(name)) {
                uninstalls.add(bundle);
            }
        });
        Set<BundleState> hosts = new LinkedHashSet<>();
        for (TargetBundle t : installs) {
            t.host().ifPresent(host -> view.named(host).stream().filter(BundleState::resolved).forEach(hosts::add));
        }
        Set<BundleState> replaced = replaced(updates, uninstalls, hosts);
        return new Delta(installs, updates, uninstalls, hosts, replaced.isEmpty() ? RefreshSet.EMPTY : view.closure(replaced),
                startChanges);
    }

    boolean isEmpty() {
        return installs.isEmpty() && updates.isEmpty() && uninstalls.isEmpty() && startChanges.isEmpty();
    }

    /** The JARs applying needs: those of new and replaced bundles. */
    List<TargetBundle> toStage() {
        List<TargetBundle> jars = new ArrayList<>(installs);
        updates.forEach(u -> jars.add(u.target()));
        return jars;
    }

    /** Bundles that {@code Bundle.update}, {@code uninstall} or a new fragment replace: what is refreshed. */
    Set<BundleState> replaced() {
        return replaced(updates, uninstalls, newFragmentHosts);
    }

    private static Set<BundleState> replaced(List<Replacement> updates, List<BundleState> uninstalls,
            Set<BundleState> hosts) {
        Set<BundleState> replaced = new LinkedHashSet<>();
        updates.forEach(u -> replaced.add(u.installed()));
        replaced.addAll(uninstalls);
        replaced.addAll(hosts);
        return replaced;
    }

    /** The managed bundles whose state or data applying may change: what a snapshot must hold. */
    Set<BundleState> affectedManaged() {
        Set<BundleState> affected = new LinkedHashSet<>();
        for (BundleState member : refresh.members()) {
            if (member.managed()) {
                affected.add(member);
            }
        }
        return affected;
    }

    /** Every managed location applying touches, for the journal. */
    List<String> touchedLocations() {
        Set<String> touched = new LinkedHashSet<>();
        installs.forEach(t -> touched.add(t.location()));
        updates.forEach(u -> touched.add(u.installed().location()));
        uninstalls.forEach(b -> touched.add(b.location()));
        return new ArrayList<>(touched);
    }
}
