package gtach.provisioning.update.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries out a {@link Delta} with the framework's own operations, in four named phases: stop the
 * refresh set, replace (uninstall, update in place, install), refresh exactly the replaced bundles
 * and wait for the framework to finish, start what runs in the target in dependency order. Used to
 * apply a plan, to roll back, and to recover after a crash: a rollback carries out the delta back
 * to the previous set, it is not an undo.
 */
final class Reconciler {

    /**
     * What a reconciliation did, for verifying and recording it.
     *
     * @param target every bundle of the target set, by symbolic name
     * @param changed the bundles installed or updated
     * @param refreshed the members of the refresh set still installed
     */
    record Outcome(Map<String, Bundle> target, Set<Bundle> changed, Set<Bundle> refreshed) {
    }

    /** Where a target bundle's JAR is read from. */
    interface Jars {
        Path jarOf(TargetBundle bundle) throws ApplyFailure;
    }

    /** Work between two phases: saving data areas once bundles stopped, restoring them before anything starts. */
    interface Between {
        void run() throws ApplyFailure;
    }

    private final BundleContext context;
    private final Lifecycle lifecycle;
    private final Duration refreshTimeout;
    private final Steps steps;

    Reconciler(BundleContext context, Lifecycle lifecycle, Duration refreshTimeout, Steps steps) {
        this.context = context;
        this.lifecycle = lifecycle;
        this.refreshTimeout = refreshTimeout;
        this.steps = steps;
    }

    /**
     * @param delta what to do, from the view of the framework the target was compared with
     * @param target the whole managed set wanted
     */
    Outcome reconcile(Delta delta, List<TargetBundle> target, Jars jars, Between afterStop, Between beforeStart)
            throws ApplyFailure {
        Set<Bundle> stopped = stop(delta);
        afterStop.run();
        Map<String, Bundle> after = new LinkedHashMap<>();
        Set<Bundle> changed = replace(delta, jars, after);
        List<Bundle> replaced = bundles(delta.replaced());
        if (!replaced.isEmpty()) {
            refresh(replaced);
            steps.reached("refreshed");
        }
        beforeStart.run();
        for (TargetBundle t : target) {
            after.computeIfAbsent(t.symbolicName(), name -> bundleAt(t.location()));
        }
        start(target, after, stopped);
        steps.reached("started");
        Set<Bundle> refreshed = new LinkedHashSet<>(bundles(delta.refresh().members()));
        refreshed.removeIf(b -> b.getState() == Bundle.UNINSTALLED);
        return new Outcome(after, changed, refreshed);
    }

    /** Stops what runs in the refresh set, consumers first; answers what was running. */
    private Set<Bundle> stop(Delta delta) throws ApplyFailure {
        List<Bundle> order = dependencyOrder(bundles(delta.refresh().members()));
        java.util.Collections.reverse(order);
        Set<Bundle> running = new HashSet<>();
        for (Bundle bundle : order) {
            if ((bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0 && !isFragment(bundle)) {
                running.add(bundle);
                // Transient: the persistent "started" mark stays, so a crash now restarts what ran.
                lifecycle.run(bundle, "stop", () -> bundle.stop(Bundle.STOP_TRANSIENT));
            }
        }
        if (!order.isEmpty()) {
            steps.reached("stopped");
        }
        return running;
    }

    /** Uninstalls, updates in place and installs; answers the bundles updated or installed. */
    private Set<Bundle> replace(Delta delta, Jars jars, Map<String, Bundle> after) throws ApplyFailure {
        for (Bundle bundle : bundles(delta.uninstalls())) {
            lifecycle.run(bundle, "uninstall", bundle::uninstall);
            steps.reached("uninstalled " + bundle.getSymbolicName());
        }
        Set<Bundle> changed = new LinkedHashSet<>();
        for (Delta.Replacement update : delta.updates()) {
            Bundle bundle = bundleAt(update.installed().location());
            Path jar = jars.jarOf(update.target());
            lifecycle.run(bundle, "update", () -> {
                try (InputStream in = Files.newInputStream(jar)) {
                    bundle.update(in);
                } catch (IOException e) {
                    throw new BundleException("cannot read " + jar + ": " + e.getMessage(), e);
                }
            });
            changed.add(bundle);
            after.put(update.target().symbolicName(), bundle);
            steps.reached("updated " + update.target().symbolicName());
        }
        for (TargetBundle t : delta.installs()) {
            Path jar = jars.jarOf(t);
            Bundle installed;
            try (InputStream in = Files.newInputStream(jar)) {
                installed = context.installBundle(t.location(), in);
                if (t.startLevel() > 0) {
                    installed.adapt(BundleStartLevel.class).setStartLevel(t.startLevel());
                }
            } catch (IOException | BundleException e) {
                throw new ApplyFailure(t + " could not be installed: " + Lifecycle.rootMessage(e), e);
            }
            changed.add(installed);
            after.put(t.symbolicName(), installed);
            steps.reached("installed " + t.symbolicName());
        }
        return changed;
    }

    /** Resolves the target set, then starts what it says runs and what ran before the refresh. */
    private void start(List<TargetBundle> target, Map<String, Bundle> after, Set<Bundle> stopped) throws ApplyFailure {
        FrameworkWiring frameworkWiring = context.getBundle(0).adapt(FrameworkWiring.class);
        List<Bundle> targetBundles = new ArrayList<>(after.values());
        if (!targetBundles.isEmpty() && !frameworkWiring.resolveBundles(targetBundles)) {
            List<String> unresolved = new ArrayList<>();
            for (Bundle b : targetBundles) {
                if (b.getState() == Bundle.INSTALLED) {
                    unresolved.add(Lifecycle.name(b));
                }
            }
            throw new ApplyFailure("the framework could not resolve " + String.join(", ", unresolved));
        }
        Map<String, TargetBundle> byLocation = new LinkedHashMap<>();
        target.forEach(t -> byLocation.put(t.location(), t));
        Set<Bundle> startSet = new LinkedHashSet<>(targetBundles);
        for (Bundle bundle : stopped) {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                startSet.add(bundle);
            }
        }
        for (Bundle bundle : dependencyOrder(startSet)) {
            if (isFragment(bundle)) {
                continue;
            }
            TargetBundle t = byLocation.get(bundle.getLocation());
            if (t == null) {
                if (stopped.contains(bundle) && bundle.getState() != Bundle.ACTIVE) {
                    lifecycle.run(bundle, "start", () -> bundle.start(Bundle.START_TRANSIENT));
                }
                continue;
            }
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            if (!t.started() && ((bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0 || level.isPersistentlyStarted())) {
                // Also when only the mark is left (the refresh set was stopped transiently): the framework acts on a
                // new start level by itself, and would start a marked bundle that is meant to stay stopped.
                lifecycle.run(bundle, "stop", bundle::stop);
            }
            if (t.startLevel() > 0 && level.getStartLevel() != t.startLevel()) {
                // Asked for, or moved with the framework's own shell: the target says where it belongs.
                level.setStartLevel(t.startLevel());
            }
            if (t.started() && bundle.getState() != Bundle.ACTIVE) {
                lifecycle.run(bundle, "start", bundle::start);
            }
        }
    }

    private Bundle bundleAt(String location) {
        Bundle bundle = context.getBundle(location);
        if (bundle == null) {
            throw new IllegalStateException("No bundle is installed at " + location);
        }
        return bundle;
    }

    private List<Bundle> bundles(Collection<BundleState> states) {
        return bundles(context, states);
    }

    /** The bundles a view found, as the framework holds them now; those uninstalled since are left out. */
    static List<Bundle> bundles(BundleContext context, Collection<BundleState> states) {
        List<Bundle> bundles = new ArrayList<>();
        for (BundleState state : states) {
            Bundle bundle = context.getBundle(state.id());
            if (bundle != null) {
                bundles.add(bundle);
            }
        }
        return bundles;
    }

    private void refresh(Collection<Bundle> bundles) throws ApplyFailure {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<FrameworkEvent> error = new AtomicReference<>();
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                error.compareAndSet(null, event);
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(refreshTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApplyFailure("the framework did not finish refreshing within " + refreshTimeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyFailure("interrupted while waiting for the refresh");
        }
        FrameworkEvent failed = error.get();
        if (failed != null && failed.getThrowable() != null) {
            throw new ApplyFailure("the refresh failed: " + Lifecycle.rootMessage(failed.getThrowable()), failed.getThrowable());
        }
    }

    /** Providers before the bundles wired to them; cycles are broken arbitrarily. */
    static List<Bundle> dependencyOrder(Collection<Bundle> bundles) {
        Set<Bundle> set = new LinkedHashSet<>(bundles);
        List<Bundle> ordered = new ArrayList<>();
        Set<Bundle> visited = new HashSet<>();
        List<Bundle> sorted = new ArrayList<>(set);
        sorted.sort(Comparator.comparingLong(Bundle::getBundleId));
        for (Bundle b : sorted) {
            visit(b, set, visited, ordered);
        }
        return ordered;
    }

    private static void visit(Bundle bundle, Set<Bundle> set, Set<Bundle> visited, List<Bundle> ordered) {
        if (!visited.add(bundle)) {
            return;
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(null)) {
                Bundle provider = wire.getProvider().getBundle();
                if (set.contains(provider)) {
                    visit(provider, set, visited, ordered);
                }
            }
        }
        ordered.add(bundle);
    }

    static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
