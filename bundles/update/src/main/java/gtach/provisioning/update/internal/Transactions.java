package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageId;
import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.repository.RepositoryException;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateFailedException;
import gtach.provisioning.update.UpdateRefusedException;
import gtach.provisioning.update.UpdateRequest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The update state machine: plan, stage, apply, verify, commit, or roll back; and the recovery of
 * an attempt a crash interrupted. One transaction at a time.
 */
final class Transactions {

    /** The owner name under which committed generations mark their packages in use. */
    static final String OWNER = "update";

    private final ReentrantLock lock = new ReentrantLock(true);
    private final BundleContext context;
    private final StateStore store;
    private final Supplier<PackageRepository> packages;
    private final Supplier<Planner> planner;
    private final Verifier verifier;
    private final ConfigurationAdmin configurations;
    private final Steps steps;
    private final java.util.concurrent.ThreadFactory threads;
    private final Logger log;
    private volatile Duration verifyTimeout;
    private volatile Duration lifecycleTimeout;
    /** The packages marked in use, once known; guarded by the lock. */
    private Set<PackageId> inUse;

    Transactions(BundleContext context, StateStore store, Supplier<PackageRepository> packages, Supplier<Planner> planner,
            Verifier verifier, ConfigurationAdmin configurations, Steps steps, java.util.concurrent.ThreadFactory threads,
            Duration verifyTimeout, Duration lifecycleTimeout, Logger log) {
        this.threads = threads;
        this.log = log;
        this.context = context;
        this.store = store;
        this.packages = packages;
        this.planner = planner;
        this.verifier = verifier;
        this.configurations = configurations;
        this.steps = steps;
        this.verifyTimeout = verifyTimeout;
        this.lifecycleTimeout = lifecycleTimeout;
    }

    void timeouts(Duration verify, Duration lifecycle) {
        this.verifyTimeout = verify;
        this.lifecycleTimeout = lifecycle;
    }

    Plan plan(UpdateRequest request) throws UpdateException {
        lock.lock();
        try {
            return planner.get().plan(request, current()).plan();
        } finally {
            lock.unlock();
        }
    }

    Generation apply(UpdateRequest request, Consumer<String> progress) throws UpdateException {
        progress.accept("Planning " + request);
        lock.lock();
        try {
            Generation current = current();
            PlannedUpdate planned = planner.get().plan(request, current);
            if (planned.plan().isEmpty()) {
                return current;
            }
            return run(planned, request.toString(), current, progress);
        } finally {
            lock.unlock();
        }
    }

    Generation rollback(int number, Consumer<String> progress) throws UpdateException {
        progress.accept("Planning the rollback");
        lock.lock();
        try {
            Generation current = current();
            int wanted = number == 0 ? current.number() - 1 : number;
            String subject = "roll back to generation " + wanted;
            if (current.number() == 0) {
                throw Planner.refused("roll back", "nothing was ever committed");
            }
            if (wanted < 0 || wanted >= current.number()) {
                throw Planner.refused(subject, "generation " + wanted + " is not an earlier one (the current is "
                        + current.number() + ")");
            }
            Generation earlier;
            try {
                earlier = store.generation(wanted)
                        .orElseThrow(() -> Planner.refused(subject, "its file is missing from " + store.root()));
            } catch (IOException e) {
                throw new UpdateException("Cannot read generation " + wanted + " in " + store.root() + ": " + e.getMessage(), e);
            }
            PlannedUpdate planned = planner.get().planReturnTo(earlier, UpdateRequest.updateAll());
            return run(planned, "rollback to " + wanted, current, progress);
        } finally {
            lock.unlock();
        }
    }

    Generation current() throws UpdateException {
        try {
            return store.current();
        } catch (IOException e) {
            throw new UpdateException("Cannot read the update state in " + store.root() + ": " + e.getMessage(), e);
        }
    }

    List<Attempt> history() throws UpdateException {
        try {
            return store.history();
        } catch (IOException e) {
            throw new UpdateException("Cannot read the update history in " + store.root() + ": " + e.getMessage(), e);
        }
    }

    /** Stage, snapshot, journal, apply, verify, commit; or put the current generation back. */
    private Generation run(PlannedUpdate planned, String cause, Generation current, Consumer<String> progress)
            throws UpdateException {
        int from = current.number();
        int to = from + 1;
        List<String> changeTexts = planned.plan().changes().stream().map(Change::toString).toList();
        Path tx = store.transactionDirectory();
        Map<String, Bundle> managed = ManagedBundles.installed(context);

        Map<String, Path> staged = new HashMap<>();
        Stager stager = new Stager(packages.get(), tx.resolve("jars"));
        try {
            DurableFiles.deleteTree(tx);
            List<TargetBundle> toStage = planned.target().stream().filter(t -> {
                Bundle now = managed.get(t.symbolicName());
                return now == null || !now.getVersion().equals(t.id().version());
            }).toList();
            for (TargetBundle t : toStage) {
                progress.accept("Staging " + (staged.size() + 1) + " of " + toStage.size() + " packages: " + t);
                staged.put(t.location(), stager.stage(t));
            }
        } catch (ApplyFailure f) {
            record(new Attempt(from, Instant.now(), cause, changeTexts, Attempt.Outcome.ROLLED_BACK, f.getMessage()));
            throw new UpdateFailedException("Cannot " + cause + ": " + f.getMessage() + "; nothing was changed, generation "
                    + from + " is still running.", from, f);
        } catch (IOException e) {
            throw new UpdateException("Cannot " + cause + ": the transaction directory " + tx + " cannot be written ("
                    + e.getMessage() + "); nothing was changed.", e);
        }
        steps.reached("staged");

        // Bundles wired to what changes are only stopped and refreshed: their JARs stay, their data may not.
        Set<Bundle> affected = affected(planned.plan(), managed);
        Set<String> touched = new LinkedHashSet<>();
        planned.plan().changes().forEach(c -> touched.add(TargetBundle.locationOf(c.symbolicName())));
        Snapshot snapshot = new Snapshot(tx.resolve("snapshot"));
        try {
            progress.accept("Saving the data and configuration of " + affected.size() + " bundles");
            snapshot.take(affected, configurations);
            steps.reached("snapshot");
            store.writeJournal(new Journal(from, to, cause, changeTexts, new ArrayList<>(touched)));
            steps.reached("journal");
        } catch (IOException e) {
            throw new UpdateException("Cannot " + cause + ": the update state in " + store.root()
                    + " cannot be written (" + e.getMessage() + "); nothing was changed.", e);
        }

        try (Lifecycle lifecycle = new Lifecycle(lifecycleTimeout, threads); ErrorEvents errors = new ErrorEvents(context)) {
            progress.accept("Applying: stopping, updating, refreshing and starting " + affected.size() + " bundles");
            Reconciler reconciler = new Reconciler(context, lifecycle, lifecycleTimeout, steps);
            Reconciler.Outcome outcome = reconciler.reconcile(planned.target(), shaOf(current), Set.of(),
                    t -> staged.containsKey(t.location()) ? staged.get(t.location()) : stager.stage(t), () -> { });
            Set<Bundle> check = new LinkedHashSet<>(outcome.changed());
            check.addAll(outcome.refreshed());
            progress.accept("Verifying " + check.size() + " bundles (up to " + verifyTimeout.toSeconds() + " s)");
            verifier.verify(planned.target(), check, errors, verifyTimeout);
        } catch (ApplyFailure failure) {
            // Versions tell what the attempt changed; only a crash needs the journal's list.
            progress.accept("Putting generation " + from + " back");
            String restored = restore(current, Set.of(), snapshot);
            String reason = failure.getMessage();
            recordQuietly(new Attempt(from, Instant.now(), cause, changeTexts, Attempt.Outcome.ROLLED_BACK,
                    reason + (restored.isEmpty() ? "" : "; " + restored)));
            if (!restored.isEmpty()) {
                throw new UpdateFailedException("Cannot " + cause + ": " + reason + "; putting generation " + from
                        + " back failed too (" + restored + "), so restart the runtime to finish restoring it.", from, failure);
            }
            try {
                finish(tx);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw new UpdateFailedException("Cannot " + cause + ": " + reason + "; generation " + from
                    + " is running again.", from, failure);
        }

        boolean moved = false;
        try {
            progress.accept("Committing generation " + to);
            Generation committed = new Generation(to, Instant.now(), cause, describe(planned.target()));
            store.writeGeneration(committed);
            steps.reached("generation");
            store.makeCurrent(to);
            moved = true;
            steps.reached("current");
            store.record(new Attempt(to, committed.time(), cause, changeTexts, Attempt.Outcome.COMMITTED, ""));
            steps.reached("history");
            // It was verified running: it starts with a clean boot record.
            store.writeBoots(store.boots().forGeneration(to));
            markInUse();
            finish(tx);
            steps.reached("journal-cleared");
            return committed;
        } catch (IOException e) {
            throw new UpdateException(moved
                    ? "Generation " + to + " is committed and running, but its bookkeeping in " + store.root()
                            + " was not finished (" + e.getMessage() + "); the next start finishes it."
                    : "Generation " + to + " is running but could not be recorded in " + store.root() + " ("
                            + e.getMessage() + "); a restart puts generation " + from + " back.", e);
        }
    }

    /** The changed managed bundles and every managed bundle wired to them: what may change state or data. */
    private Set<Bundle> affected(Plan plan, Map<String, Bundle> managed) {
        Set<Bundle> changed = new LinkedHashSet<>();
        for (Change c : plan.changes()) {
            Bundle b = managed.get(c.symbolicName());
            if (b != null) {
                changed.add(b);
            }
        }
        Set<Bundle> affected = new LinkedHashSet<>(changed);
        if (!changed.isEmpty()) {
            Collection<Bundle> closure = context.getBundle(0).adapt(FrameworkWiring.class).getDependencyClosure(changed);
            for (Bundle b : closure) {
                if (ManagedBundles.isManaged(b)) {
                    affected.add(b);
                }
            }
        }
        return affected;
    }

    /** Puts a committed generation back; answers an empty text when that worked, else what failed. */
    private String restore(Generation generation, Set<String> touched, Snapshot snapshot) {
        List<TargetBundle> target = targetOf(generation);
        try (Lifecycle lifecycle = new Lifecycle(lifecycleTimeout, threads)) {
            Reconciler reconciler = new Reconciler(context, lifecycle, lifecycleTimeout, steps);
            Stager fromRepository = new Stager(packages.get(), store.transactionDirectory().resolve("restore"));
            Map<String, Path> staged = new HashMap<>();
            Reconciler.Jars jars = t -> {
                // The reconciler may ask twice for one JAR (a new fragment's host is looked up first).
                Path jar = staged.get(t.location());
                if (jar == null) {
                    jar = fromRepository.stage(t);
                    staged.put(t.location(), jar);
                }
                return jar;
            };
            reconciler.reconcile(target, shaOf(generation), touched, jars, () -> {
                if (snapshot.exists()) {
                    try {
                        snapshot.restore(context, configurations);
                    } catch (IOException | RuntimeException e) {
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

    /**
     * Finishes what a crash interrupted, before the application starts: a committed attempt keeps
     * its generation; any other puts the last committed generation back.
     */
    void recover() throws UpdateException {
        lock.lock();
        try {
            java.util.Optional<Journal> journal = store.journal();
            Path tx = store.transactionDirectory();
            if (journal.isEmpty()) {
                DurableFiles.deleteTree(tx);
                return;
            }
            Journal j = journal.get();
            if (store.currentNumber() == j.to()) {
                List<Attempt> history = store.history();
                if (history.isEmpty() || history.get(history.size() - 1).generation() != j.to()
                        || history.get(history.size() - 1).outcome() != Attempt.Outcome.COMMITTED) {
                    store.record(new Attempt(j.to(), Instant.now(), j.request(), j.changes(), Attempt.Outcome.COMMITTED, ""));
                }
                markInUse();
                finish(tx);
                return;
            }
            log.info("An update was interrupted ({}); putting generation {} back before the application starts.",
                    j.request(), j.from());
            Generation previous = store.generation(j.from()).orElseThrow(() -> new UpdateException(
                    "Cannot recover: the generation " + j.from() + " named by the journal has no file in " + store.root() + "."));
            String failed = restore(previous, new HashSet<>(j.touched()), new Snapshot(tx.resolve("snapshot")));
            if (!failed.isEmpty()) {
                throw new UpdateException("Cannot put generation " + j.from() + " back after an interrupted " + j.request()
                        + ": " + failed + "; the journal is kept, so the next start tries again.");
            }
            log.info("Generation {} is back.", j.from());
            store.record(new Attempt(j.from(), Instant.now(), j.request(), j.changes(), Attempt.Outcome.RECOVERED,
                    "the runtime stopped during the attempt; generation " + j.from() + " was put back"));
            finish(tx);
        } catch (IOException e) {
            throw new UpdateException("Cannot recover the update state in " + store.root() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a boot of the current generation before the application starts. A generation whose
     * boots did not bring the application up {@code limit} times in a row (the JVM died while
     * starting it, or its bundles did not start) is abandoned for the newest earlier generation with
     * a different bundle set, recorded as a new generation.
     */
    void countBoot(int limit) throws UpdateException {
        lock.lock();
        try {
            int number = store.currentNumber();
            BootRecord boots = store.boots().forGeneration(number);
            if (boots.unconfirmedStarts() >= limit && number > 0) {
                Generation current = store.current();
                java.util.Optional<Generation> fallback = fallbackFor(current, boots);
                if (fallback.isPresent()) {
                    boots = abandon(current, fallback.get(), boots);
                }
            }
            store.writeBoots(boots.started());
        } catch (IOException e) {
            throw new UpdateException("Cannot count this boot in " + store.root() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The application of the current generation came up: its boots count as good again. */
    void confirmBoot() throws UpdateException {
        lock.lock();
        try {
            BootRecord boots = store.boots().forGeneration(store.currentNumber());
            if (boots.unconfirmedStarts() > 0 && applicationRuns()) {
                store.writeBoots(boots.confirmed());
            }
        } catch (IOException e) {
            throw new UpdateException("Cannot record a good boot in " + store.root() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Every managed bundle meant to run does: read from the framework alone, right after the boot. */
    private boolean applicationRuns() {
        for (Bundle bundle : ManagedBundles.installed(context).values()) {
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            if (level.isPersistentlyStarted() && !Reconciler.isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    private java.util.Optional<Generation> fallbackFor(Generation failing, BootRecord boots) throws IOException {
        Set<String> failingSet = contentOf(failing);
        for (int n = failing.number() - 1; n >= 0; n--) {
            if (boots.abandoned().contains(n)) {
                continue;
            }
            java.util.Optional<Generation> candidate = store.generation(n);
            if (candidate.isPresent() && !contentOf(candidate.get()).equals(failingSet)) {
                boolean abandonedContent = false;
                for (int a : boots.abandoned()) {
                    java.util.Optional<Generation> gone = store.generation(a);
                    abandonedContent |= gone.isPresent() && contentOf(gone.get()).equals(contentOf(candidate.get()));
                }
                if (!abandonedContent) {
                    return candidate;
                }
            }
        }
        return java.util.Optional.empty();
    }

    private BootRecord abandon(Generation failing, Generation fallback, BootRecord boots) throws IOException, UpdateException {
        int to = failing.number() + 1;
        String cause = "automatic rollback to " + fallback.number();
        String reason = "generation " + failing.number() + " did not bring the application up in "
                + boots.unconfirmedStarts() + " boots in a row";
        Set<String> touched = new LinkedHashSet<>();
        failing.bundles().forEach(b -> touched.add(b.location()));
        String failed = restore(fallback, touched, new Snapshot(store.transactionDirectory().resolve("none")));
        if (!failed.isEmpty()) {
            throw new UpdateException("Cannot abandon generation " + failing.number() + " for generation "
                    + fallback.number() + ": " + failed + ".");
        }
        log.warn("Abandoning generation {}: {}; generation {} runs again as generation {}.", failing.number(), reason,
                fallback.number(), to);
        Generation committed = new Generation(to, Instant.now(), cause, fallback.bundles());
        store.writeGeneration(committed);
        store.makeCurrent(to);
        List<Integer> abandoned = new ArrayList<>(boots.abandoned());
        abandoned.add(failing.number());
        store.record(new Attempt(to, committed.time(), cause, List.of(), Attempt.Outcome.ROLLED_BACK, reason));
        markInUse();
        DurableFiles.deleteTree(store.transactionDirectory());
        return new BootRecord(to, 0, abandoned);
    }

    private static Set<String> contentOf(Generation generation) {
        Set<String> content = new java.util.TreeSet<>();
        generation.bundles().forEach(b -> content.add(b.symbolicName() + " " + b.version() + " " + b.sha256()));
        return content;
    }

    private void finish(Path tx) throws IOException {
        store.clearJournal();
        DurableFiles.deleteTree(tx);
    }

    /**
     * Marks every package of every kept generation in use, so the repository keeps what a rollback
     * needs. Read from the generation files once, then kept up to date: a commit only adds.
     */
    private void markInUse() throws IOException {
        Set<PackageId> used = new LinkedHashSet<>();
        if (inUse == null) {
            for (Generation g : store.generations()) {
                addPackages(g, used);
            }
        } else {
            used.addAll(inUse);
            addPackages(store.current(), used);
            if (used.equals(inUse)) {
                return;
            }
        }
        try {
            packages.get().markInUse(OWNER, used);
        } catch (RepositoryException e) {
            throw new IOException(e.getMessage(), e);
        }
        inUse = used;
    }

    private static void addPackages(Generation generation, Set<PackageId> used) {
        for (ManagedBundle b : generation.bundles()) {
            used.add(new PackageId(b.symbolicName(), Version.parseVersion(b.version())));
        }
    }

    private List<ManagedBundle> describe(List<TargetBundle> target) {
        Map<String, Bundle> managed = ManagedBundles.installed(context);
        List<ManagedBundle> bundles = new ArrayList<>();
        for (TargetBundle t : target) {
            Bundle b = managed.get(t.symbolicName());
            int level = b == null ? 0 : b.adapt(BundleStartLevel.class).getStartLevel();
            bundles.add(new ManagedBundle(t.symbolicName(), t.id().version().toString(), t.sha256(), t.location(),
                    level, t.started(), t.requested()));
        }
        return bundles;
    }

    private static List<TargetBundle> targetOf(Generation generation) {
        List<TargetBundle> target = new ArrayList<>();
        for (ManagedBundle b : generation.bundles()) {
            target.add(new TargetBundle(new PackageId(b.symbolicName(), Version.parseVersion(b.version())), b.sha256(),
                    b.location(), b.started(), b.requested(), b.startLevel()));
        }
        return target;
    }

    private static Map<String, String> shaOf(Generation generation) {
        Map<String, String> sha = new HashMap<>();
        for (ManagedBundle b : generation.bundles()) {
            sha.put(b.location(), b.sha256());
        }
        return sha;
    }

    private void record(Attempt attempt) throws UpdateException {
        try {
            store.record(attempt);
        } catch (IOException e) {
            throw new UpdateException("Cannot write the update history in " + store.root() + ": " + e.getMessage(), e);
        }
    }

    private void recordQuietly(Attempt attempt) {
        try {
            store.record(attempt);
        } catch (IOException e) {
            // The failure itself is what the caller must hear about.
        }
    }
}
