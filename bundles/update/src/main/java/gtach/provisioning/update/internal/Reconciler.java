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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * Moves the framework's managed bundles to a target set with the framework's own operations:
 * stop what must stop, update in place, install, uninstall, refresh exactly the dependency
 * closure of what changed, resolve, start in dependency order. Used to apply a plan, to roll
 * back, and to recover after a crash: a rollback re-applies the previous set, it is not an undo.
 */
final class Reconciler {

    /** What a reconciliation did, for verifying it. */
    record Outcome(Set<Bundle> changed, Set<Bundle> refreshed) {
    }

    /** Where a target bundle's JAR is read from. */
    interface Jars {
        Path jarOf(TargetBundle bundle) throws ApplyFailure;
    }

    /** Runs after the refresh and before anything starts again (restoring data areas, for instance). */
    interface BeforeStart {
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
     * @param target the whole managed set wanted
     * @param runningSha the SHA-256 of each managed location as last committed
     * @param forced locations to re-install from the target's JAR whatever they hold now
     */
    Outcome reconcile(List<TargetBundle> target, Map<String, String> runningSha, Set<String> forced, Jars jars,
            BeforeStart beforeStart) throws ApplyFailure {
        Map<String, Bundle> managed = ManagedBundles.installed(context);
        Set<Bundle> toUpdate = new LinkedHashSet<>();
        Set<Bundle> toUninstall = new LinkedHashSet<>();
        List<TargetBundle> toInstall = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (TargetBundle t : target) {
            wanted.add(t.symbolicName());
            Bundle now = managed.get(t.symbolicName());
            if (now == null) {
                toInstall.add(t);
            } else if (!now.getVersion().equals(t.id().version()) || !t.sha256().equals(runningSha.get(t.location()))
                    || forced.contains(t.location())) {
                toUpdate.add(now);
            }
        }
        managed.forEach((name, bundle) -> {
            if (!wanted.contains(name)) {
                toUninstall.add(bundle);
            }
        });

        FrameworkWiring frameworkWiring = context.getBundle(0).adapt(FrameworkWiring.class);
        Set<Bundle> replaced = new LinkedHashSet<>(toUpdate);
        replaced.addAll(toUninstall);
        // A resolved host takes a new fragment only when it is refreshed.
        replaced.addAll(hostsOfNewFragments(toInstall, jars));
        Collection<Bundle> closure = replaced.isEmpty() ? Set.of() : frameworkWiring.getDependencyClosure(replaced);
        Set<Bundle> wasActive = new HashSet<>();
        List<Bundle> stopOrder = dependencyOrder(closure);
        java.util.Collections.reverse(stopOrder);
        for (Bundle bundle : stopOrder) {
            if ((bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0 && !isFragment(bundle)) {
                wasActive.add(bundle);
                // Transient: the persistent "started" mark stays, so a crash now restarts what ran.
                lifecycle.run(bundle, "stop", () -> bundle.stop(Bundle.STOP_TRANSIENT));
            }
        }
        if (!stopOrder.isEmpty()) {
            steps.reached("stopped");
        }

        for (Bundle bundle : toUninstall) {
            lifecycle.run(bundle, "uninstall", bundle::uninstall);
            steps.reached("uninstalled " + bundle.getSymbolicName());
        }
        Set<Bundle> changed = new LinkedHashSet<>();
        for (Bundle bundle : toUpdate) {
            TargetBundle t = targetOf(target, bundle);
            Path jar = jars.jarOf(t);
            lifecycle.run(bundle, "update", () -> {
                try (InputStream in = Files.newInputStream(jar)) {
                    bundle.update(in);
                } catch (IOException e) {
                    throw new BundleException("cannot read " + jar + ": " + e.getMessage(), e);
                }
            });
            changed.add(bundle);
            steps.reached("updated " + t.symbolicName());
        }
        for (TargetBundle t : toInstall) {
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
            steps.reached("installed " + t.symbolicName());
        }

        if (!replaced.isEmpty()) {
            refresh(frameworkWiring, replaced);
            steps.reached("refreshed");
        }
        beforeStart.run();

        Map<String, Bundle> after = ManagedBundles.installed(context);
        List<Bundle> targetBundles = new ArrayList<>();
        for (TargetBundle t : target) {
            targetBundles.add(after.get(t.symbolicName()));
        }
        if (!targetBundles.isEmpty() && !frameworkWiring.resolveBundles(targetBundles)) {
            List<String> unresolved = new ArrayList<>();
            for (Bundle b : targetBundles) {
                if (b.getState() == Bundle.INSTALLED) {
                    unresolved.add(Lifecycle.name(b));
                }
            }
            throw new ApplyFailure("the framework could not resolve " + String.join(", ", unresolved));
        }

        Set<Bundle> startSet = new LinkedHashSet<>(targetBundles);
        for (Bundle bundle : closure) {
            if (bundle.getState() != Bundle.UNINSTALLED && wasActive.contains(bundle)) {
                startSet.add(bundle);
            }
        }
        for (Bundle bundle : dependencyOrder(startSet)) {
            if (isFragment(bundle)) {
                continue;
            }
            TargetBundle t = ManagedBundles.isManaged(bundle) ? targetOf(target, bundle) : null;
            if (t == null) {
                if (wasActive.contains(bundle) && bundle.getState() != Bundle.ACTIVE) {
                    lifecycle.run(bundle, "start", () -> bundle.start(Bundle.START_TRANSIENT));
                }
            } else if (t.started()) {
                if (bundle.getState() != Bundle.ACTIVE) {
                    lifecycle.run(bundle, "start", bundle::start);
                }
            } else if ((bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                lifecycle.run(bundle, "stop", bundle::stop);
            }
        }
        steps.reached("started");
        Set<Bundle> refreshed = new LinkedHashSet<>(closure);
        refreshed.removeIf(b -> b.getState() == Bundle.UNINSTALLED);
        return new Outcome(changed, refreshed);
    }

    private Set<Bundle> hostsOfNewFragments(List<TargetBundle> toInstall, Jars jars) throws ApplyFailure {
        Set<Bundle> hosts = new LinkedHashSet<>();
        for (TargetBundle t : toInstall) {
            Path jar = jars.jarOf(t);
            String host;
            try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
                Manifest manifest = in.getManifest();
                host = manifest == null ? null : manifest.getMainAttributes().getValue("Fragment-Host");
            } catch (IOException e) {
                throw new ApplyFailure("the JAR of " + t + " cannot be read: " + e.getMessage(), e);
            }
            if (host == null) {
                continue;
            }
            String hostName = host.split(";")[0].trim();
            for (Bundle bundle : context.getBundles()) {
                if (hostName.equals(bundle.getSymbolicName()) && bundle.adapt(BundleWiring.class) != null) {
                    hosts.add(bundle);
                }
            }
        }
        return hosts;
    }

    private static TargetBundle targetOf(List<TargetBundle> target, Bundle bundle) {
        for (TargetBundle t : target) {
            if (t.location().equals(bundle.getLocation())) {
                return t;
            }
        }
        return null;
    }

    private void refresh(FrameworkWiring wiring, Collection<Bundle> bundles) throws ApplyFailure {
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
        sorted.sort(java.util.Comparator.comparingLong(Bundle::getBundleId));
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
