package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Generation;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Puts a committed generation back: after a failed attempt, after a crash, and when the boot guard
 * abandons a generation. The bundles come from the repository by their recorded hash; the data areas
 * and configurations from the attempt's journal, when there is one.
 */
final class Restorer {

    private final BundleContext context;
    private final StateStore store;
    private final Supplier<PackageRepository> packages;
    private final ConfigurationAdmin configurations;
    private final Steps steps;
    private final ThreadFactory threads;

    Restorer(BundleContext context, StateStore store, Supplier<PackageRepository> packages,
            ConfigurationAdmin configurations, Steps steps, ThreadFactory threads) {
        this.context = context;
        this.store = store;
        this.packages = packages;
        this.configurations = configurations;
        this.steps = steps;
        this.threads = threads;
    }

    /**
     * @param forced locations whose bundles may hold anything (a crash interrupted their change)
     * @param journal the attempt whose data areas and configurations to put back, if any
     * @return an empty text when that worked, else what failed
     */
    String restore(Generation generation, Collection<String> forced, Optional<Journal> journal, Duration timeout) {
        try (Lifecycle lifecycle = new Lifecycle(timeout, threads)) {
            PackageRepository repository = packages.get();
            var target = Planner.targetOf(generation, repository);
            // The generation put back is the last committed one (after a failure or a crash), so its hashes
            // are what the framework held before the attempt; what the attempt may have changed is forced.
            Delta delta = Delta.between(FrameworkView.read(context, generation), target, forced);
            Stager fromRepository = new Stager(repository, store.transactionDirectory().resolve("restore"));
            Reconciler reconciler = new Reconciler(context, lifecycle, timeout, steps);
            reconciler.reconcile(delta, target, fromRepository::stage, () -> { }, () -> {
                if (journal.isPresent()) {
                    try {
                        new Snapshot(store.transactionDirectory().resolve("snapshot"), store.files())
                                .restore(context, configurations, journal.get());
                    } catch (java.io.IOException | RuntimeException e) {
                        throw new ApplyFailure("the data and configuration snapshot could not be restored: "
                                + e.getMessage(), e);
                    }
                }
                steps.reached("restored-data");
            });
            return "";
        } catch (ApplyFailure e) {
            return e.getMessage();
        }
    }
}
