package gtach.provisioning.update.internal;

import gtach.provisioning.update.HeldClassLoader;
import gtach.provisioning.update.LeakReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.log.Logger;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Tells whether hot updates leave old class loaders behind. Before a change replaces bundle
 * revisions, their class loaders are kept weakly, with the bundles that used their services or were
 * wired to them; after the change, a full garbage collection shows which are still reachable. The
 * collection is not free, so after a change it runs on a thread of its own, a few seconds later,
 * never on the path of the request that made the change.
 */
final class LoaderWatch implements AutoCloseable {

    /** Lets what a refresh stopped finish stopping (components deactivating, log entries delivered) before looking. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    /** A replaced revision's class loader, and who may keep it. */
    private record Watched(WeakReference<ClassLoader> loader, String bundle, int replacedIn, List<String> heldBy) {
    }

    private final BundleContext context;
    private final IntSupplier generation;
    private final Logger log;
    private final Duration settle;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gtach-leak-check");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean checkPending = new AtomicBoolean();
    private final List<Watched> watched = new ArrayList<>();
    private volatile LeakReport last;
    private String lastLogged = "";

    /**
     * @param generation the generation running now
     * @param settle how long after a change the check runs
     */
    LoaderWatch(BundleContext context, IntSupplier generation, Logger log, Duration settle) {
        this.context = context;
        this.generation = generation;
        this.log = log;
        this.settle = settle;
        // made now, in the activating thread: made later by the first change, it would inherit the console streams
        // of the shell command that asked for it (see QuietThreads)
        checker.execute(() -> { });
    }

    /**
     * Keeps, weakly, the class loaders of the current revisions of the bundles a change is about to
     * restart (its refresh set): each gets a new one, so none of these may stay reachable.
     */
    void watch(Collection<Bundle> restarted, int runningGeneration) {
        List<Watched> added = new ArrayList<>();
        for (Bundle bundle : restarted) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
            if (loader == null) {
                continue; // a fragment, or a bundle never resolved: no class loader of its own
            }
            added.add(new Watched(new WeakReference<>(loader), label(bundle), runningGeneration,
                    users(bundle, wiring, restarted)));
        }
        synchronized (watched) {
            watched.addAll(added);
        }
    }

    /** Checks a little later, on the checker's thread; one check serves every change made meanwhile. */
    void checkSoon() {
        if (checkPending.compareAndSet(false, true)) {
            checker.schedule(() -> {
                checkPending.set(false);
                try {
                    check();
                } catch (RuntimeException e) {
                    log.warn("Could not check for old class loaders held after the last change: {}", e.toString());
                }
            }, settle.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Collects the garbage, then reports what is still held; blocks for the collection. */
    LeakReport check() {
        collectGarbage();
        Set<ClassLoader> current = currentLoaders();
        List<HeldClassLoader> held = new ArrayList<>();
        synchronized (watched) {
            // a change that failed before it replaced anything leaves its revisions running: they are not old
            watched.removeIf(w -> w.loader().get() == null || current.contains(w.loader().get()));
            for (Watched w : watched) {
                held.add(new HeldClassLoader(w.bundle(), w.replacedIn(), w.heldBy()));
            }
        }
        List<String> pending = new ArrayList<>();
        FrameworkWiring frameworkWiring = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
        for (Bundle bundle : frameworkWiring.getRemovalPendingBundles()) {
            pending.add(label(bundle));
        }
        LeakReport report = new LeakReport(Instant.now(), generation.getAsInt(), held, pending, metaspaceUsed(),
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        last = report;
        logOncePerChange(report);
        return report;
    }

    Optional<LeakReport> last() {
        return Optional.ofNullable(last);
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }

    /** A warning when what is held changes, not at every check: a device checks after every update for months. */
    private synchronized void logOncePerChange(LeakReport report) {
        String summary = report.summary();
        if (summary.equals(lastLogged)) {
            return;
        }
        if (report.restartRecommended()) {
            log.warn("Hot updates left old classes in memory; {} (Metaspace in use {} MB; gtach:leaks tells more)", summary,
                    report.metaspaceUsedBytes() < 0 ? "unknown" : String.format("%.1f", report.metaspaceUsedBytes() / 1048576.0));
        } else if (!lastLogged.isEmpty()) {
            log.info("The old class loaders held earlier have been released");
        }
        lastLogged = report.restartRecommended() || !lastLogged.isEmpty() ? summary : "";
    }

    /**
     * The bundles that may keep a revision: those using its services or wired to it, other than itself and
     * those restarted with it (their own old revisions are watched in their own right).
     */
    private static List<String> users(Bundle bundle, BundleWiring wiring, Collection<Bundle> restarted) {
        Set<Bundle> users = new LinkedHashSet<>();
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (registered != null) {
            for (ServiceReference<?> reference : registered) {
                Bundle[] using = reference.getUsingBundles();
                if (using != null) {
                    users.addAll(List.of(using));
                }
            }
        }
        for (BundleWire wire : wiring.getProvidedWires(null)) {
            users.add(wire.getRequirerWiring().getBundle());
        }
        users.remove(bundle);
        users.removeAll(restarted);
        users.removeIf(user -> user.getBundleId() == Constants.SYSTEM_BUNDLE_ID);
        return users.stream().map(LoaderWatch::label).toList();
    }

    /** The class loaders of the revisions the framework runs now, by identity. */
    private Set<ClassLoader> currentLoaders() {
        Set<ClassLoader> loaders = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring != null && wiring.getClassLoader() != null) {
                loaders.add(wiring.getClassLoader());
            }
        }
        return loaders;
    }

    private static String label(Bundle bundle) {
        return bundle.getSymbolicName() + " " + Versions.display(bundle.getVersion());
    }

    /**
     * Two full collections with finalization between them: a class loader reachable only from an object awaiting
     * finalization is released by the second.
     */
    private static void collectGarbage() {
        System.gc();
        System.runFinalization();
        System.gc();
    }

    private static long metaspaceUsed() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        return -1;
    }
}
