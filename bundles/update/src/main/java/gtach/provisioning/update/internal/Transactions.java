package gtach.provisioning.update.internal;

import gtach.provisioning.repository.PackageRepository;
import gtach.provisioning.update.Attempt;
import gtach.provisioning.update.Change;
import gtach.provisioning.update.Generation;
import gtach.provisioning.update.GenerationChangedException;
import gtach.provisioning.update.ManagedBundle;
import gtach.provisioning.update.Plan;
import gtach.provisioning.update.UpdateException;
import gtach.provisioning.update.UpdateFailedException;
import gtach.provisioning.update.UpdateRequest;
import gtach.provisioning.update.UpdateResult;
import gtach.provisioning.update.UpdateService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The update state machine: plan, stage, journal, apply, verify, commit, or put the previous
 * generation back; and the recovery of an attempt a crash interrupted. One transaction at a time.
 * <p>
 * What is written durably, in order: the in-use marks (only when the attempt uses a package no
 * kept generation uses), the journal (one fsync); once the refresh set stopped, copies of data areas
 * that hold something and the journal naming them (one); then at the commit point the generation
 * file (two), then the history line (one).
 */
final class Transactions {

    /** For {@link #apply}: a request applied on top of whichever generation is current when its turn comes. */
    static final int ANY_GENERATION = -1;

    private final Lock lock;
    private final BundleContext context;
    private final StateStore store;
    private final Supplier<PackageRepository> packages;
    private final Supplier<Planner> planner;
    private final Verifier verifier;
    private final ConfigurationAdmin configurations;
    private final Restorer restorer;
    private final InUseMarks marks;
    private final Steps steps;
    private final ThreadFactory threads;
    private final Logger log;
    private final DriftRepair settling;
    private final ApplicationConfigurations applicationConfigurations;
    private volatile Duration verifyTimeout;
    private volatile Duration lifecycleTimeout;

    private final LoaderWatch loaders;
    private final ApiPreparation apiPreparation;

    Transactions(Lock lock, BundleContext context, StateStore store, Supplier<PackageRepository> packages,
            Supplier<Planner> planner, Verifier verifier, ConfigurationAdmin configurations, Restorer restorer,
            InUseMarks marks, Steps steps, ThreadFactory threads, Duration verifyTimeout, Duration lifecycleTimeout,
            ApplicationConfigurations applicationConfigurations, LoaderWatch loaders, ApiPreparation apiPreparation,
            Logger log) {
        this.lock = lock;
        this.loaders = loaders;
        this.apiPreparation = apiPreparation;
        this.applicationConfigurations = applicationConfigurations;
        this.context = context;
        this.store = store;
        this.packages = packages;
        this.planner = planner;
        this.verifier = verifier;
        this.configurations = configurations;
        this.restorer = restorer;
        this.marks = marks;
        this.steps = steps;
        this.threads = threads;
        this.verifyTimeout = verifyTimeout;
        this.lifecycleTimeout = lifecycleTimeout;
        this.log = log;
        this.settling = new DriftRepair(lock, context, store, packages, restorer, marks, () -> this.lifecycleTimeout,
                this::recordQuietly, log);
    }

    void timeouts(Duration verify, Duration lifecycle) {
        this.verifyTimeout = verify;
        this.lifecycleTimeout = lifecycle;
    }

    Duration lifecycleTimeout() {
        return lifecycleTimeout;
    }

    Plan plan(UpdateRequest request) throws UpdateException {
        lock.lock();
        try {
            Generation current = current();
            FrameworkView view = FrameworkView.read(context, current);
            settling.refuseUnsettled(request.toString(), current, view);
            return planner.get().plan(request, current, view).plan();
        } finally {
            lock.unlock();
        }
    }

    /** @param from the generation the request was made for; {@link #ANY_GENERATION} for whichever is current */
    UpdateResult apply(int from, UpdateRequest request, Consumer<String> progress) throws UpdateException {
        CallbackGuard.refuse(request.toString());
        progress.accept("Planning " + request);
        lock.lock();
        try {
            Generation current = current();
            if (from != ANY_GENERATION && from != current.number()) {
                throw new GenerationChangedException(request.toString(), from, current.number());
            }
            FrameworkView view = FrameworkView.read(context, current);
            settling.refuseUnsettled(request.toString(), current, view);
            PlannedUpdate planned = planner.get().plan(request, current, view);
            if (!planned.downloads().isEmpty()) {
                // never under the lock, and the apply never touches the network
                throw new DownloadsFirst(request.toString(), planned.downloads());
            }
            if (planned.plan().isEmpty()) {
                return new UpdateResult(current, current.number(), List.of(), List.of());
            }
            // a dry run shows them; an update applied without one leaves them in the log
            planned.plan().warnings().forEach(w -> log.warn("{}: {}", request, w));
            return run(planned, request.toString(), current, progress);
        } finally {
            lock.unlock();
        }
    }

    /** @param number the generation to return to; {@link UpdateService#PREVIOUS} for the one before the current */
    UpdateResult rollback(int number, Consumer<String> progress) throws UpdateException {
        CallbackGuard.refuse("roll back");
        progress.accept("Planning the rollback");
        lock.lock();
        try {
            Generation current = current();
            int wanted = number == UpdateService.PREVIOUS ? current.number() - 1 : number;
            String subject = "roll back to generation " + wanted;
            if (current.number() == 0) {
                throw Planner.refused("roll back", "nothing was ever committed");
            }
            if (wanted < 0 || wanted >= current.number()) {
                throw Planner.refused(subject, "generation " + wanted + " is not an earlier one (the current is "
                        + current.number() + ")");
            }
            FrameworkView view = FrameworkView.read(context, current);
            settling.refuseUnsettled(subject, current, view);
            Generation earlier;
            try {
                earlier = store.generation(wanted)
                        .orElseThrow(() -> Planner.refused(subject, "its file is missing from " + store.root()));
            } catch (IOException e) {
                throw new UpdateException(DamagedStateFile.sentence(e, "Cannot read generation " + wanted + " in " + store.root()), e);
            }
            PlannedUpdate planned = planner.get().planReturnTo(earlier, view, UpdateRequest.updateAll());
            Optional<ConfigurationReturn> configuration = store.configurations(wanted)
                    .map(record -> new ConfigurationReturn(record, applicationConfigurations.scope()));
            return run(planned, "rollback to " + wanted, current, configuration, progress);
        } finally {
            lock.unlock();
        }
    }

    Generation current() throws UpdateException {
        try {
            return store.current();
        } catch (IOException e) {
            throw new UpdateException(DamagedStateFile.sentence(e, "Cannot read the update state in " + store.root()), e);
        }
    }

    List<Attempt> history() throws UpdateException {
        try {
            return store.history();
        } catch (IOException e) {
            throw new UpdateException(DamagedStateFile.sentence(e, "Cannot read the update history in " + store.root()), e);
        }
    }

    List<String> drift() throws UpdateException {
        return settling.drift();
    }

    String repair(Consumer<String> progress) throws UpdateException {
        return settling.repair(progress);
    }

    UpdateResult adopt(Consumer<String> progress) throws UpdateException {
        return settling.adopt(progress);
    }

    void repairTornCache() throws UpdateException {
        settling.repairTornCache();
    }

    /** One attempt under way: what was planned, as typed, from which generation. */
    private record Underway(PlannedUpdate planned, String cause, Generation current, List<String> changeTexts) {
        int from() {
            return current.number();
        }

        int to() {
            return current.number() + 1;
        }
    }

    /** Mark, stage, journal, apply, verify, commit; or put the current generation back. */
    private UpdateResult run(PlannedUpdate planned, String cause, Generation current, Consumer<String> progress)
            throws UpdateException {
        return run(planned, cause, current, Optional.empty(), progress);
    }

    /** The configuration of an earlier generation, and what belongs to the application now, for a rollback to it. */
    private record ConfigurationReturn(ApplicationConfigurations.Record record, Set<String> scopeNow) {
    }

    /**
     * Mark, stage, journal, apply, verify, commit; or put the current generation back. A rollback
     * puts the configuration of the generation it returns to back while the bundles are stopped, so
     * that they start with it.
     */
    private UpdateResult run(PlannedUpdate planned, String cause, Generation current,
            Optional<ConfigurationReturn> configuration, Consumer<String> progress) throws UpdateException {
        // every bundle of the refresh set gets a new class loader: the old ones must be let go
        List<Bundle> restarted = Reconciler.bundles(context, planned.delta().refresh().members());
        loaders.watch(restarted, current.number());
        try {
            return change(planned, cause, current, configuration, progress);
        } finally {
            loaders.checkSoon();
            apiPreparation.changed(planned.plan().changes().stream().map(Change::symbolicName).toList());
        }
    }

    private UpdateResult change(PlannedUpdate planned, String cause, Generation current,
            Optional<ConfigurationReturn> configuration, Consumer<String> progress) throws UpdateException {
        Underway attempt = new Underway(planned, cause, current,
                planned.plan().changes().stream().map(Change::toString).toList());
        finishEarlierCommit(cause);
        keepConfigurationAsItRuns(current);
        log.info("Attempting {} from generation {}: {}", cause, attempt.from(), String.join("; ", attempt.changeTexts()));
        Stager stager = new Stager(packages.get(), store.transactionDirectory().resolve("jars"));
        Map<String, Path> staged = stage(attempt, stager, progress);
        Journal[] journal = {journal(attempt)};
        Reconciler.Outcome outcome;
        try (Lifecycle lifecycle = new Lifecycle(lifecycleTimeout, threads); ErrorEvents errors = new ErrorEvents(context);
                LoggedErrors logged = verifier.watchLog()) {
            Delta delta = planned.delta();
            progress.accept("Applying: stopping, updating, refreshing and starting " + delta.refresh().members().size()
                    + " bundles");
            Reconciler reconciler = new Reconciler(context, lifecycle, lifecycleTimeout, steps);
            outcome = reconciler.reconcile(delta, planned.target(),
                    t -> staged.containsKey(t.location()) ? staged.get(t.location()) : stager.stage(t),
                    () -> journal[0] = saveData(attempt, journal[0], progress),
                    () -> returnConfiguration(configuration, progress));
            Set<Bundle> check = new LinkedHashSet<>(outcome.changed());
            check.addAll(outcome.refreshed());
            // A bundle this change starts, or moves, is checked as one it replaced would be.
            check.addAll(Reconciler.bundles(context, delta.startChanges().stream().map(Delta.Replacement::installed).toList()));
            progress.accept("Verifying " + check.size() + " bundles (up to " + verifyTimeout.toSeconds() + " s)");
            verifier.verify(planned.target(), outcome.target(), check, errors, logged,
                    reconfigured(journal[0]), verifyTimeout);
        } catch (ApplyFailure failure) {
            throw putBack(attempt, journal[0], failure, progress);
        }
        return commit(attempt, journal[0], outcome, progress);
    }

    /**
     * Keeps with the running generation the configuration set since it was committed (by
     * {@code gtach:config}, {@code cm:}, the bundles themselves), so that a rollback to it returns to it
     * as it last ran rather than as it started. Without it a rollback would undo an operator's tuning.
     */
    private void keepConfigurationAsItRuns(Generation current) {
        if (applicationConfigurations == null || current.number() < 1) {
            return;
        }
        try {
            Optional<ApplicationConfigurations.Record> kept = store.configurations(current.number());
            ApplicationConfigurations.Record now = applicationConfigurations.take();
            if (kept.isPresent() && kept.get().configurations().equals(now.configurations())) {
                return; // what belongs to the application may read differently now, but nothing in it was set
            }
            // A configuration of the scope it was committed with is still its own, set or deleted since.
            Set<String> scope = new TreeSet<>(now.scope());
            kept.ifPresent(record -> scope.addAll(record.scope()));
            store.writeConfigurations(current.number(), new ApplicationConfigurations.Record(scope, now.configurations()));
        } catch (IOException | RuntimeException e) {
            log.warn("The configuration set while generation {} ran could not be kept with it ({}); a rollback to it"
                    + " returns to the configuration it was committed with", current.number(), e.getMessage());
        }
    }

    private void returnConfiguration(Optional<ConfigurationReturn> configuration, Consumer<String> progress)
            throws ApplyFailure {
        if (configuration.isEmpty() || applicationConfigurations == null) {
            return;
        }
        progress.accept("Putting back the configuration of the generation returned to");
        try {
            applicationConfigurations.restore(configuration.get().record(), configuration.get().scopeNow());
        } catch (IOException | RuntimeException e) {
            throw new ApplyFailure("its configuration could not be put back (" + e.getMessage() + ")", e);
        }
    }

    /** The configurations that differ from those the journal kept: what the change did to them, however it did. */
    private ConfigurationChanges reconfigured(Journal journal) {
        return new ConfigurationChanges(configurations, journal.configurations().orElse(null));
    }

    /** Keeps the packages the attempt needs in the repository, and copies and checks its new JARs. */
    private Map<String, Path> stage(Underway attempt, Stager stager, Consumer<String> progress) throws UpdateException {
        String cause = attempt.cause();
        try {
            marks.keep(InUseMarks.usesOfTargets(attempt.planned().target()));
        } catch (IOException e) {
            throw new UpdateException("Cannot " + cause + ": the repository cannot keep the packages it needs ("
                    + e.getMessage().replaceAll("[;.]? ?[Nn]othing was changed\\.?$", "") + "); nothing was changed.", e);
        }
        Map<String, Path> staged = new HashMap<>();
        try {
            DurableFiles.deleteTree(store.transactionDirectory());
            List<TargetBundle> toStage = attempt.planned().delta().toStage();
            for (TargetBundle t : toStage) {
                progress.accept("Staging " + (staged.size() + 1) + " of " + toStage.size() + " packages: " + t);
                staged.put(t.location(), stager.stage(t));
            }
        } catch (ApplyFailure f) {
            log.warn("Refused {} before anything changed: {}", cause, f.getMessage());
            recordQuietly(new Attempt(attempt.from(), Instant.now(), cause, attempt.changeTexts(), Attempt.Outcome.REFUSED,
                    f.getMessage()));
            throw new UpdateFailedException("Cannot " + cause + ": " + f.getMessage() + "; nothing was changed, generation "
                    + attempt.from() + " is still running.", attempt.from(), f);
        } catch (IOException e) {
            throw new UpdateException("Cannot " + cause + ": " + e.getMessage() + "; nothing was changed.", e);
        }
        steps.reached("staged");
        return staged;
    }

    /**
     * Writes the journal durably, with the configurations, before anything changes. It names no data
     * area yet: until they are saved, the bundles that own them have not run in their new version, so
     * what the areas hold is theirs to keep.
     */
    private Journal journal(Underway attempt) throws UpdateException {
        Delta delta = attempt.planned().delta();
        try {
            Journal journal = new Journal(attempt.from(), attempt.to(), attempt.cause(), attempt.changeTexts(),
                    delta.touchedLocations(), List.of(), List.of(),
                    configurations == null ? Optional.empty() : Optional.of(ConfigurationSnapshot.take(configurations)));
            store.writeJournal(journal);
            steps.reached("journal");
            return journal;
        } catch (IOException e) {
            throw new UpdateException("Cannot " + attempt.cause() + ": the update state in " + store.root()
                    + " cannot be written (" + e.getMessage() + "); nothing was changed.", e);
        }
    }

    /**
     * Saves the data areas of the affected bundles once they stopped, so that what the old versions write
     * in their own {@code stop()} is kept by a rollback, and names them in the journal.
     */
    private Journal saveData(Underway attempt, Journal journal, Consumer<String> progress) throws ApplyFailure {
        try {
            List<Bundle> affected = Reconciler.bundles(context, attempt.planned().delta().affectedManaged());
            progress.accept("Saving the data of " + affected.size() + " bundles");
            Snapshot.Areas areas = new Snapshot(store.transactionDirectory().resolve("snapshot"), store.files())
                    .take(affected);
            steps.reached("snapshot");
            Journal withAreas = journal.withAreas(areas);
            if (!affected.isEmpty()) {
                store.writeJournal(withAreas);
                steps.reached("journal-data");
            }
            return withAreas;
        } catch (IOException e) {
            throw new ApplyFailure("the data areas could not be saved in " + store.transactionDirectory() + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes the new generation: the commit point. What follows it (the history line, ending the journal)
     * cannot undo it, so it cannot fail the request either: a failure there is logged and told as a note,
     * and the next start finishes it from the journal. A generation that cannot be written is put back.
     */
    private UpdateResult commit(Underway attempt, Journal journal, Reconciler.Outcome outcome, Consumer<String> progress)
            throws UpdateException {
        int to = attempt.to();
        progress.accept("Committing generation " + to);
        Generation generation = new Generation(to, Instant.now(), attempt.cause(),
                describe(attempt.planned().target(), outcome.target()));
        try {
            if (applicationConfigurations != null) {
                store.writeConfigurations(to, applicationConfigurations.take());
            }
            store.commit(generation);
        } catch (IOException e) {
            throw putBack(attempt, journal, new ApplyFailure("generation " + to + " could not be written in "
                    + store.root() + " (" + e.getMessage() + ")", e), progress);
        }
        steps.reached("current");
        log.info("Generation {} committed: {}", to, attempt.cause());
        try {
            store.record(new Attempt(to, generation.time(), attempt.cause(), attempt.changeTexts(),
                    Attempt.Outcome.COMMITTED, ""));
            steps.reached("history");
            store.clearJournal(false);
            DurableFiles.deleteTree(store.transactionDirectory());
            steps.reached("journal-cleared");
        } catch (IOException | RuntimeException e) {
            log.warn("Generation {} is committed, but its bookkeeping in {} was not finished ({}); the next start finishes it.",
                    to, store.root(), e.getMessage());
            progress.accept("Note: generation " + to + " is committed and running; its history line in " + store.root()
                    + " is written at the next start (" + e.getMessage() + ")");
        }
        return new UpdateResult(generation, attempt.from(), attempt.planned().plan().changes(),
                attempt.planned().plan().refresh());
    }

    /** After a failed apply or verify: the current generation runs again, and the attempt is recorded. */
    private UpdateException putBack(Underway attempt, Journal journal, ApplyFailure failure, Consumer<String> progress) {
        int from = attempt.from();
        String cause = attempt.cause();
        progress.accept("Putting generation " + from + " back");
        // Versions tell what the attempt changed; only a crash needs the journal's list.
        String restored = restorer.restore(attempt.current(), Set.of(), Optional.of(journal), lifecycleTimeout);
        String reason = failure.getMessage();
        if (!restored.isEmpty()) {
            settling.restoreDidNotFinish(restored);
            log.error("Attempt {} failed: {}; putting generation {} back failed too: {}", cause, reason, from, restored, failure);
            recordQuietly(new Attempt(from, Instant.now(), cause, attempt.changeTexts(), Attempt.Outcome.RESTORE_FAILED,
                    reason + "; putting generation " + from + " back failed too: " + restored));
            return new UpdateFailedException("Cannot " + cause + ": " + reason + "; putting generation " + from
                    + " back failed too (" + restored + "), so requests are refused until gtach:repair or a restart of the "
                    + "runtime finishes restoring it.", from, failure);
        }
        log.warn("Attempt {} failed: {}; generation {} runs again.", cause, reason, from, failure);
        recordQuietly(new Attempt(from, Instant.now(), cause, attempt.changeTexts(), Attempt.Outcome.ROLLED_BACK, reason));
        try {
            store.clearJournal(true);
            DurableFiles.deleteTree(store.transactionDirectory());
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return new UpdateFailedException("Cannot " + cause + ": " + reason + "; generation " + from
                + " is running again.", from, failure);
    }

    /**
     * Finishes what a crash interrupted, before the application starts: a committed attempt keeps
     * its generation; any other puts the last committed generation back.
     */
    void recover() throws UpdateException {
        lock.lock();
        try {
            Optional<Journal> journal = store.journal();
            Path tx = store.transactionDirectory();
            if (journal.isEmpty()) {
                DurableFiles.deleteTree(tx);
                return;
            }
            Journal j = journal.get();
            if (store.currentNumber() >= j.to()) {
                finishCommitted(j);
                return;
            }
            log.info("An update was interrupted ({}); putting generation {} back before the application starts.",
                    j.request(), j.from());
            Generation previous = store.generation(j.from()).orElseThrow(() -> new UpdateException(
                    "Cannot recover: the generation " + j.from() + " named by the journal has no file in " + store.root() + "."));
            String failed = restorer.restore(previous, j.touched(), Optional.of(j), lifecycleTimeout);
            if (!failed.isEmpty()) {
                throw new UpdateException("Cannot put generation " + j.from() + " back after an interrupted " + j.request()
                        + ": " + failed + "; the journal is kept, so the next start tries again.");
            }
            log.info("Generation {} is back.", j.from());
            if (!restoreFailedBefore(j)) {
                store.record(new Attempt(j.from(), Instant.now(), j.request(), j.changes(), Attempt.Outcome.RECOVERED,
                        "the runtime stopped during the attempt; generation " + j.from() + " was put back"));
            }
            store.clearJournal(true);
            DurableFiles.deleteTree(tx);
        } catch (IOException e) {
            throw new UpdateException(DamagedStateFile.sentence(e, "Cannot recover the update state in " + store.root()), e);
        } finally {
            lock.unlock();
        }
    }

    /** Writes the history line of a committed attempt whose bookkeeping was not finished, and ends its journal. */
    private void finishCommitted(Journal j) throws IOException {
        boolean recorded = store.history().stream()
                .anyMatch(a -> a.generation() == j.to() && a.outcome() == Attempt.Outcome.COMMITTED);
        if (!recorded) {
            store.record(new Attempt(j.to(), Instant.now(), j.request(), j.changes(), Attempt.Outcome.COMMITTED, ""));
        }
        store.clearJournal(false);
        DurableFiles.deleteTree(store.transactionDirectory());
    }

    /**
     * Before an attempt overwrites the journal: the bookkeeping a committed attempt could not finish
     * (its history line) is finished now, or the request is refused saying why.
     */
    private void finishEarlierCommit(String cause) throws UpdateException {
        try {
            Optional<Journal> left = store.journal();
            if (left.isPresent() && store.currentNumber() >= left.get().to()) {
                finishCommitted(left.get());
            }
        } catch (IOException e) {
            throw new UpdateException("Cannot " + cause + ": the history of generation " + store.currentNumber()
                    + " in " + store.root() + " cannot be written (" + e.getMessage() + "); nothing was changed.", e);
        }
    }

    /**
     * Whether the journal's attempt did not crash but failed, and its restore did not finish: its history
     * line says so already, and the restart only finishes it.
     */
    private boolean restoreFailedBefore(Journal j) {
        try {
            List<Attempt> history = store.history();
            return history.stream().anyMatch(a -> a.outcome() == Attempt.Outcome.RESTORE_FAILED
                    && a.generation() == j.from() && a.request().equals(j.request()) && a.changes().equals(j.changes()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<ManagedBundle> describe(List<TargetBundle> target, Map<String, Bundle> installed) {
        List<ManagedBundle> bundles = new ArrayList<>();
        for (TargetBundle t : target) {
            Bundle b = installed.get(t.symbolicName());
            int level = b == null ? 0 : b.adapt(BundleStartLevel.class).getStartLevel();
            bundles.add(new ManagedBundle(t.symbolicName(), t.id().version().toString(), t.sha256(), t.location(),
                    level, t.started(), t.requested()));
        }
        return bundles;
    }

    /** Records an attempt whose outcome the caller tells itself; a history that cannot be written is only logged. */
    private void recordQuietly(Attempt attempt) {
        try {
            store.record(attempt);
        } catch (IOException | RuntimeException e) {
            log.warn("The history line for {} could not be written in {}: {}", attempt.request(), store.root(), e.getMessage());
        }
    }
}
