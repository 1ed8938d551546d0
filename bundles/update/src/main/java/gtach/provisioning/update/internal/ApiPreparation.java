package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.version.VersionOrder;
import org.osgi.service.log.Logger;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs the API baseline's comparison of each newly stored package ({@link BaselineGate#prepare}) on a thread of its
 * own, one package after another, so that neither the add that stored it nor the plan that updates to it waits for
 * bnd's analysis of a large library (unless the plan comes before the comparison is done, and then it waits for
 * that comparison instead of making its own). After a change, the newest stored version of each bundle it touched,
 * and of each provider those are wired to, is compared the same way.
 */
final class ApiPreparation implements AutoCloseable {

    private final BaselineGate gate;
    private final Supplier<FrameworkView> view;
    private final Supplier<PackageRepository> packages;
    private final Logger log;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gtach-api-baseline");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    ApiPreparation(BaselineGate gate, Supplier<FrameworkView> view, Supplier<PackageRepository> packages, Logger log) {
        this.gate = gate;
        this.view = view;
        this.packages = packages;
        this.log = log;
        // made now, in the activating thread: made by the first add, it would inherit the console streams of the shell
        // command that asked for it (see QuietThreads)
        worker.execute(() -> { });
    }

    void stored(PackageInfo stored) {
        try {
            worker.execute(() -> {
                try {
                    gate.prepare(stored, view.get(), packages.get());
                } catch (RuntimeException e) {
                    // the plan compares the pair itself, and says so if it cannot
                    log.debug("The API of {} was not compared ahead of a plan: {}", stored.id(), e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            // the update service is stopping
        }
    }

    /**
     * A change committed or put back: a bundle it installed or returned to may have a newer version stored already,
     * which nothing was installed to compare with when it was stored; and a bundle it wired to an installed
     * provider gives that provider a consumer the comparison of the provider's newer version must cover.
     */
    void changed(Collection<String> symbolicNames) {
        List<String> names = List.copyOf(symbolicNames);
        try {
            worker.execute(() -> {
                try {
                    FrameworkView now = view.get();
                    PackageRepository repository = packages.get();
                    Set<BundleState> touched = new LinkedHashSet<>();
                    for (String name : names) {
                        BundleState changed = now.managed().get(name);
                        if (changed != null) {
                            touched.add(changed);
                            now.wiresFrom(changed).forEach(w -> now.bundle(w.provider())
                                    .filter(BundleState::managed).ifPresent(touched::add));
                        }
                    }
                    for (BundleState bundle : touched) {
                        repository.versions(bundle.managedName()).stream()
                                .max(Comparator.comparing((PackageInfo p) -> p.id().version(), VersionOrder.PRECEDENCE))
                                .ifPresent(newest -> gate.prepare(newest, now, repository));
                    }
                } catch (RuntimeException e) {
                    log.debug("The APIs of the stored versions of {} were not compared ahead of a plan: {}", names, e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            // the update service is stopping
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
