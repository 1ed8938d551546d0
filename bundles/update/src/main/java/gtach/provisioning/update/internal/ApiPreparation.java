package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageInfo;
import gtach.provisioning.repository.PackageRepository;
import org.osgi.service.log.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs the API baseline's comparison of each newly stored package ({@link BaselineGate#prepare}) on a thread of its
 * own, one package after another, so that neither the add that stored it nor the plan that updates to it waits for
 * bnd's analysis of a large library (unless the plan comes before the comparison is done, and then it waits for
 * that comparison instead of making its own).
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

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
