package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateFailedException;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateResult;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps what runs and what the current generation records the same: tells how they differ (an
 * operator's own framework commands, a torn framework cache, a restore a hanging bundle did not let
 * finish), refuses requests meanwhile, and ends it either way: {@link #repair} puts the generation
 * back, {@link #adopt} records what runs as a new one. Shares the transaction lock.
 */
final class DriftRepair {

    private final Lock lock;
    private final BundleContext context;
    private final StateStore store;
    private final Supplier<PackageRepository> packages;
    private final Restorer restorer;
    private final InUseMarks marks;
    private final Supplier<Duration> lifecycleTimeout;
    private final Consumer<Attempt> history;
    private final Logger log;
    private final CachedJars jars = new CachedJars();
    /**
     * Why the framework does not run the current generation after a failed attempt whose restore did not
     * finish (a bundle that ignored its stop); null when it does. Requests are refused until it is finished.
     */
    private volatile String unfinished;

    DriftRepair(Lock lock, BundleContext context, StateStore store, Supplier<PackageRepository> packages,
            Restorer restorer, InUseMarks marks, Supplier<Duration> lifecycleTimeout, Consumer<Attempt> history,
            Logger log) {
        this.lock = lock;
        this.context = context;
        this.store = store;
        this.packages = packages;
        this.restorer = restorer;
        this.marks = marks;
        this.lifecycleTimeout = lifecycleTimeout;
        this.history = history;
        this.log = log;
    }

    /** A failed attempt could not put the current generation back: requests wait for a repair or a restart. */
    void restoreDidNotFinish(String reason) {
        unfinished = reason;
    }

    private Generation current() throws UpdateException {
        try {
            return store.current();
        } catch (IOException e) {
            throw new UpdateException(DamagedStateFile.sentence(e, "Cannot read the update state in " + store.root()), e);
        }
    }

    /** How the framework differs from the current generation; empty when it runs it as recorded. */
    List<String> drift() throws UpdateException {
        lock.lock();
        try {
            Generation current = current();
            List<String> texts = new ArrayList<>();
            if (unfinished != null) {
                texts.add("putting generation " + current.number() + " back after a failed attempt did not finish ("
                        + unfinished + ")");
            }
            differences(current, FrameworkView.read(context, current)).forEach(d -> texts.add(d.text()));
            return texts;
        } finally {
            lock.unlock();
        }
    }

    private List<Drift.Difference> differences(Generation current, FrameworkView view) {
        return Drift.between(current, view, bundle -> {
            Bundle installed = context.getBundle(bundle.id());
            return installed == null ? Optional.empty() : jars.sha256(installed);
        });
    }

    /** A request is refused while the framework does not run the current generation as recorded. */
    void refuseUnsettled(String subject, Generation current, FrameworkView view) throws UpdateRefusedException {
        int n = current.number();
        if (unfinished != null) {
            throw Planner.refused(subject, "putting generation " + n + " back after a failed attempt did not finish ("
                    + unfinished + "); run gtach:repair, or restart the runtime, to finish it");
        }
        List<Drift.Difference> drift = differences(current, view);
        if (!drift.isEmpty()) {
            throw Planner.refused(subject, "the framework does not run generation " + n + " as recorded: "
                    + drift.get(0) + (drift.size() > 1 ? " (and " + (drift.size() - 1) + " more, listed by gtach:status)" : "")
                    + "; run gtach:repair to put generation " + n + " back, or gtach:adopt to record what runs as a new generation");
        }
    }

    /**
     * Puts the current generation back as recorded: after drift, or to finish a restore a failed attempt
     * left undone. Nothing is committed; the repair is recorded in the history.
     */
    String repair(Consumer<String> progress) throws UpdateException {
        CallbackGuard.refuse("repair");
        lock.lock();
        try {
            Generation current = current();
            int n = current.number();
            List<Drift.Difference> drift = differences(current, FrameworkView.read(context, current));
            String wasUnfinished = unfinished;
            if (wasUnfinished == null && drift.isEmpty()) {
                return "Nothing to repair: the framework runs generation " + n + " as recorded.";
            }
            Set<String> forced = new LinkedHashSet<>(Drift.replaced(drift));
            Optional<Journal> journal = Optional.empty();
            if (wasUnfinished != null) {
                journal = readJournal();
                journal.ifPresent(j -> forced.addAll(j.touched()));
            }
            progress.accept("Putting generation " + n + " back: " + (drift.isEmpty() ? wasUnfinished : drift.get(0).text()));
            String failed = restorer.restore(current, forced, journal, lifecycleTimeout.get());
            List<Drift.Difference> left = differences(current, FrameworkView.read(context, current));
            if (!failed.isEmpty() || !left.isEmpty()) {
                String why = failed.isEmpty() ? left.get(0).text() : failed;
                log.warn("Repairing generation {} failed: {}", n, why);
                throw new UpdateFailedException("Cannot repair generation " + n + ": " + why
                        + "; restart the runtime to put it back.", n, null);
            }
            if (journal.isPresent()) {
                try {
                    store.clearJournal(true);
                    DurableFiles.deleteTree(store.transactionDirectory());
                } catch (IOException e) {
                    log.warn("The finished attempt's journal in {} could not be cleared: {}", store.root(), e.getMessage());
                }
            }
            unfinished = null;
            List<String> what = new ArrayList<>();
            if (wasUnfinished != null) {
                what.add("finished putting generation " + n + " back (" + wasUnfinished + ")");
            }
            drift.forEach(d -> what.add(d.text()));
            history.accept(new Attempt(n, Instant.now(), "repair", what, Attempt.Outcome.REPAIRED, ""));
            log.info("Generation {} runs again as recorded after: {}", n, String.join("; ", what));
            return "Generation " + n + " runs again as recorded (" + what.size() + (what.size() == 1 ? " difference" : " differences")
                    + " repaired).";
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records the managed bundles the framework runs as a new generation, storing the JARs the framework
     * holds that the repository does not, so that every kept generation can still be returned to.
     */
    UpdateResult adopt(Consumer<String> progress) throws UpdateException {
        CallbackGuard.refuse("adopt");
        lock.lock();
        try {
            Generation current = current();
            String subject = "adopt what runs";
            if (unfinished != null) {
                throw Planner.refused(subject, "putting generation " + current.number() + " back after a failed attempt "
                        + "did not finish (" + unfinished + "); run gtach:repair, or restart the runtime, first");
            }
            FrameworkView view = FrameworkView.read(context, current);
            List<Drift.Difference> drift = differences(current, view);
            if (drift.isEmpty()) {
                throw Planner.refused(subject, "the framework runs generation " + current.number()
                        + " as recorded, so there is nothing to adopt");
            }
            List<ManagedBundle> running = new Adoption(context, packages.get(), jars, subject).store(view, current, progress);
            marks.keep(InUseMarks.usesOfBundles(running));
            int to = current.number() + 1;
            Generation generation = new Generation(to, Instant.now(), "adopt", running);
            List<String> texts = drift.stream().map(Drift.Difference::text).toList();
            store.commit(generation);
            history.accept(new Attempt(to, generation.time(), "adopt", texts, Attempt.Outcome.COMMITTED, ""));
            log.info("Generation {} records what the framework runs: {}", to, String.join("; ", texts));
            return new UpdateResult(generation, current.number(), Adoption.changes(current, generation), List.of());
        } catch (IOException e) {
            throw new UpdateException("Cannot adopt what runs: " + e.getMessage() + "; no generation was committed "
                    + "(JARs already stored for it stay in the repository).", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * At boot, before the application's start level: what a power cut tore in the framework's cache (it
     * does not sync its files) is put back from the repository's hash-checked JARs, with one log line.
     * Other drift (an operator's own changes) is left for the operator to repair or adopt.
     */
    void repairTornCache() throws UpdateException {
        lock.lock();
        try {
            Generation current = current();
            List<Drift.Difference> torn = differences(current, FrameworkView.read(context, current)).stream()
                    .filter(Drift.Difference::torn).toList();
            if (torn.isEmpty()) {
                return;
            }
            String what = torn.stream().map(Drift.Difference::text).collect(Collectors.joining("; "));
            Set<String> forced = new LinkedHashSet<>(Drift.replaced(torn));
            String failed = restorer.restore(current, forced, Optional.empty(), lifecycleTimeout.get());
            if (!failed.isEmpty()) {
                throw new UpdateException("Cannot put back what the framework's cache lost of generation " + current.number()
                        + " (" + what + "): " + failed + ".");
            }
            log.warn("The framework's cache did not hold generation {} as recorded ({}); put back from the repository.",
                    current.number(), what);
        } finally {
            lock.unlock();
        }
    }

    private Optional<Journal> readJournal() throws UpdateException {
        try {
            return store.journal();
        } catch (IOException e) {
            throw new UpdateException("Cannot read the journal in " + store.root() + ": " + e.getMessage(), e);
        }
    }
}
